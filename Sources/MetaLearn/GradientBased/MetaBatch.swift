import MetaTensor
import MetaNN

/// The outcome of one task of a meta-batch.
public struct TaskOutcome: Sendable {
    /// The meta-loss (query loss after adaptation).
    public let loss: Float
    /// The query score after adaptation (accuracy or MSE).
    public let score: Float
    /// ∂loss/∂(meta-parameters), one tensor per meta-parameter.
    public let gradients: [Tensor]
}

/// Sums a meta-batch's outcomes (computed in parallel by `parallelMap`) in task order, so the
/// result is the same as running the tasks one by one.
public enum MetaBatch {
    /// The element-wise sum of the tasks' gradients, in task order, and the mean loss and score.
    public static func reduce(_ outcomes: [TaskOutcome]) -> (gradients: [Tensor], loss: Float, score: Float) {
        precondition(!outcomes.isEmpty, "an empty meta-batch")
        var total = outcomes[0].gradients.map { $0.detached() }
        for outcome in outcomes.dropFirst() {
            total = zip(total, outcome.gradients).map { $0 + $1.detached() }
        }
        let n = Float(outcomes.count)
        return (total, outcomes.map(\.loss).reduce(0, +) / n, outcomes.map(\.score).reduce(0, +) / n)
    }
}
