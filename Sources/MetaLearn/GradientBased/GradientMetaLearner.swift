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

extension GradientMetaLearner {
    public mutating func applyOuterUpdate(_ mean: [Tensor], progress: Float, optimizer: inout Adam?) {
        guard optimizer != nil else { preconditionFailure("\(Self.self) steps with Adam but was given no optimizer") }
        optimizer!.step(&metaParameters, gradients: mean)
    }

    public var divergenceHint: String { "inner-lr (inner learning rate) or outer-lr" }

    /// Runs the outer loop on `schedule`, `metaBatch` tasks per step. On a non-finite loss or
    /// gradient it throws `TrainingError.diverged` and keeps the last good meta-parameters; a
    /// stop request (Ctrl-C) ends it early, keeping what was learned and marking the report
    /// interrupted. Batch norm's running averages (`report.running`, Conv-4 only) are fed with
    /// the first task of every `schedule.runningStatisticsEvery`-th meta-batch, as
    /// `trainingBatchStatistics` says.
    public mutating func train(schedule: TrainingLoop, metaBatch: Int, tasks: TaskSampler<Task>,
                               validation: TaskSampler<Task>? = nil, hooks: TrainingHooks = .silent,
                               using generator: inout SeededGenerator) throws {
        var adam = makeOuterOptimizer()
        var loop = schedule
        if validation == nil { (loop.validationInterval, loop.validationSeconds) = (0, nil) }
        var report = self.report
        defer { self.report = report }
        var trained: Task? = nil
        try loop.run(report: &report, hooks: hooks, step: { index, iteration in
            let batch = try (0..<metaBatch).map { _ in try tasks(&generator) }
            trained = batch.first
            let progress = Float(index) / Float(max(schedule.iterations - 1, 1))
            let (loss, score) = try metaStep(on: batch, iteration: iteration, progress: progress, optimizer: &adam)
            return (loss, Task.higherIsBetter ? score : nil)
        }, batchStatistics: {
            trained.flatMap { trainingBatchStatistics($0) }
        }, validate: {
            guard let validation else { return .nan }
            var validationGenerator = SeededGenerator(seed: 0x5EED)
            return Float(try evaluate(tasks: validation, count: schedule.validationTasks, using: &validationGenerator).mean)
        }, higherIsBetter: Task.higherIsBetter, snapshot: { metaParameters }, restore: { metaParameters = $0 })
    }

    /// What feeds batch norm's running averages for one meta-training task: the query pass,
    /// its query images normalised at the weights adapted to its support set (`adapted(to:)`,
    /// the adaptation used in testing). Nil for networks without batch norm.
    public func trainingBatchStatistics(_ task: Task) -> [ChannelStatistics]? {
        guard model is Conv4 else { return nil }
        return model.batchStatistics(of: task.queryInput, parameters: adapted(to: task))
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

    /// The query score after adaptation, mean ± 95% CI over `count` tasks (run on all cores by
    /// `Evaluation.run`), tested as `inference` says (inductive unless told).
    public func evaluate(tasks: TaskSampler<Task>, count: Int, inference: Inference = .inductive,
                         using generator: inout SeededGenerator) throws -> MeanEstimate {
        let learner = self
        return MeanEstimate(try Evaluation.run(count: count, using: &generator, sample: tasks, score: { task in
            Double(task.queryScore(learner.queryOutputs(for: task, inference: inference)))
        }).scores)
    }

    /// The network's outputs for `task`'s queries after adapting to its support set; inductive
    /// normalises each query with the support set's statistics at the adapted weights.
    public func queryOutputs(for task: Task, inference: Inference = .inductive) -> Tensor {
        inference.outputs(of: model, query: task.queryInput, support: task.supportInput, parameters: adapted(to: task))
    }
}
