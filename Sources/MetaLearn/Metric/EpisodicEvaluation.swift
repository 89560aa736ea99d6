import MetaTensor

extension EpisodicLearner {
    /// Query accuracy over `count` test tasks (600 in the papers), mean ± 95% CI, tested as
    /// `inference` says (inductive unless told).
    ///
    /// Tasks are drawn from `generator` (a sampler's error is thrown here) and scored on all
    /// cores by `Evaluation.run`.
    public func evaluate(tasks: TaskSampler<ClassificationTask>, count: Int = 600, inference: Inference = .inductive,
                         using generator: inout SeededGenerator) throws -> MeanEstimate {
        let learner = self
        return MeanEstimate(try Evaluation.run(count: count, using: &generator, sample: tasks, score: { task in
            Double(accuracy(learner.predictions(for: task, inference: inference), task.queryLabels))
        }).scores)
    }
}
