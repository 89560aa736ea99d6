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
    /// How the outer loop moves the meta-parameters.
    var outerUpdate: OuterUpdate { get }
    /// One task's contribution to the outer update, computed from the given meta-parameters.
    func outcome(on task: Task, metaParameters: Parameters) -> TaskOutcome
    /// The network's parameters adapted to `task` (no graph kept), for evaluation.
    func adapted(to task: Task) -> Parameters
}

/// The outer loop's update rule.
public enum OuterUpdate: Sendable {
    /// Adam on the summed meta-gradient (MAML, ANIL, Meta-SGD).
    case adam(learningRate: Float)
    /// Reptile's θ ← θ − ε·mean(θ − θ′ᵢ), with ε annealed linearly from `initial` to `final`.
    case interpolation(initial: Float, final: Float)
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
    /// Runs the outer loop. On a non-finite loss or gradient it throws `TrainingError.diverged`
    /// and keeps the last good meta-parameters; a stop request (Ctrl-C) ends it early, keeping
    /// what was learned and marking the report interrupted.
    public mutating func train(schedule: MetaTrainingSchedule, tasks: TaskSampler<Task>,
                               validation: TaskSampler<Task>? = nil, hooks: TrainingHooks = .silent,
                               using generator: inout SeededGenerator) throws {
        var adam = makeOuterOptimizer()
        let start = monotonicSeconds(), firstIteration = (report.points.last?.iteration ?? 0) + 1
        var best: (score: Float, parameters: Parameters)? = nil
        defer {
            if let best, schedule.keepBest { metaParameters = best.parameters }
            report.seconds += monotonicSeconds() - start
        }
        for step in 0..<schedule.iterations {
            if hooks.shouldStop() { report.interrupted = true; return }
            if let limit = schedule.timeLimit, monotonicSeconds() - start > limit { return }
            let iteration = firstIteration + step
            let batch = try (0..<schedule.metaBatch).map { _ in try tasks(&generator) }
            let progress = Float(step) / Float(max(schedule.iterations - 1, 1))
            let (loss, score) = try metaStep(on: batch, iteration: iteration, progress: progress, optimizer: &adam)
            var validationScore: Float? = nil
            if let validation, schedule.validationInterval > 0, iteration % schedule.validationInterval == 0 {
                var validationGenerator = SeededGenerator(seed: 0x5EED)
                validationScore = Float(evaluate(tasks: validation, count: schedule.validationTasks, using: &validationGenerator).mean)
                if let score = validationScore,
                   best.map({ Task.higherIsBetter ? score > $0.score : score < $0.score }) ?? true {
                    best = (score, metaParameters)
                }
            }
            let point = TrainingPoint(iteration: iteration, loss: loss, accuracy: Task.higherIsBetter ? score : nil,
                                      validation: validationScore, seconds: report.seconds + monotonicSeconds() - start)
            report.points.append(point)
            hooks.report(point, schedule.iterations)
        }
    }

    /// One outer update from a meta-batch: the tasks' outcomes on all cores, summed in task
    /// order, checked for divergence (throwing before anything changes), then applied.
    /// `progress` in [0, 1] anneals Reptile's ε; `optimizer` carries Adam's state between steps.
    public mutating func metaStep(on batch: [Task], iteration: Int, progress: Float, optimizer adam: inout Adam) throws -> (loss: Float, score: Float) {
        let learner = self, theta = metaParameters
        let outcomes = MetaBatch.run(batch.count) { learner.outcome(on: batch[$0], metaParameters: theta) }
        let (summed, loss, score) = MetaBatch.reduce(outcomes)
        try requireFinite(loss, gradients: summed, iteration: iteration, hint: divergenceHint)
        let mean = summed.map { $0 * (1 / Float(batch.count)) }
        switch outerUpdate {
        case .adam:
            adam.step(&metaParameters, gradients: mean)
        case let .interpolation(initial, final):
            var sgd = SGD(learningRate: initial + (final - initial) * progress)
            sgd.step(&metaParameters, gradients: mean)
        }
        return (loss, score)
    }

    /// A fresh outer-loop optimizer for this learner (Adam at its meta learning rate).
    public func makeOuterOptimizer() -> Adam {
        if case .adam(let rate) = outerUpdate { return Adam(learningRate: rate) }
        return Adam(learningRate: 1e-3)
    }

    /// The query score after adaptation, mean ± 95% CI over `count` tasks (run on all cores),
    /// tested as `inference` says (inductive unless told).
    public func evaluate(tasks: TaskSampler<Task>, count: Int, inference: Inference = .inductive,
                         using generator: inout SeededGenerator) -> MeanEstimate {
        let batch = (0..<count).compactMap { _ in try? tasks(&generator) }
        let learner = self
        let scores = MetaBatch.run(batch.count) { index in
            let task = batch[index]
            return TaskOutcome(loss: 0, score: task.queryScore(learner.queryOutputs(for: task, inference: inference)), gradients: [])
        }
        return MeanEstimate(scores.map { Double($0.score) })
    }

    /// The network's outputs for `task`'s queries after adapting to its support set; inductive
    /// normalises each query with the support set's statistics at the adapted weights.
    public func queryOutputs(for task: Task, inference: Inference = .inductive) -> Tensor {
        inference.outputs(of: model, query: task.queryInput, support: task.supportInput, parameters: adapted(to: task))
    }

    private var divergenceHint: String {
        switch outerUpdate {
        case .adam: return "inner-lr (inner learning rate) or outer-lr"
        case .interpolation: return "inner-lr or epsilon"
        }
    }
}
