import MetaTensor
import MetaLearn

/// The session's test of a learner on a task stream: MetaLearn's `Evaluation.run` with the
/// session's seed convention, Ctrl-C and progress line.
enum SessionTesting {
    /// The score of each of up to `count` tasks drawn from `stream` with `seed` (the same seed
    /// meets the same tasks), and whether Ctrl-C ended it early.
    static func scores(of learner: any SessionLearner, on stream: TaskStream, count: Int, seed: UInt64, inference: Inference,
                       stop: StopFlag, progress: Progress) throws -> (scores: [Double], stopped: Bool) {
        var generator = SeededGenerator(seed: seed ^ 0x7E57_7E57)
        let (scores, stopped) = try Evaluation.run(
            count: count, using: &generator, sample: stream.sample(using:), score: { Double(learner.score(on: $0, inference: inference)) },
            shouldStop: { stop.isRaised },
            progress: { done, mean in progress.update(done: done, total: count, figures: "mean " + ResultValue.format(mean)) })
        if !stopped { progress.finish() }
        return (scores, stopped)
    }
}
