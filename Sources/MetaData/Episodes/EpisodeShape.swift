/// The size of an N-way K-shot episode.
public struct EpisodeShape: Sendable, Equatable {
    /// Classes per episode (N).
    public var ways: Int
    /// Support images per class (K).
    public var shots: Int
    /// Query images per class.
    public var queries: Int

    /// An N-way K-shot episode shape with `queries` query images per class.
    public init(ways: Int, shots: Int, queries: Int) {
        self.ways = ways
        self.shots = shots
        self.queries = queries
    }

    /// Images needed from each class.
    public var imagesPerClass: Int { shots + queries }
}

/// Where an episode's classes come from.
public enum ClassSampling: Sendable {
    /// Any classes of the dataset.
    case anyClasses
    /// Classes of one group (one Omniglot alphabet), as in Lake's within-alphabet runs.
    case withinGroup
}
