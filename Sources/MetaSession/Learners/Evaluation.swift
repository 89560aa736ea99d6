import MetaTensor
import MetaLearn
import Synchronization

/// Tests a learner on fresh tasks: the query score after adaptation, mean ± 95% interval.
/// Tasks are drawn in order from one seeded generator, so every learner evaluated with the
/// same seed meets the same episodes; they are scored in chunks on all cores, with a stop
/// check (Ctrl-C) between chunks.
enum Evaluation {
    /// The estimate over up to `count` tasks, and whether it was stopped early.
    static func run(_ learner: any SessionLearner, on tasks: TaskStream, count: Int, seed: UInt64, inference: Inference = .inductive,
                    stop: StopFlag, progress: Progress? = nil) throws -> (estimate: MeanEstimate, stopped: Bool) {
        var generator = SeededGenerator(seed: seed ^ 0x7E57_7E57)
        var scores: [Double] = []
        let chunkSize = 2 * ComputeThreads.available
        while scores.count < count {
            if stop.isRaised { return (MeanEstimate(scores), true) }
            let chunk = try (0..<min(chunkSize, count - scores.count)).map { _ in try tasks.sample(using: &generator) }
            scores += ParallelScores.map(chunk.count) { Double(learner.score(on: chunk[$0], inference: inference)) }
            progress?.update(done: scores.count, total: count, figures: "mean " + ResultValue.format(scores.reduce(0, +) / Double(scores.count)))
        }
        progress?.finish()
        return (MeanEstimate(scores), false)
    }
}

/// Runs independent scoring work on all cores, results in index order.
enum ParallelScores {
    /// `work(i)` for i in 0..<count; each index runs once, on one thread.
    static func map(_ count: Int, _ work: @escaping @Sendable (Int) -> Double) -> [Double] {
        let slots = Slots(count)
        let workers = max(1, min(ComputeThreads.available, count))
        parallelFor(workers) { worker in
            for index in stride(from: worker, to: count, by: workers) { slots.set(index, work(index)) }
        }
        return slots.values
    }

    private final class Slots: Sendable {
        private let storage: Mutex<[Double]>
        init(_ count: Int) { storage = Mutex([Double](repeating: .nan, count: count)) }
        func set(_ index: Int, _ value: Double) { storage.withLock { $0[index] = value } }
        var values: [Double] { storage.withLock { $0 } }
    }
}
