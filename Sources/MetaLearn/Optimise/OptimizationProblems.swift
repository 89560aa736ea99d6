import MetaTensor
import MetaNN

/// A function to minimise, as a learned optimizer sees it: a starting point θ₀ and a loss
/// f(θ) that may depend on the step (a different mini-batch at each step).
public protocol OptimizationProblem: Sendable {
    /// θ₀, where optimisation starts.
    var initialParameters: Parameters { get }
    /// f(θ) at optimisation step `step` (0 for θ₀), written in differentiable ops.
    func loss(_ parameters: Parameters, step: Int) -> Tensor
}

/// A random quadratic f(θ) = ‖Wθ − y‖², W [d, d] and y [d] standard normal, θ₀ standard normal:
/// the first task family of Andrychowicz et al. (2016), with d = 10.
public struct QuadraticProblem: OptimizationProblem {
    /// W [d, d].
    public let weight: Tensor
    /// y [d, 1].
    public let target: Tensor
    /// θ₀ (`theta` [d, 1]).
    public let initialParameters: Parameters

    /// A random d-dimensional problem drawn from `generator`.
    public init(dimension: Int = 10, using generator: inout SeededGenerator) {
        weight = Tensor.normal([dimension, dimension], using: &generator)
        target = Tensor.normal([dimension, 1], using: &generator)
        initialParameters = Parameters([("theta", Tensor.normal([dimension, 1], using: &generator))])
    }

    /// ‖Wθ − y‖².
    public func loss(_ parameters: Parameters, step: Int) -> Tensor {
        let residual = weight.matmul(parameters["theta"]) - target  // [d, 1]
        return (residual * residual).sum()
    }

    /// A sampler of independent problems of one dimension.
    public static func sampler(dimension: Int = 10) -> TaskSampler<QuadraticProblem> {
        { generator in QuadraticProblem(dimension: dimension, using: &generator) }
    }
}

/// Training a small network by its cross-entropy on labelled inputs, one mini-batch per step
/// (consecutive slices of the data, cycling): the second task family, as the paper's MNIST MLP.
public struct ClassifierTrainingProblem: OptimizationProblem {
    /// The network being trained.
    public let model: any Model
    /// Its freshly initialised weights.
    public let initialParameters: Parameters
    /// Inputs [N, …] in the shape the model expects.
    public let inputs: Tensor
    /// The class of each input.
    public let labels: [Int]
    /// Examples per step; nil for the whole set at every step.
    public let batchSize: Int?

    /// A problem with freshly initialised weights; with mini-batches, the examples are
    /// shuffled once so that each batch mixes classes.
    public init(model: any Model, inputs: Tensor, labels: [Int], batchSize: Int? = nil, using generator: inout SeededGenerator) {
        precondition(inputs.shape[0] == labels.count, "\(inputs.shape[0]) inputs for \(labels.count) labels")
        precondition(batchSize.map { $0 >= 1 && $0 <= labels.count } ?? true, "batch size \(batchSize!) for \(labels.count) examples")
        self.model = model
        let order = batchSize == nil ? Array(labels.indices) : labels.indices.shuffled(using: &generator)
        self.inputs = batchSize == nil ? inputs : Tensor.concatenate(order.map { inputs.slice(axis: 0, $0..<($0 + 1)) }, axis: 0)
        self.labels = order.map { labels[$0] }
        self.batchSize = batchSize
        initialParameters = model.initialParameters(using: &generator)
    }

    /// The few-shot task's support set as a problem: train `model` on it from scratch.
    /// Images are flattened when the model is an MLP (a rank-2 input).
    public init(model: any Model, task: ClassificationTask, flatten: Bool, batchSize: Int? = nil,
                using generator: inout SeededGenerator) {
        let images = task.support
        let inputs = flatten ? images.reshaped([images.shape[0], images.count / images.shape[0]]) : images
        self.init(model: model, inputs: inputs, labels: task.supportLabels, batchSize: batchSize, using: &generator)
    }

    /// Cross-entropy on step `step`'s mini-batch (or on all examples).
    public func loss(_ parameters: Parameters, step: Int) -> Tensor {
        guard let size = batchSize else { return model(inputs, parameters: parameters).crossEntropy(labels: labels) }
        let start = (step % (labels.count / size)) * size
        let batch = inputs.slice(axis: 0, start..<(start + size))
        return model(batch, parameters: parameters).crossEntropy(labels: Array(labels[start..<(start + size)]))
    }
}
