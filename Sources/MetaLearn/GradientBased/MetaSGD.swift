import MetaTensor
import MetaNN

/// Meta-SGD (Li, Zhou, Chen & Li, 2017): MAML that also learns the inner learning rates.
///
/// Every parameter element gets its own step size α (same shapes as θ), and the inner step is
///
///     θ′ = θ − α ⊙ ∇θ ℒ_support(f_θ),
///
/// so both the direction and the size of adaptation are meta-learned: (θ, α) ← (θ, α) −
/// β ∇(θ,α) Σᵢ ℒ_query(f_θ′ᵢ). It shares MAML's inner loop; only the step size differs.
/// α starts uniform in a small range (the paper: [0.005, 0.1]).
public struct MetaSGD<Task: SupervisedTask>: GradientMetaLearner {
    /// The algorithm's hyper-parameters.
    public struct Configuration: Sendable {
        public var innerSteps = 1
        /// Range of the initial per-element step sizes α.
        public var initialRates: ClosedRange<Float> = 0.005...0.1
        public var metaLearningRate: Float = 1e-3
        public init(innerSteps: Int = 1, initialRates: ClosedRange<Float> = 0.005...0.1, metaLearningRate: Float = 1e-3) {
            self.innerSteps = innerSteps
            self.initialRates = initialRates
            self.metaLearningRate = metaLearningRate
        }
    }

    /// Prefix that marks a step-size tensor in `metaParameters`.
    static var ratePrefix: String { "lr." }

    public let model: any Model
    public var configuration: Configuration
    /// θ followed by α (named `lr.<name of θ>`).
    public var metaParameters: Parameters
    public var report = TrainingReport()

    public init(model: any Model, configuration: Configuration = Configuration(), using generator: inout SeededGenerator) {
        self.model = model
        self.configuration = configuration
        let theta = model.initialParameters(using: &generator)
        let rates = theta.names.map { name in
            (Self.ratePrefix + name, Tensor.uniform(theta[name].shape, low: configuration.initialRates.lowerBound,
                                                     high: configuration.initialRates.upperBound, using: &generator))
        }
        metaParameters = Parameters(zip(theta.names, theta.tensors).map { ($0.0, $0.1) } + rates)
    }

    public var metaLearningRate: Float? { configuration.metaLearningRate }

    /// θ alone.
    public var parameters: Parameters { Self.split(metaParameters).theta }
    /// α, named like θ.
    public var learningRates: Parameters { Self.split(metaParameters).alpha }

    static func split(_ all: Parameters) -> (theta: Parameters, alpha: Parameters) {
        let theta = all.filter { !$0.hasPrefix(ratePrefix) }
        let alpha = Parameters(all.names.indices.filter { all.names[$0].hasPrefix(ratePrefix) }
            .map { (String(all.names[$0].dropFirst(ratePrefix.count)), all.tensors[$0]) })
        return (theta, alpha)
    }

    func innerLoop(alpha: Parameters, secondOrder: Bool) -> InnerLoop {
        InnerLoop(steps: configuration.innerSteps, stepSize: .perParameter(alpha), secondOrder: secondOrder)
    }

    public func outcome(on task: Task, metaParameters: Parameters) -> TaskOutcome {
        let variables = metaParameters.variables()
        let (theta, alpha) = Self.split(variables)
        let fast = innerLoop(alpha: alpha, secondOrder: true).adapt(theta, model: model, on: task)
        let prediction = model(task.queryInput, parameters: fast)
        let loss = task.queryLoss(prediction)
        return TaskOutcome(loss: loss.scalar, score: task.queryScore(prediction),
                           gradients: gradients(of: loss, wrt: variables.tensors))
    }

    public func adapted(to task: Task) -> Parameters {
        let (theta, alpha) = Self.split(metaParameters)
        return innerLoop(alpha: alpha, secondOrder: false).adapt(theta, model: model, on: task).detached()
    }
}
