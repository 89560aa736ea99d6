import MetaTensor

extension EpisodicLearner {
    /// Query accuracy over `count` test tasks (600 in the papers), mean ± 95% CI.
    ///
    /// Tasks are drawn in chunks from `generator` (so a sampler's error is thrown here) and
    /// each chunk is scored on all cores; the result does not depend on the thread count.
    public func evaluate(tasks: TaskSampler<ClassificationTask>, count: Int = 600,
                         using generator: inout SeededGenerator) throws -> MeanEstimate {
        let learner = self
        var scores: [Double] = []
        scores.reserveCapacity(count)
        while scores.count < count {
            let chunk = try (0..<min(32, count - scores.count)).map { _ in try tasks(&generator) }
            scores += parallelMap(chunk.count) { index in
                Double(accuracy(learner.predictions(for: chunk[index]), chunk[index].queryLabels))
            }
        }
        return MeanEstimate(scores)
    }
}
