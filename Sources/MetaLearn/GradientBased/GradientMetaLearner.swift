import MetaTensor
import MetaNN

/// What the gradient-based meta-learners have in common: meta-parameters improved by an outer
/// loop over batches of tasks, and a way to adapt to one task for evaluation.
public protocol GradientMetaLearner: Sendable {
    associatedtype Task: SupervisedTask
    /// The network the parameters belong to.
    var model: any Model { get }
    /// Everything the outer loop updates (θ, and α for Meta-SGD).
    var metaParameters: Parameters { get set }
    /// The training curve so far.
    var report: TrainingReport { get set }
    /// Adam's learning rate in the outer loop, or nil for a learner that makes its own outer
    /// update (Reptile).
    var metaLearningRate: Float? { get }
    /// Moves the meta-parameters by the meta-batch's mean outcome `mean`; `progress` in [0, 1]
    /// is the fraction of training done. The default is an Adam step on the meta-gradient.
    mutating func applyOuterUpdate(_ mean: [Tensor], progress: Float, optimizer: inout Adam?)
    /// What to lower when training diverges, for the error message.
    var divergenceHint: String { get }
    /// One task's contribution to the outer update, computed from the given meta-parameters.
    func outcome(on task: Task, metaParameters: Parameters) -> TaskOutcome
    /// The network's parameters adapted to `task` (no graph kept), for evaluation.
    func adapted(to task: Task) -> Parameters
}

/// How long and how often the outer loop runs.
public struct MetaTrainingSchedule: Sendable {
    /// Outer iterations.
    public var iterations: Int
    /// Tasks per outer iteration.
    public var metaBatch: Int
    /// Stop after this many seconds, whatever the iteration (nil: no limit).
    public var timeLimit: Double?
    /// Validate every this many iterations (0: never).
    public var validationInterval: Int
    /// Validation tasks per check.
    public var validationTasks: Int
    /// Keep the meta-parameters with the best validation score instead of the last ones.
    public var keepBest: Bool

    public init(iterations: Int, metaBatch: Int, timeLimit: Double? = nil, validationInterval: Int = 0,
                validationTasks: Int = 100, keepBest: Bool = false) {
        self.iterations = iterations
        self.metaBatch = metaBatch
        self.timeLimit = timeLimit
        self.validationInterval = validationInterval
        self.validationTasks = validationTasks
        self.keepBest = keepBest
    }
}

extension GradientMetaLearner {
    public mutating func applyOuterUpdate(_ mean: [Tensor], progress: Float, optimizer: inout Adam?) {
        guard optimizer != nil else { preconditionFailure("\(Self.self) steps with Adam but was given no optimizer") }
        optimizer!.step(&metaParameters, gradients: mean)
    }

    public var divergenceHint: String { "inner-lr (inner learning rate) or outer-lr" }

    /// Runs the outer loop. On a non-finite loss or gradient it throws `TrainingError.diverged`
    /// and keeps the last good meta-parameters; a stop request (Ctrl-C) ends it early, keeping
    /// what was learned and marking the report interrupted.
    public mutating func train(schedule: MetaTrainingSchedule, tasks: TaskSampler<Task>,
                               validation: TaskSampler<Task>? = nil, hooks: TrainingHooks = .silent,
                               using generator: inout SeededGenerator) throws {
        var adam = makeOuterOptimizer()
        let loop = TrainingLoop(iterations: schedule.iterations, timeLimit: schedule.timeLimit,
                                validationInterval: validation == nil ? 0 : schedule.validationInterval,
                                keepBest: schedule.keepBest, higherIsBetter: Task.higherIsBetter)
        var report = self.report
        defer { self.report = report }
        try loop.run(report: &report, hooks: hooks, step: { index, iteration in
            let batch = try (0..<schedule.metaBatch).map { _ in try tasks(&generator) }
            let progress = Float(index) / Float(max(schedule.iterations - 1, 1))
            let (loss, score) = try metaStep(on: batch, iteration: iteration, progress: progress, optimizer: &adam)
            return (loss, Task.higherIsBetter ? score : nil)
        }, validate: {
            guard let validation else { return .nan }
            var validationGenerator = SeededGenerator(seed: 0x5EED)
            return Float(evaluate(tasks: validation, count: schedule.validationTasks, using: &validationGenerator).mean)
        }, snapshot: { metaParameters }, restore: { metaParameters = $0 })
    }

    /// One outer update from a meta-batch: the tasks' outcomes on all cores, summed in task
    /// order, checked for divergence (throwing before anything changes), then applied.
    /// `progress` in [0, 1] anneals Reptile's ε; `optimizer` carries Adam's state between steps.
    public mutating func metaStep(on batch: [Task], iteration: Int, progress: Float, optimizer: inout Adam?) throws -> (loss: Float, score: Float) {
        let learner = self, theta = metaParameters
        let outcomes = parallelMap(batch.count) { learner.outcome(on: batch[$0], metaParameters: theta) }
        let (summed, loss, score) = MetaBatch.reduce(outcomes)
        try requireFinite(loss, gradients: summed, iteration: iteration, hint: divergenceHint)
        let mean = summed.map { $0 * (1 / Float(batch.count)) }
        applyOuterUpdate(mean, progress: progress, optimizer: &optimizer)
        return (loss, score)
    }

    /// A fresh outer-loop optimizer for this learner (Adam at its meta learning rate), or nil
    /// for a learner that makes its own outer update.
    public func makeOuterOptimizer() -> Adam? {
        metaLearningRate.map { Adam(learningRate: $0) }
    }

    /// The query score after adaptation, mean ± 95% CI over `count` tasks (run on all cores).
    public func evaluate(tasks: TaskSampler<Task>, count: Int, using generator: inout SeededGenerator) -> MeanEstimate {
        let batch = (0..<count).compactMap { _ in try? tasks(&generator) }
        let learner = self
        let scores = parallelMap(batch.count) { index in
            let task = batch[index]
            return Double(task.queryScore(learner.model(task.queryInput, parameters: learner.adapted(to: task))))
        }
        return MeanEstimate(scores)
    }
}
