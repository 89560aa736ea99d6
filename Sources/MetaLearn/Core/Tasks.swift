import MetaTensor

/// An N-way few-shot classification task: labelled support images to learn from and query
/// images to be scored on. Images are [count, channels, height, width]; labels lie in 0..<ways.
public struct ClassificationTask: Sendable {
    public let support: Tensor
    public let supportLabels: [Int]
    public let query: Tensor
    public let queryLabels: [Int]
    public let ways: Int

    public init(support: Tensor, supportLabels: [Int], query: Tensor, queryLabels: [Int], ways: Int) {
        precondition(support.shape[0] == supportLabels.count && query.shape[0] == queryLabels.count,
                     "task with \(support.shape[0]) support images for \(supportLabels.count) labels, \(query.shape[0]) query images for \(queryLabels.count) labels")
        precondition((supportLabels + queryLabels).allSatisfy { $0 >= 0 && $0 < ways }, "labels outside 0..<\(ways)")
        self.support = support
        self.supportLabels = supportLabels
        self.query = query
        self.queryLabels = queryLabels
        self.ways = ways
    }

    /// Support examples per class.
    public var shots: Int { supportLabels.count / max(ways, 1) }
}

/// A few-shot regression task (e.g. one sine wave): K support points and Q query points, [count, 1] each.
public struct RegressionTask: Sendable {
    public let supportX: Tensor, supportY: Tensor
    public let queryX: Tensor, queryY: Tensor

    public init(supportX: Tensor, supportY: Tensor, queryX: Tensor, queryY: Tensor) {
        self.supportX = supportX
        self.supportY = supportY
        self.queryX = queryX
        self.queryY = queryY
    }
}

/// Draws a task with a seeded generator (an episode sampler over some dataset split).
public typealias TaskSampler<Task> = @Sendable (inout SeededGenerator) throws -> Task

/// The fraction of `predictions` equal to `labels`.
public func accuracy(_ predictions: [Int], _ labels: [Int]) -> Float {
    precondition(predictions.count == labels.count, "\(predictions.count) predictions for \(labels.count) labels")
    guard !labels.isEmpty else { return 0 }
    return Float(zip(predictions, labels).filter { $0 == $1 }.count) / Float(labels.count)
}
