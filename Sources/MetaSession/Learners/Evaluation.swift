import MetaTensor
import MetaLearn

/// Tests a learner on fresh tasks: the query score after adaptation, mean ± 95% interval.
/// Tasks are drawn in order from one seeded generator, so every learner evaluated with the
/// same seed meets the same episodes; they are scored in chunks on all cores, with a stop
/// check (Ctrl-C) between chunks.
enum Evaluation {
    /// The estimate over up to `count` tasks, and whether it was stopped early.
    static func run(_ learner: any SessionLearner, on tasks: TaskStream, count: Int, seed: UInt64,
                    stop: StopFlag, progress: Progress? = nil) throws -> (estimate: MeanEstimate, stopped: Bool) {
        var generator = SeededGenerator(seed: seed ^ 0x7E57_7E57)
        var scores: [Double] = []
        let chunkSize = 2 * ComputeThreads.available
        while scores.count < count {
            if stop.isRaised { return (MeanEstimate(scores), true) }
            let chunk = try (0..<min(chunkSize, count - scores.count)).map { _ in try tasks.sample(using: &generator) }
            scores += parallelMap(chunk.count) { Double(learner.score(on: chunk[$0])) }
            progress?.update(done: scores.count, total: count, figures: "mean " + ResultValue.format(scores.reduce(0, +) / Double(scores.count)))
        }
        progress?.finish()
        return (MeanEstimate(scores), false)
    }
}
