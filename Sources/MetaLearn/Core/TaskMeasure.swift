import MetaTensor
import MetaNN

/// Losses and scores of a network on one task at given weights (no graph kept), for worked
/// examples and adaptation traces.
public struct TaskMeasure {
    public let model: any Model
    public let task: any SupervisedTask

    public init(model: any Model, task: any SupervisedTask) {
        self.model = model
        self.task = task
    }

    /// ℒ_S at `parameters`.
    public func supportLoss(_ parameters: Parameters) -> Float {
        task.supportLoss(model(task.supportInput, parameters: parameters.detached())).scalar
    }

    /// ℒ_Q at `parameters`.
    public func queryLoss(_ parameters: Parameters) -> Float {
        task.queryLoss(model(task.queryInput, parameters: parameters.detached())).scalar
    }

    /// The query score (accuracy or MSE) at `parameters`.
    public func queryScore(_ parameters: Parameters) -> Float {
        task.queryScore(model(task.queryInput, parameters: parameters.detached()))
    }

    /// ∇θ of the support loss, as one flat norm.
    public func supportGradientNorm(_ parameters: Parameters) -> Float {
        let variables = parameters.detached().variables()
        return gradientNorm(of: task.supportLoss(model(task.supportInput, parameters: variables)), wrt: variables)
    }
}

/// ‖∂loss/∂variables‖ over all of them, as one flat norm.
public func gradientNorm(of loss: Tensor, wrt variables: Parameters) -> Float {
    Parameters(zip(variables.names, gradients(of: loss, wrt: variables.tensors)).map { ($0, $1) }).norm
}
