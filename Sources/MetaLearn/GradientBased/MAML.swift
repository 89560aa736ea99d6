import MetaTensor
import MetaNN

/// Model-Agnostic Meta-Learning (Finn, Abbeel & Levine, ICML 2017), its first-order
/// approximation, and ANIL (Raghu, Raghu, Bengio & Vinyals, ICLR 2020).
///
/// MAML learns an initialisation θ from which a few gradient steps on a new task's support
/// set give good predictions on its query set:
///
///     θ′ᵢ = θ − α ∇θ ℒ_support(f_θ)                      (inner step, per task)
///     θ  ← θ − β ∇θ Σᵢ ℒ_query(f_θ′ᵢ)                     (outer step, Adam)
///
/// The outer gradient flows through the inner step (second order: ∇θθ′ = I − α∇²θℒ).
/// First-order MAML treats ∇θℒ_support as a constant, so the meta-gradient is just the query
/// gradient at θ′. ANIL adapts only the head in the inner loop; the body is still meta-learned.
///
/// Batch norm uses the statistics of the batch at hand in both loops, as in the paper's code:
/// evaluation is transductive (the query set is normalised with its own statistics).
///
/// Hyper-parameters (paper, 5-way Omniglot): 1 inner step at α = 0.4, meta-batch 32, Adam β = 1e-3;
/// sine regression: α = 0.01, K = 10, meta-batch 25.
public struct MAML<Task: SupervisedTask>: GradientMetaLearner {
    /// The algorithm's hyper-parameters.
    public struct Configuration: Sendable {
        /// Inner steps during meta-training.
        public var innerSteps = 1
        /// Inner steps when adapting to a test task (nil: the same as in training).
        public var testInnerSteps: Int? = nil
        /// α.
        public var innerLearningRate: Float = 0.4
        /// β, Adam's learning rate in the outer loop.
        public var metaLearningRate: Float = 1e-3
        /// Drop the second-order term (first-order MAML).
        public var firstOrder = false
        /// Adapt only the head in the inner loop (ANIL).
        public var headOnly = false

        public init(innerSteps: Int = 1, testInnerSteps: Int? = nil, innerLearningRate: Float = 0.4,
                    metaLearningRate: Float = 1e-3, firstOrder: Bool = false, headOnly: Bool = false) {
            self.innerSteps = innerSteps
            self.testInnerSteps = testInnerSteps
            self.innerLearningRate = innerLearningRate
            self.metaLearningRate = metaLearningRate
            self.firstOrder = firstOrder
            self.headOnly = headOnly
        }
    }

    public let model: any Model
    public var configuration: Configuration
    /// θ, the learned initialisation.
    public var metaParameters: Parameters
    public var report = TrainingReport()

    /// A learner with freshly initialised θ.
    public init(model: any Model, configuration: Configuration = Configuration(), using generator: inout SeededGenerator) {
        self.model = model
        self.configuration = configuration
        metaParameters = model.initialParameters(using: &generator)
    }

    public var metaLearningRate: Float? { configuration.metaLearningRate }

    /// The inner loop with this configuration's settings.
    public func innerLoop(steps: Int? = nil) -> InnerLoop {
        InnerLoop(steps: steps ?? configuration.innerSteps, stepSize: .scalar(configuration.innerLearningRate),
                  secondOrder: !configuration.firstOrder,
                  adaptedNames: configuration.headOnly ? Set(model.headNames) : nil)
    }

    /// Query loss after the inner loop, and its gradient with respect to θ. First order takes
    /// the query gradient at θ′ itself (∇θθ′ ≈ I), so no backward pass crosses the inner step.
    public func outcome(on task: Task, metaParameters: Parameters) -> TaskOutcome {
        let theta = metaParameters.variables()
        let adapted = innerLoop().adapt(theta, model: model, on: task)
        let fast = configuration.firstOrder ? adapted.detached().variables() : adapted
        let prediction = model(task.queryInput, parameters: fast)
        let loss = task.queryLoss(prediction)
        return TaskOutcome(loss: loss.scalar, score: task.queryScore(prediction),
                           gradients: gradients(of: loss, wrt: (configuration.firstOrder ? fast : theta).tensors))
    }

    public func adapted(to task: Task) -> Parameters {
        var loop = innerLoop(steps: configuration.testInnerSteps ?? configuration.innerSteps)
        loop.secondOrder = false
        return loop.adapt(metaParameters, model: model, on: task).detached()
    }
}
