import MetaTensor

/// Tests a learner on fresh tasks: its score on each, mean ± 95% interval — the one evaluation
/// loop behind `eval`, the test after `train`, validation and the learners' `evaluate`. Tasks
/// are drawn in order from one generator, so every learner tested from the same seed meets the
/// same tasks; they are scored in chunks on all cores (the result does not depend on the thread
/// count or the chunk size), with a stop check between chunks.
public enum Evaluation {
    /// The score of each of up to `count` tasks from `sample` (in the order drawn, so two
    /// learners tested from one seed can be compared task by task), each scored by `score`, and
    /// whether `shouldStop` ended it early; `progress(done, mean)` is told after each chunk.
    public static func run<Task: Sendable>(count: Int, using generator: inout SeededGenerator,
                                           sample: (inout SeededGenerator) throws -> Task,
                                           score: @escaping @Sendable (Task) -> Double, shouldStop: () -> Bool = { false },
                                           progress: (_ done: Int, _ mean: Double) -> Void = { _, _ in })
        rethrows -> (scores: [Double], stopped: Bool) {
        var scores: [Double] = []
        scores.reserveCapacity(count)
        let chunkSize = 2 * ComputeThreads.available
        while scores.count < count {
            if shouldStop() { return (scores, true) }
            let chunk = try (0..<min(chunkSize, count - scores.count)).map { _ in try sample(&generator) }
            scores += parallelMap(chunk.count) { score(chunk[$0]) }
            progress(scores.count, scores.reduce(0, +) / Double(scores.count))
        }
        return (scores, false)
    }
}
