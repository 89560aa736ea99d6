import MetaTensor
import MetaNN

/// The one training loop behind the learners: the stop request, the time limit, the iteration
/// budget, validation every N iterations with keep-best, the training report and the progress
/// callbacks. Each learner passes its own step as a closure.
public struct TrainingLoop: Sendable {
    /// Steps to run.
    public var iterations: Int
    /// Stop after this many seconds, whatever the iteration (nil: no limit).
    public var timeLimit: Double?
    /// Validate every this many iterations (0: never).
    public var validationInterval: Int
    /// Keep the weights with the best validation score instead of the last ones.
    public var keepBest: Bool
    /// Whether a larger validation score is better (accuracy) or a smaller one (MSE).
    public var higherIsBetter: Bool

    public init(iterations: Int, timeLimit: Double? = nil, validationInterval: Int = 0, keepBest: Bool = false,
                higherIsBetter: Bool = true) {
        self.iterations = iterations
        self.timeLimit = timeLimit
        self.validationInterval = validationInterval
        self.keepBest = keepBest
        self.higherIsBetter = higherIsBetter
    }

    /// Runs up to `iterations` steps, appending one point per step to `report` (iterations
    /// continue from its last point) and passing it to `hooks`. A stop request ends the run
    /// early and marks the report interrupted; an error from `step` (a divergence) ends it with
    /// the weights the step left. Seconds are added to the report however the run ends.
    ///
    /// - `step(index, iteration)`: one training step (`index` counts from 0 in this run); its
    ///   loss, and its training accuracy for classification (nil otherwise).
    /// - `validate()`: the validation score, asked every `validationInterval` iterations.
    /// - `snapshot()` / `restore(_:)`: the weights to keep when validation is best.
    public func run(report: inout TrainingReport, hooks: TrainingHooks,
                    step: (_ index: Int, _ iteration: Int) throws -> (loss: Float, accuracy: Float?),
                    validate: () throws -> Float = { .nan },
                    snapshot: () -> Parameters = { Parameters([]) },
                    restore: (Parameters) -> Void = { _ in }) rethrows {
        let start = monotonicSeconds(), secondsBefore = report.seconds
        let first = (report.points.last?.iteration ?? 0) + 1
        var best: (score: Float, weights: Parameters)? = nil
        defer {
            if let best, keepBest { restore(best.weights) }
            report.seconds = secondsBefore + monotonicSeconds() - start
        }
        for index in 0..<iterations {
            if hooks.shouldStop() { report.interrupted = true; return }
            if let limit = timeLimit, monotonicSeconds() - start > limit { return }
            let iteration = first + index
            let (loss, accuracy) = try step(index, iteration)
            var validation: Float? = nil
            if validationInterval > 0, iteration % validationInterval == 0 {
                let score = try validate()
                validation = score
                if keepBest, best.map({ higherIsBetter ? score > $0.score : score < $0.score }) ?? true {
                    best = (score, snapshot())
                }
            }
            let point = TrainingPoint(iteration: iteration, loss: loss, accuracy: accuracy, validation: validation,
                                      seconds: secondsBefore + monotonicSeconds() - start)
            report.points.append(point)
            hooks.report(point, iterations)
        }
    }
}
