import MetaTensor
import MetaNN

/// The one training loop behind the learners, and the one description of a training schedule:
/// the iteration budget, the time limit, validation every N iterations (or every N seconds)
/// with keep-best, batch norm's running averages, the training report and the progress
/// callbacks, with the stop request checked before each step. Each learner passes its own step
/// as a closure; what a step does (its optimiser, its batch, its tasks per step) is the
/// learner's own configuration, not the schedule.
public struct TrainingLoop: Sendable {
    /// Steps to run.
    public var iterations: Int
    /// Stop after this many seconds, whatever the iteration (nil: no limit).
    public var timeLimit: Double?
    /// Validate every this many iterations (0: never).
    public var validationInterval: Int
    /// Validate every this many seconds instead, and at the step that reaches the time limit
    /// (nil: by `validationInterval`).
    public var validationSeconds: Double?
    /// Validation tasks per check.
    public var validationTasks: Int
    /// Keep the weights (and running averages) with the best validation score instead of the last ones.
    public var keepBest: Bool
    /// Feed batch norm's running averages (`TrainingReport.running`) with the batch of every
    /// this many steps (0: never); each costs one forward pass without a graph.
    public var runningStatisticsEvery: Int

    public init(iterations: Int, timeLimit: Double? = nil, validationInterval: Int = 0, validationSeconds: Double? = nil,
                validationTasks: Int = 100, keepBest: Bool = false, runningStatisticsEvery: Int = 10) {
        self.iterations = iterations
        self.timeLimit = timeLimit
        self.validationInterval = validationInterval
        self.validationSeconds = validationSeconds
        self.validationTasks = validationTasks
        self.keepBest = keepBest
        self.runningStatisticsEvery = runningStatisticsEvery
    }

    /// Runs up to `iterations` steps, appending one point per step to `report` (iterations
    /// continue from its last point) and passing it to `hooks`. A stop request ends the run
    /// early and marks the report interrupted; an error from `step` (a divergence) ends it with
    /// the weights the step left. Seconds are added to the report however the run ends.
    ///
    /// - `step(index, iteration)`: one training step (`index` counts from 0 in this run); its
    ///   loss, and its training accuracy for classification (nil otherwise).
    /// - `batchStatistics()`: the batch-norm statistics of the batch the last step trained on
    ///   ([] or nil for a network without batch norm), asked every `runningStatisticsEvery`
    ///   iterations and folded into `report.running` (created on first use, under Conv-4's layer names).
    /// - `validate()`: the validation score (larger is better when `higherIsBetter`).
    /// - `snapshot()` / `restore(_:)`: the weights to keep when validation is best.
    public func run(report: inout TrainingReport, hooks: TrainingHooks,
                    step: (_ index: Int, _ iteration: Int) throws -> (loss: Float, accuracy: Float?),
                    batchStatistics: () -> [ChannelStatistics]? = { nil },
                    validate: () throws -> Float = { .nan }, higherIsBetter: Bool = true,
                    snapshot: () -> Parameters = { Parameters([]) },
                    restore: (Parameters) -> Void = { _ in }) rethrows {
        let start = monotonicSeconds(), secondsBefore = report.seconds
        let first = (report.points.last?.iteration ?? 0) + 1
        var best: (score: Float, weights: Parameters, running: RunningStatistics?)? = nil
        var lastValidation = start
        defer {
            if let best, keepBest {
                restore(best.weights)
                report.running = best.running
            }
            report.seconds = secondsBefore + monotonicSeconds() - start
        }
        for index in 0..<iterations {
            if hooks.shouldStop() { report.interrupted = true; return }
            if let limit = timeLimit, monotonicSeconds() - start > limit { return }
            let iteration = first + index
            let (loss, accuracy) = try step(index, iteration)
            if runningStatisticsEvery > 0, iteration % runningStatisticsEvery == 0, let batch = batchStatistics(), !batch.isEmpty {
                report.running = report.running ?? RunningStatistics(layers: batch.indices.map(Conv4.batchNormLayer),
                                                                     channels: batch.map(\.mean.count))
                report.running!.update(with: batch)
            }
            var validation: Float? = nil
            if isValidationDue(iteration: iteration, start: start, lastValidation: &lastValidation) {
                let score = try validate()
                validation = score
                if keepBest, best.map({ higherIsBetter ? score > $0.score : score < $0.score }) ?? true {
                    best = (score, snapshot(), report.running)
                }
            }
            let point = TrainingPoint(iteration: iteration, loss: loss, accuracy: accuracy, validation: validation,
                                      seconds: secondsBefore + monotonicSeconds() - start)
            report.points.append(point)
            hooks.report(point, iterations)
        }
    }

    /// Whether to validate after `iteration`: every `validationInterval` iterations, or (with
    /// `validationSeconds`) when that long has passed since the last check or the time limit is reached.
    private func isValidationDue(iteration: Int, start: Double, lastValidation: inout Double) -> Bool {
        guard let seconds = validationSeconds else { return validationInterval > 0 && iteration % validationInterval == 0 }
        let now = monotonicSeconds()
        guard now - lastValidation >= seconds || timeLimit.map({ now - start >= $0 }) == true else { return false }
        lastValidation = now
        return true
    }
}
