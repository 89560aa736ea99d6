import MetaTensor
import MetaNN
import MetaLearn

/// The hyper-parameters `train` can set; each algorithm reads the ones it uses.
struct HyperParameters: Sendable, Equatable {
    /// α: the inner-loop step size (Meta-SGD: the centre of its initial step sizes).
    var innerLearningRate: Double
    /// β (Adam's rate in the outer loop), or Reptile's initial ε.
    var outerLearningRate: Double
    /// Adaptation steps during meta-training.
    var innerSteps: Int
    /// Adaptation steps at test time (nil: as in training).
    var testSteps: Int?
    /// Tasks per outer update.
    var metaBatch: Int
    /// Drop second-order terms.
    var firstOrder = false
    /// Meta-SGD: the range its initial step sizes are drawn from (nil: α/10 … 2α).
    var initialRates: ClosedRange<Double>? = nil
    /// Fine-tuning: backbone blocks tuned besides the head, counted from the last (nil: all).
    var tunedBlocks: Int? = nil
}

/// One hyper-parameter as it is shown: option name, symbol, and how to read it off.
struct HyperKnob: Sendable {
    let option: String
    let symbol: String
    let meaning: String
    let value: @Sendable (HyperParameters) -> Double?

    static let innerLearningRate = HyperKnob(option: "inner-lr", symbol: "α", meaning: "inner step size") { $0.innerLearningRate }
    static let outerLearningRate = HyperKnob(option: "outer-lr", symbol: "β", meaning: "meta learning rate (Adam)") { $0.outerLearningRate }
    static let epsilon = HyperKnob(option: "outer-lr", symbol: "ε", meaning: "outer step, annealed to 0") { $0.outerLearningRate }
    static let innerSteps = HyperKnob(option: "inner-steps", symbol: "k", meaning: "adaptation steps") { Double($0.innerSteps) }
    static let testSteps = HyperKnob(option: "test-steps", symbol: "k_test", meaning: "adaptation steps at test time") {
        Double($0.testSteps ?? $0.innerSteps)
    }
    static let metaBatch = HyperKnob(option: "meta-batch", symbol: "B", meaning: "tasks per meta-update") { Double($0.metaBatch) }
}

/// Everything a learner is built from.
struct LearnerSetup: Sendable {
    /// Classification or regression.
    var kind: TaskKind
    /// The network choice (built with or without a classification head).
    var network: NetworkChoice
    /// Classes per episode (the head's width).
    var ways: Int
    /// The hyper-parameters, defaults filled in.
    var hyper: HyperParameters
    /// Classes in the training split (0 when unknown), for learners that pre-train a head over them.
    var trainingClasses = 0

    /// The network with an output per class (or per regression target).
    var model: any Model { network.model(outputs: kind == .classification ? ways : 1) }
}

/// How `explain` works through one task for an algorithm.
enum WorkedExample: Sendable {
    /// Losses and gradient norm around one inner step (MAML family).
    case innerStep
    /// The step θ′ − θ after k inner steps, and the outer move towards it (Reptile).
    case reptileStep
    /// The episode's loss and its gradient (metric learners: nothing adapts).
    case episodeLoss
    /// One step of a learned update rule θ′ = f ⊙ θ − i ⊙ ∇ (the LSTM meta-learner).
    case learnedStep
}

/// One algorithm as the session offers it: its name, card, defaults and how to build it.
///
/// How to add an algorithm: write it in `MetaLearn` (a `GradientMetaLearner`, an
/// `EpisodicLearner`, or a learner of its own behind a `SessionLearner` adapter), then add one
/// `Algorithm` entry to `AlgorithmRegistry.standard`. Everything else is derived from the
/// entry: `train`'s choices, `help`, Tab completion, `compare`, `sweep`, `explain`, `gradcheck`,
/// `show algorithms`, checkpoints, and (when `challenge` is set) `challenge --algo` and
/// `metalab challenge --algo`. An algorithm with tasks of its own (`ownTasks`) tests itself
/// with `SessionLearner.ownTest`.
struct Algorithm: Sendable {
    /// The command-line name (`maml`).
    let name: String
    /// The display title (`MAML (second order)`).
    let title: String
    /// The paper.
    let citation: String
    /// The task kinds it can learn.
    let kinds: [TaskKind]
    /// The hyper-parameters it uses, in the order its card shows them.
    let knobs: [HyperKnob]
    /// Its update rule, one LaTeX display formula per line.
    let formulas: [String]
    /// How `explain` walks through a task.
    let example: WorkedExample
    /// Whether the outer update is the gradient of a query loss (not Reptile's step, nor an
    /// ordinary training loss), so `gradcheck` can check it unless `gradcheckRefusal` says why not.
    let hasMetaGradient: Bool
    /// Whether the meta-gradient goes through the inner steps (their graphs are kept).
    var secondOrder = false
    /// The defaults for a task kind.
    let defaults: @Sendable (TaskKind) -> HyperParameters
    /// A learner with fresh weights.
    let make: @Sendable (LearnerSetup, inout SeededGenerator) -> any SessionLearner
    /// The network it trains when the user has not chosen one with `model` (nil: the data's standard one).
    var preferredNetwork: NetworkChoice? = nil
    /// Why `gradcheck` does not apply, when `hasMetaGradient` is false for a reason of its own.
    var gradcheckRefusal: String? = nil
    /// A gradient check of its own, run by `gradcheck` with a seed in place of the meta-gradient
    /// on a sine task (the SVM head: the solver's gradient and KKT residual).
    var ownGradientCheck: (@Sendable (UInt64) -> OwnTest)? = nil
    /// What it trains on when that is not the session's data (the learned optimizer's quadratics).
    var ownTasks: String? = nil
    /// Its hyper-parameters in the Omniglot challenge (20-way one-shot, `metaBatch` tasks per
    /// step), or nil when it does not take part.
    var challenge: HyperParameters? = nil
}
