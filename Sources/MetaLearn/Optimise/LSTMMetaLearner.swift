import MetaTensor
import MetaNN

/// Optimization as a Model for Few-Shot Learning (Ravi & Larochelle, ICLR 2017): an LSTM
/// whose cell state is the learner's parameters, meta-learned to train a learner on a support
/// set in a few steps.
///
/// Gradient descent θₜ = θₜ₋₁ − αₜ∇ₜ looks like an LSTM cell update with forget gate 1 and
/// input gate αₜ. The meta-learner learns both gates, coordinate-wise (every parameter of the
/// learner is a row of the batch; the gate weights are shared):
///
///     iₜ = σ(W_I · [∇ₜ, ℒₜ, θₜ₋₁, iₜ₋₁] + b_I)        (learning rate)
///     fₜ = σ(W_F · [∇ₜ, ℒₜ, θₜ₋₁, fₜ₋₁] + b_F)        (shrinkage)
///     θₜ = cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ (−∇ₜ)
///
/// with ∇ₜ and ℒₜ (the support gradient and loss at θₜ₋₁) entering the gates through the
/// log-magnitude and sign preprocessing, and c₀ = θ₀, the learner's initialisation, meta-learned
/// too. After T steps on the support set the meta-loss is the query loss at θ_T, back-propagated
/// through the T steps into W, b and c₀; as in the paper the support gradients and losses are
/// treated as inputs (their second derivatives are dropped), and the meta-gradient is clipped.
///
/// Hyper-parameters (paper): b_F initialised in [4, 6] (remember), b_I in [−5, −4] (small steps),
/// gate weights near zero; Adam 1e-3 on the meta-learner; gradient clipping; Conv-4 learner with
/// batch norm (statistics of the batch at hand, as in MAML).
public struct LSTMMetaLearner<Task: SupervisedTask>: GradientMetaLearner {
    /// The algorithm's hyper-parameters.
    public struct Configuration: Sendable {
        /// T, learner updates on the support set.
        public var innerSteps = 5
        /// Adam's learning rate on the meta-learner and c₀.
        public var metaLearningRate: Float = 1e-3
        /// p of the input preprocessing.
        public var preprocessing: Float = 10
        /// b_F is drawn from this range (high: keep the parameters).
        public var forgetBias: ClosedRange<Float> = 4...5
        /// b_I is drawn from this range (low: small initial learning rates).
        public var inputBias: ClosedRange<Float> = -5 ... -4
        /// Each task's meta-gradient is clipped to this global norm.
        public var clipNorm: Float = 0.25

        /// The paper's settings unless given.
        public init(innerSteps: Int = 5, metaLearningRate: Float = 1e-3, preprocessing: Float = 10,
                    forgetBias: ClosedRange<Float> = 4...5, inputBias: ClosedRange<Float> = -5 ... -4, clipNorm: Float = 0.25) {
            self.innerSteps = innerSteps
            self.metaLearningRate = metaLearningRate
            self.preprocessing = preprocessing
            self.forgetBias = forgetBias
            self.inputBias = inputBias
            self.clipNorm = clipNorm
        }
    }

    /// The names of the gate parameters among `metaParameters`: W_I [1, 6], b_I [1], W_F, b_F.
    public static var gateNames: [String] {
        ["metalearner.input.weight", "metalearner.input.bias", "metalearner.forget.weight", "metalearner.forget.bias"]
    }

    /// The learner network.
    public let model: any Model
    /// The hyper-parameters.
    public var configuration: Configuration
    /// c₀ (the learner's initialisation, under the model's names) and the gate parameters.
    public var metaParameters: Parameters
    /// The meta-training curve.
    public var report = TrainingReport()

