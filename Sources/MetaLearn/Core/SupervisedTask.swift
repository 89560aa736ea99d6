import MetaTensor

/// A few-shot task as the gradient-based learners see it: inputs to adapt on (support) and
/// to be scored on (query), a loss for each, and a score (accuracy or mean squared error).
public protocol SupervisedTask: Sendable {
    var supportInput: Tensor { get }
    var queryInput: Tensor { get }
    /// The training loss of predictions on the support set.
    func supportLoss(_ prediction: Tensor) -> Tensor
    /// The loss of predictions on the query set.
    func queryLoss(_ prediction: Tensor) -> Tensor
    /// The query score: accuracy for classification, mean squared error for regression.
    func queryScore(_ prediction: Tensor) -> Float
    /// What `queryScore` measures, for reports ("accuracy" or "mse").
    static var scoreName: String { get }
    /// Whether a larger score is better.
    static var higherIsBetter: Bool { get }
    /// The same task with the query examples added to the support set (Reptile trains on all
    /// of a training task's examples).
    func pooled() -> Self
}

extension ClassificationTask: SupervisedTask {
    public var supportInput: Tensor { support }
    public var queryInput: Tensor { query }
    public func supportLoss(_ prediction: Tensor) -> Tensor { prediction.crossEntropy(labels: supportLabels) }
    public func queryLoss(_ prediction: Tensor) -> Tensor { prediction.crossEntropy(labels: queryLabels) }
    public func queryScore(_ prediction: Tensor) -> Float { accuracy(prediction.argmaxRows(), queryLabels) }
    public static var scoreName: String { "accuracy" }
    public static var higherIsBetter: Bool { true }
    public func pooled() -> ClassificationTask {
        ClassificationTask(support: Tensor.concatenate([support, query], axis: 0), supportLabels: supportLabels + queryLabels,
                           query: query, queryLabels: queryLabels, ways: ways)
    }
}

extension RegressionTask: SupervisedTask {
    public var supportInput: Tensor { supportX }
    public var queryInput: Tensor { queryX }
    public func supportLoss(_ prediction: Tensor) -> Tensor { prediction.meanSquaredError(supportY) }
    public func queryLoss(_ prediction: Tensor) -> Tensor { prediction.meanSquaredError(queryY) }
    public func queryScore(_ prediction: Tensor) -> Float { prediction.meanSquaredError(queryY).scalar }
    public static var scoreName: String { "mse" }
    public static var higherIsBetter: Bool { false }
    public func pooled() -> RegressionTask {
        RegressionTask(supportX: Tensor.concatenate([supportX, queryX], axis: 0), supportY: Tensor.concatenate([supportY, queryY], axis: 0),
                       queryX: queryX, queryY: queryY)
    }
}
