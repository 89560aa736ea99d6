import MetaTensor
import MetaLearn

/// Tests a learner on fresh tasks: the query score after adaptation, mean ± 95% interval.
/// Tasks are drawn in order from one seeded generator, so every learner evaluated with the
/// same seed meets the same episodes; they are scored in chunks on all cores, with a stop
/// check (Ctrl-C) between chunks.
enum Evaluation {
    /// The score of each of up to `count` tasks, in the order drawn, and whether it was stopped early.
    static func run(_ learner: any SessionLearner, on tasks: TaskStream, count: Int, seed: UInt64, inference: Inference = .inductive,
                    stop: StopFlag, progress: Progress? = nil) throws -> (scores: [Double], stopped: Bool) {
        var generator = SeededGenerator(seed: seed ^ 0x7E57_7E57)
        var scores: [Double] = []
        let chunkSize = 2 * ComputeThreads.available
        while scores.count < count {
            if stop.isRaised { return (scores, true) }
            let chunk = try (0..<min(chunkSize, count - scores.count)).map { _ in try tasks.sample(using: &generator) }
            scores += parallelMap(chunk.count) { Double(learner.score(on: chunk[$0], inference: inference)) }
            progress?.update(done: scores.count, total: count, figures: "mean " + ResultValue.format(scores.reduce(0, +) / Double(scores.count)))
        }
        progress?.finish()
        return (scores, false)
    }
}