    /// A meta-learner with a fresh learner initialisation and the paper's gate initialisation.
    public init(model: any Model, configuration: Configuration = Configuration(), using generator: inout SeededGenerator) {
        precondition(configuration.innerSteps >= 1, "the LSTM meta-learner needs at least one inner step")
        self.model = model
        self.configuration = configuration
        let learner = model.initialParameters(using: &generator)
        precondition(!learner.names.contains { $0.hasPrefix("metalearner.") }, "model parameter names clash with the meta-learner's")
        func bias(_ range: ClosedRange<Float>) -> Tensor { Tensor(shape: [1], scalars: [generator.uniform(range.lowerBound, range.upperBound)]) }
        let gates: [(String, Tensor)] = [
            (Self.gateNames[0], Tensor.uniform([1, 6], low: -0.01, high: 0.01, using: &generator)), (Self.gateNames[1], bias(configuration.inputBias)),
            (Self.gateNames[2], Tensor.uniform([1, 6], low: -0.01, high: 0.01, using: &generator)), (Self.gateNames[3], bias(configuration.forgetBias)),
        ]
        metaParameters = Parameters(zip(learner.names, learner.tensors).map { ($0, $1) } + gates)
    }

    /// Adam on c₀ and the gates.
    public var metaLearningRate: Float? { configuration.metaLearningRate }

    /// The learner's parameters θ₀ = c₀ within a meta-parameter set.
    func initialisation(_ meta: Parameters) -> Parameters { meta.filter { !$0.hasPrefix("metalearner.") } }

    /// The cell-state trajectory on `task`'s support set: θ_T, and the gate values of each step
    /// (mean over coordinates) for inspection. Differentiable in `meta` when `meta` are variables.
    public func learn(_ task: Task, metaParameters meta: Parameters) -> (parameters: Parameters, inputGates: [Float], forgetGates: [Float]) {
        let theta0 = initialisation(meta)
        var cell = theta0.column  // [n, 1]
        let n = cell.shape[0]
        var input = Tensor(zeros: [n, 1]), forget = Tensor(zeros: [n, 1])
        var inputMeans: [Float] = [], forgetMeans: [Float] = []
        for _ in 0..<configuration.innerSteps {
            // ∇ₜ and ℒₜ at θₜ₋₁, as constants (the paper's first-order treatment).
            let probe = theta0.fromColumn(cell).detached().variables()
            let loss = task.supportLoss(model(task.supportInput, parameters: probe))
            let gradient = probe.with(tensors: gradients(of: loss, wrt: probe.tensors)).column
            let lossFeatures = logMagnitudeAndSign(Tensor(shape: [1, 1], scalars: [loss.scalar]), p: configuration.preprocessing)
            let shared = Tensor.concatenate([logMagnitudeAndSign(gradient, p: configuration.preprocessing),
                                             lossFeatures.expand(to: [n, 2]), cell], axis: 1)  // [n, 5]
            input = gate(Tensor.concatenate([shared, input], axis: 1), meta, "input")
            forget = gate(Tensor.concatenate([shared, forget], axis: 1), meta, "forget")
            cell = forget * cell - input * gradient
            inputMeans.append(input.mean().scalar)
            forgetMeans.append(forget.mean().scalar)
        }
        return (theta0.fromColumn(cell), inputMeans, forgetMeans)
    }

    /// σ(x · Wᵀ + b) for gate inputs x [n, 6].
    private func gate(_ x: Tensor, _ meta: Parameters, _ name: String) -> Tensor {
        Layers.linear(x, weight: meta["metalearner.\(name).weight"], bias: meta["metalearner.\(name).bias"]).sigmoid()
    }

    /// The query loss at θ_T and its gradient with respect to c₀ and the gates, clipped.
    public func outcome(on task: Task, metaParameters: Parameters) -> TaskOutcome {
        let meta = metaParameters.variables()
        let prediction = model(task.queryInput, parameters: learn(task, metaParameters: meta).parameters)
        let loss = task.queryLoss(prediction)
        let grads = gradients(of: loss, wrt: meta.tensors)
        return TaskOutcome(loss: loss.scalar, score: task.queryScore(prediction),
                           gradients: clippedByGlobalNorm(grads, maxNorm: configuration.clipNorm))
    }

    /// θ_T on `task`'s support set, without a graph, for evaluation.
    public func adapted(to task: Task) -> Parameters {
        learn(task, metaParameters: metaParameters.detached()).parameters.detached()
    }
}
