import MetaTensor
import MetaData

extension OmniglotChallenge {
    /// Query accuracy on `episodes` `ways`-way one-shot episodes drawn from the runs' characters
    /// (a chosen item's support image is its run's training image, its query the test image),
    /// tested as `inference` says, mean ± 95% interval; episodes are drawn with `seed` + `ways`.
    public static func characterAccuracy(of learner: any ChallengeLearner, runs: OneShotRuns, ways: Int, episodes: Int,
                                         seed: UInt64, inference: Inference) -> MeanEstimate {
        let pairs = runs.runs.flatMap { run in
            run.answers.enumerated().map { (test: run.test[$0.offset].areaResized(side: 28), train: run.training[$0.element].areaResized(side: 28)) }
        }
        var generator = SeededGenerator(seed: seed &+ UInt64(ways))
        let scores = (0..<episodes).map { _ -> Double in
            var chosen: [Int] = []
            while chosen.count < ways {
                let pick = Int(generator.next() % UInt64(pairs.count))
                if !chosen.contains(pick) { chosen.append(pick) }
            }
            let episode = Episode(support: chosen.map { pairs[$0].train }, query: chosen.map { pairs[$0].test },
                                  ways: ways, shots: 1, queries: 1, classIDs: chosen)
            let task = ClassificationTask(episode)
            return Double(MetaLearn.accuracy(learner.predictions(for: task, inference: inference), task.queryLabels))
        }
        return MeanEstimate(scores)
    }
}
