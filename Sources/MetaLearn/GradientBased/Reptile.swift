import MetaTensor
import MetaNN

/// Reptile (Nichol, Achiam & Schulman, 2018): a first-order meta-learner with no second
/// derivatives and no query split in training.
///
/// For each task, train from θ with k ordinary steps (SGD or Adam) to θ′ᵢ, then move θ part
/// of the way towards the adapted weights:
///
///     θ ← θ + ε · meanᵢ(θ′ᵢ − θ),   ε annealed linearly to 0.
///
/// With k > 1 the expected update contains the same gradient-alignment term as MAML's
/// meta-gradient (it favours θ where the gradients of different batches agree).
/// Hyper-parameters (paper, Omniglot): k = 5 inner steps (Adam, lr 1e-3, β₁ = 0),
/// outer ε = 1 annealed to 0, meta-batch 5.
public struct Reptile<Task: SupervisedTask>: GradientMetaLearner {
    /// The algorithm's hyper-parameters.
    public struct Configuration: Sendable {
        /// k: inner steps during meta-training.
        public var innerSteps = 5
        /// Inner steps when adapting to a test task (nil: the same).
        public var testInnerSteps: Int? = nil
        public var innerLearningRate: Float = 1e-3
        /// Use Adam (β₁ = 0, as in the paper) for the inner steps; SGD otherwise.
        public var innerAdam = true
        /// ε at the first and last outer iteration.
        public var initialEpsilon: Float = 1.0
        public var finalEpsilon: Float = 0
        /// Train on each training task's support and query examples together (more shots per task).
        public var trainOnQuery = true

        public init(innerSteps: Int = 5, testInnerSteps: Int? = nil, innerLearningRate: Float = 1e-3, innerAdam: Bool = true,
                    initialEpsilon: Float = 1.0, finalEpsilon: Float = 0, trainOnQuery: Bool = true) {
            self.innerSteps = innerSteps
            self.testInnerSteps = testInnerSteps
            self.innerLearningRate = innerLearningRate
            self.innerAdam = innerAdam
            self.initialEpsilon = initialEpsilon
            self.finalEpsilon = finalEpsilon
            self.trainOnQuery = trainOnQuery
        }
    }

    public let model: any Model
    public var configuration: Configuration
    /// θ.
    public var metaParameters: Parameters
    public var report = TrainingReport()

    public init(model: any Model, configuration: Configuration = Configuration(), using generator: inout SeededGenerator) {
        self.model = model
        self.configuration = configuration
        metaParameters = model.initialParameters(using: &generator)
    }

    /// Reptile makes its own outer update: no Adam.
    public var metaLearningRate: Float? { nil }

    /// θ ← lerp(θ, meanᵢ θ′ᵢ, ε) = θ + ε · (meanᵢ θ′ᵢ − θ), with ε annealed linearly from
    /// `initialEpsilon` to `finalEpsilon` as `progress` goes from 0 to 1. `mean` is
    /// meanᵢ(θ − θ′ᵢ), so meanᵢ θ′ᵢ = θ − mean.
    public mutating func applyOuterUpdate(_ mean: [Tensor], progress: Float, optimizer: inout Adam?) {
        let epsilon = configuration.initialEpsilon + (configuration.finalEpsilon - configuration.initialEpsilon) * progress
        let adapted = metaParameters - metaParameters.with(tensors: mean)
        metaParameters = metaParameters.lerp(to: adapted, epsilon)
    }

    public var divergenceHint: String { "inner-lr or epsilon" }

    /// θ′: `steps` plain training steps on the support set from `theta` (no graph).
    public func train(_ theta: Parameters, on task: Task, steps: Int) -> (parameters: Parameters, loss: Float) {
        var fast = theta.detached()
        var optimizer: any Optimizer = configuration.innerAdam
            ? Adam(learningRate: configuration.innerLearningRate, beta1: 0)
            : SGD(learningRate: configuration.innerLearningRate)
        var lastLoss: Float = .nan
        for _ in 0..<steps {
            let variables = fast.variables()
            let loss = task.supportLoss(model(task.supportInput, parameters: variables))
            lastLoss = loss.scalar
            optimizer.step(&fast, gradients: gradients(of: loss, wrt: variables.tensors))
        }
        return (fast, lastLoss)
    }

    /// The "Reptile gradient" θ − θ′ (the outer loop steps against it with rate ε). Training
    /// tasks are learned from all their examples, support and query together.
    public func outcome(on task: Task, metaParameters: Parameters) -> TaskOutcome {
        let (fast, loss) = train(metaParameters, on: configuration.trainOnQuery ? task.pooled() : task, steps: configuration.innerSteps)
        let score = task.queryScore(model(task.queryInput, parameters: fast))
        return TaskOutcome(loss: loss, score: score, gradients: (metaParameters - fast).tensors)
    }

    public func adapted(to task: Task) -> Parameters {
        train(metaParameters, on: task, steps: configuration.testInnerSteps ?? configuration.innerSteps).parameters
    }
}
