import MetaTensor
import MetaNN

/// The inner loop shared by MAML, first-order MAML, ANIL and Meta-SGD: a few steps of
/// gradient descent on the support loss, starting from the meta-parameters θ,
///
///     θ′ ← θ′ − α ⊙ ∇θ′ ℒ_support(f_θ′),   θ′₀ = θ,
///
/// written as differentiable tensor arithmetic so the query loss at θ′ can be differentiated
/// with respect to θ (and α). Second order keeps the graph of each inner gradient, so the
/// meta-gradient contains the Hessian term ∇θθ′ = I − α∇²θℒ; first order treats the inner
/// gradients as constants (θ′ = θ − α·stop_gradient(∇ℒ)), dropping that term.
public struct InnerLoop: Sendable {
    /// How the step size is given.
    public enum StepSize: Sendable {
        /// One learning rate for every parameter (MAML).
        case scalar(Float)
        /// A learned rate per parameter element, same names and shapes as θ (Meta-SGD).
        case perParameter(Parameters)
    }

    /// Gradient steps on the support set.
    public var steps: Int
    /// α, scalar or per parameter.
    public var stepSize: StepSize
    /// Keep the graph of the inner gradients (second-order meta-gradient).
    public var secondOrder: Bool
    /// When set, only these parameters adapt (ANIL adapts the head alone); others stay θ.
    public var adaptedNames: Set<String>?

    public init(steps: Int, stepSize: StepSize, secondOrder: Bool, adaptedNames: Set<String>? = nil) {
        self.steps = steps
        self.stepSize = stepSize
        self.secondOrder = secondOrder
        self.adaptedNames = adaptedNames
    }

    /// The adapted parameters θ′ after `steps` steps on `task`'s support set.
    /// Pass θ as variables to differentiate the result with respect to them.
    public func adapt<Task: SupervisedTask>(_ theta: Parameters, model: any Model, on task: Task) -> Parameters {
        var fast = theta
        for _ in 0..<steps {
            fast = step(fast, model: model, task: task)
        }
        return fast
    }

    /// One inner step: θ′ − α ⊙ ∇θ′ ℒ_support.
    public func step<Task: SupervisedTask>(_ current: Parameters, model: any Model, task: Task) -> Parameters {
        // Constant weights (adapting for evaluation) become leaves so the support gradient exists.
        let fast = current.map { $0.requiresGrad ? $0 : $0.variable() }
        let loss = task.supportLoss(model(task.supportInput, parameters: fast))
        let indices = fast.names.indices.filter { adaptedNames?.contains(fast.names[$0]) ?? true }
        let grads = gradients(of: loss, wrt: indices.map { fast.tensors[$0] }, createGraph: secondOrder)
        var tensors = fast.tensors
        for (index, grad) in zip(indices, grads) {
            let g = secondOrder ? grad : grad.detached()
            switch stepSize {
            case .scalar(let alpha):
                tensors[index] = tensors[index] - g * alpha
            case .perParameter(let alphas):
                tensors[index] = tensors[index] - alphas[fast.names[index]] * g
            }
        }
        return fast.with(tensors: tensors)
    }
}
