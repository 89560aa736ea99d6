import MetaData

extension ClassificationTask {
    /// The task an episode poses: its support and query sets with position labels.
    public init(_ episode: Episode) {
        self.init(support: episode.support, supportLabels: episode.supportLabels,
                  query: episode.query, queryLabels: episode.queryLabels, ways: episode.ways)
    }
}

extension RegressionTask {
    /// The task a sine wave poses: fit its K support points, predict its query points.
    public init(_ sine: SineTask) {
        self.init(supportX: sine.supportX, supportY: sine.supportY, queryX: sine.queryX, queryY: sine.queryY)
    }
}

extension EpisodeSampler {
    /// A task sampler drawing this sampler's episodes.
    public var taskSampler: TaskSampler<ClassificationTask> {
        let sampler = self
        return { generator in ClassificationTask(sampler.sample(using: &generator)) }
    }
}
