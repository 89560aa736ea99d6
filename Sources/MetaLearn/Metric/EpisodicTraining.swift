import MetaTensor
import MetaNN
import MetaData

/// How an episodic learner is trained: one episode per Adam step, with a step-decayed
/// learning rate, on `schedule` (iterations are episodes). Training episodes may have more ways
/// (and other shots or queries) than the test episodes: Prototypical Networks train 60-way for
/// 5-way tests.
public struct EpisodicTrainingConfiguration: Sendable {
    /// How long and how often: episodes (= Adam steps), time limit, validation, keep-best,
    /// running averages.
    public var schedule: TrainingLoop
    /// Adam's initial learning rate.
    public var learningRate: Float
    /// Multiply the learning rate by `decayFactor` every this many episodes (0: never).
    public var decayEvery: Int
    /// The step-decay factor (ProtoNets halve: 0.5).
    public var decayFactor: Float
    /// Ways, shots and queries of the training episodes.
    public var trainShape: EpisodeShape
    /// Seeds the draw of training episodes.
    public var seed: UInt64

    /// Settings for `schedule`; the defaults are ProtoNets' (Adam 1e-3, 5-way 1-shot 15 queries, no decay).
    public init(schedule: TrainingLoop, learningRate: Float = 1e-3, decayEvery: Int = 0, decayFactor: Float = 0.5,
                trainShape: EpisodeShape = EpisodeShape(ways: 5, shots: 1, queries: 15), seed: UInt64 = 1) {
        self.schedule = schedule
        self.learningRate = learningRate
        self.decayEvery = decayEvery
        self.decayFactor = decayFactor
        self.trainShape = trainShape
        self.seed = seed
    }

    /// The learning rate for episode `iteration` (counted from 1).
    public func learningRate(at iteration: Int) -> Float {
        guard decayEvery > 0 else { return learningRate }
        var rate = learningRate
        for _ in 0..<((iteration - 1) / decayEvery) { rate *= decayFactor }
        return rate
    }

    /// Throws `EpisodicSettingError` for a setting out of range.
    public func validate() throws(EpisodicSettingError) {
        func check(_ ok: Bool, _ name: String, _ value: Any, _ expected: String) throws(EpisodicSettingError) {
            if !ok { throw .invalid(name: name, value: "\(value)", expected: expected) }
        }
        try check(schedule.iterations >= 0, "iterations", schedule.iterations, "at least 0")
        try check(learningRate > 0 && learningRate.isFinite, "learning-rate", learningRate, "a positive number")
        try check(decayEvery >= 0, "decay-every", decayEvery, "at least 0 (0: no decay)")
        try check(decayFactor > 0 && decayFactor <= 1, "decay", decayFactor, "in (0, 1]")
        try check(schedule.validationInterval >= 0, "validation-interval", schedule.validationInterval, "at least 0 (0: never)")
        try check(schedule.validationTasks >= 1, "validation-tasks", schedule.validationTasks, "at least 1")
        try check(schedule.timeLimit.map { $0 > 0 } ?? true, "time-limit", schedule.timeLimit ?? 0, "a positive number of seconds")
    }
}

/// A training or learner setting a user gave out of range.
public enum EpisodicSettingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The setting `name` has `value`; `expected` says what is allowed.
    case invalid(name: String, value: String, expected: String)

    /// The error as one line of text.
    public var description: String {
        switch self {
        case let .invalid(name, value, expected): return "\(name)=\(value) is out of range: expected \(expected)"
        }
    }
}

extension EpisodicLearner {
    /// Trains on episodes of `configuration.trainShape` drawn from `classes` (the training
    /// split). Throws `EpisodicSettingError` for a bad setting, `DataError` when the classes
    /// cannot supply such episodes, and `TrainingError.diverged` on a non-finite loss or
    /// gradient (keeping the weights from before it). A stop request (Ctrl-C) ends training
    /// early, keeping what was learned and marking the report interrupted. Batch norm's running
    /// averages (`report.running`) are fed as `trainingBatchStatistics` says.
    public mutating func train(_ configuration: EpisodicTrainingConfiguration, classes: any ClassDataset,
                               validation: TaskSampler<ClassificationTask>? = nil, hooks: TrainingHooks = .silent) throws {
        try configuration.validate()
        let tasks = try EpisodeSampler(dataset: classes, shape: configuration.trainShape).taskSampler
        var generator = SeededGenerator(seed: configuration.seed)
        var optimizer = Adam(learningRate: configuration.learningRate)
        var loop = configuration.schedule
        if validation == nil { (loop.validationInterval, loop.validationSeconds) = (0, nil) }
        var report = self.report
        defer { self.report = report }
        var trained: ClassificationTask? = nil
        try loop.run(report: &report, hooks: hooks, step: { index, iteration in
            optimizer.learningRate = configuration.learningRate(at: index + 1)
            let task = try tasks(&generator)
            trained = task
            let (loss, accuracy) = try trainingStep(on: task, optimizer: &optimizer, iteration: iteration)
            return (loss, accuracy)
        }, batchStatistics: {
            trained.map { trainingBatchStatistics($0) }
        }, validate: {
            guard let validation else { return .nan }
            var validationGenerator = SeededGenerator(seed: 0x5EED)
            return Float(try evaluate(tasks: validation, count: configuration.schedule.validationTasks, using: &validationGenerator).mean)
        }, snapshot: { parameters }, restore: { parameters = $0 })
    }

    /// What feeds batch norm's running averages for one training episode: its support and
    /// query images as one batch — the batch training normalises — at the current weights.
    public func trainingBatchStatistics(_ task: ClassificationTask) -> [ChannelStatistics] {
        embedding.batchStatistics(of: Tensor.concatenate([task.support, task.query], axis: 0), parameters: parameters)
    }

    /// One episode's training loss and query accuracy at the current weights, and the norm of
    /// the loss's gradient (what one training step would follow), for worked examples.
    public func episodeLoss(on task: ClassificationTask) -> (loss: Float, accuracy: Float, gradientNorm: Float) {
        let variables = parameters.detached().variables()
        let (loss, accuracy) = self.loss(on: task, parameters: variables)
        return (loss.scalar, accuracy, gradientNorm(of: loss, wrt: variables))
    }

    /// One episode of training: forward, backward, and one optimizer step. Returns the
    /// episode's loss and query accuracy; on a non-finite loss or gradient it throws
    /// `TrainingError.diverged` and leaves the parameters as they were.
    public mutating func trainingStep(on task: ClassificationTask, optimizer: inout Adam, iteration: Int) throws -> (loss: Float, accuracy: Float) {
        let variables = parameters.variables()
        let (loss, trainAccuracy) = loss(on: task, parameters: variables)
        let grads = gradients(of: loss, wrt: variables.tensors)
        try requireFinite(loss.scalar, gradients: grads, iteration: iteration, hint: "learning-rate")
        optimizer.step(&parameters, gradients: grads)
        return (loss.scalar, trainAccuracy)
    }
}
