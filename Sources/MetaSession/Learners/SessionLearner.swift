import MetaTensor
import MetaNN
import MetaLearn
import MetaData

/// What `train` asked for: how long a training run goes and how it is validated, the tasks
/// per step, and the data the learners that draw their own episodes need.
struct TrainingPlan: Sendable {
    var iterations: Int
    var metaBatch: Int
    var validationInterval: Int = 0
    var validationTasks: Int = 50
    /// The training classes, for learners that draw their own episodes from them.
    var classes: (any ClassDataset)?
    /// The training episodes' shape.
    var shape: EpisodeShape
    /// Seeds the learners that draw their own episodes.
    var seed: UInt64

    /// The schedule the learners train on (`TrainingLoop`, MetaLearn's one schedule type).
    var schedule: TrainingLoop {
        TrainingLoop(iterations: iterations, validationInterval: validationInterval, validationTasks: validationTasks)
    }
}

/// What the session needs from any learner, whatever its family: training, scoring one task,
/// and the views the commands offer (adaptation steps, meta-gradients, learned step sizes).
/// Each algorithm family implements it once, in a small adapter.
protocol SessionLearner: Sendable {
    /// The network.
    var model: any Model { get }
    /// The network's weights (θ), for filters, embeddings and explanations.
    var weights: Parameters { get }
    /// Everything the learner learned (θ, and e.g. Meta-SGD's α), as saved in a checkpoint.
    var checkpoint: Parameters { get }
    /// Puts saved tensors back (names and shapes already checked against `checkpoint`).
    mutating func restore(_ checkpoint: Parameters)
    /// The training curve so far, with batch norm's running averages (`report.running`) for
    /// Conv-4 learners: which batches feed them is the learner family's `trainingBatchStatistics`
    /// (gradient-based: the query pass of a meta-training task; metric: a training episode;
    /// transfer: a pre-training batch), every 10th step.
    var report: TrainingReport { get }
    /// Trains on `tasks`; throws `TrainingError.diverged` keeping the last good weights.
    mutating func train(_ plan: TrainingPlan, tasks: TaskStream, validation: TaskStream?, hooks: TrainingHooks,
                        using generator: inout SeededGenerator) throws
    /// The query score (accuracy or MSE) on one task after adapting to its support set,
    /// tested as `inference` says.
    func score(on task: AnyTask, inference: Inference) -> Float
    /// The predicted label of each query image, after adapting to the support set.
    func predictions(for task: ClassificationTask, inference: Inference) -> [Int]
    /// θ₀ … θₙ: the weights after 0 … `steps` adaptation steps on the task's support set;
    /// nil for learners that do not adapt by steps.
    func adaptationPath(on task: AnyTask, steps: Int) -> [Parameters]?
    /// The meta-loss on one task and its gradient with respect to `checkpoint`-shaped
    /// parameters; nil when the update is not a gradient (Reptile).
    func metaGradient(on task: AnyTask, at parameters: Parameters) -> (loss: Float, gradients: [Tensor])?
    /// Learned per-parameter step sizes (Meta-SGD), if any.
    var learnedRates: Parameters? { get }
    /// The training loss of one episode, its query accuracy and the loss gradient's norm,
    /// for learners trained one episode at a time (nil for the others).
    func episodeLoss(on task: ClassificationTask) -> (loss: Float, accuracy: Float, gradientNorm: Float)?
    /// A test of the learner's own in place of scoring episodes (the learned optimizer against
    /// SGD and Adam on held-out problems), kept in the learner; nil for learners tested on episodes.
    mutating func ownTest(count: Int, seed: UInt64) -> OwnTest?
    /// The learner as the Omniglot challenge drives it (`metaBatch` tasks per step), or nil
    /// for learners that cannot take part.
    func challengeLearner(name: String, metaBatch: Int) -> (any ChallengeLearner)?
}

/// The outcome of a learner's own test: the values to keep under the result, and the lines to print.
struct OwnTest {
    /// Dotted paths (`test.learned.final`) and their values.
    var values: [(path: String, value: Double)]
    /// A summary for the console.
    var lines: [String]
    /// Per-task scores, when the test has them, so that `paired` can compare two such tests:
    /// the score's name, one score per task in order, and which tasks (equal for the same tasks).
    var taskScores: (score: String, scores: [Double], tasks: String)? = nil
}

extension SessionLearner {
    /// The predicted labels, tested inductively (the default everywhere).
    func predictions(for task: ClassificationTask) -> [Int] { predictions(for: task, inference: .inductive) }
    func adaptationPath(on task: AnyTask, steps: Int) -> [Parameters]? { nil }
    func metaGradient(on task: AnyTask, at parameters: Parameters) -> (loss: Float, gradients: [Tensor])? { nil }
    var learnedRates: Parameters? { nil }
    func episodeLoss(on task: ClassificationTask) -> (loss: Float, accuracy: Float, gradientNorm: Float)? { nil }
    mutating func ownTest(count: Int, seed: UInt64) -> OwnTest? { nil }
    func challengeLearner(name: String, metaBatch: Int) -> (any ChallengeLearner)? { nil }
}
