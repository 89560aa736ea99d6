/// What a backward rule is given: the gradient of the loss with respect to the op's output,
/// the op's inputs and output, and which inputs need a gradient at all.
///
/// When the caller asked for `createGraph`, the inputs, output and gradient carry their graph,
/// so every tensor op a rule performs is recorded and its result can be differentiated again.
/// Otherwise they are detached and the same ops run without recording anything.
public struct BackwardContext {
    /// ∂loss/∂output, shaped like the output.
    public let grad: Tensor
    /// The op's inputs, in the order the op received them.
    public let inputs: [Tensor]
    /// The op's output, when the op asked to keep it (see `Tensor.record`).
    public let output: Tensor?
    /// `needs[i]` is false when nothing asked for the gradient of input `i`: skip that work.
    public let needs: [Bool]
    /// Whether the gradients are being recorded for a further differentiation.
    public let createGraph: Bool
}

/// A backward rule: maps the context to one gradient per input (`nil` for "no gradient").
/// Rules are written with differentiable tensor ops, never on raw buffers alone, unless no
/// graph is being created (then a fused kernel may compute the same values).
public typealias BackwardRule = @Sendable (BackwardContext) -> [Tensor?]

/// One recorded operation in a graph: its inputs and its backward rule. A leaf (a tensor made
/// with `variable()`) has no inputs and no rule.
final class GradNode: @unchecked Sendable {
    let inputs: [Tensor]
    let rule: BackwardRule?
    /// The output's storage, kept only for rules that read the output (exp, tanh, sigmoid…).
    let keptOutput: TensorStorage?

    init(inputs: [Tensor], rule: BackwardRule?, keptOutput: TensorStorage?) {
        self.inputs = inputs
        self.rule = rule
        self.keptOutput = keptOutput
    }

    static func leaf() -> GradNode { GradNode(inputs: [], rule: nil, keptOutput: nil) }
}

extension BackwardContext {
    /// The op's first input.
    var x: Tensor { inputs[0] }
    /// The op's second input.
    var y: Tensor { inputs[1] }

    /// One gradient per input from one rule per input, running only the rules whose input
    /// needs a gradient.
    func needed(_ rules: (() -> Tensor)...) -> [Tensor?] {
        rules.indices.map { needs[$0] ? rules[$0]() : nil }
    }

    /// The gradients of a fused op taken through its definition in primitive ops: `composite`
    /// applied to the op's inputs, differentiated with this context's upstream gradient. A
    /// fused op calls this when a graph is being created (so higher-order gradients come from
    /// the primitives' rules) or when it has no fused rule for an input.
    public func differentiatingComposite(_ composite: ([Tensor]) -> Tensor) -> [Tensor?] {
        // Without a graph the inputs are detached: differentiate fresh leaves instead.
        let leaves = createGraph ? inputs : inputs.map { $0.variable() }
        let wanted = leaves.indices.filter { needs[$0] }
        let grads = gradients(of: composite(leaves), seed: grad, wrt: wanted.map { leaves[$0] }, createGraph: createGraph)
        var result = [Tensor?](repeating: nil, count: inputs.count)
        for (index, gradient) in zip(wanted, grads) { result[index] = gradient }
        return result
    }
}

extension Tensor {
    /// Wraps the value an op's kernel computed: when any input carries a graph, the result
    /// records `rule` so gradients can flow back through it; otherwise it is a constant.
    ///
    /// - Parameter keepOutput: keep the output's storage for the rule (`context.output`).
    public static func record(_ value: Tensor, inputs: [Tensor], keepOutput: Bool = false,
                              rule: @escaping BackwardRule) -> Tensor {
        guard inputs.contains(where: { $0.requiresGrad }) else { return value }
        let node = GradNode(inputs: inputs, rule: rule, keptOutput: keepOutput ? value.storage : nil)
        return Tensor(shape: value.shape, storage: value.storage, node: node)
    }
}

/// The gradients of the scalar `loss` with respect to each tensor in `wrt`.
///
/// Each result has the shape of its `wrt` tensor; a tensor the loss does not depend on gets
/// zeros. With `createGraph: true` the results carry a graph of their own and can be
/// differentiated again (second-order MAML, Hessian-vector products).
public func gradients(of loss: Tensor, wrt: [Tensor], createGraph: Bool = false) -> [Tensor] {
    precondition(loss.count == 1, "gradients(of:) needs a scalar loss, got shape \(loss.shape)")
    return gradients(of: loss, seed: Tensor(repeating: 1, shape: loss.shape), wrt: wrt, createGraph: createGraph)
}

/// The vector-Jacobian product seedᵀ·∂output/∂wrt for each tensor in `wrt`.
public func gradients(of output: Tensor, seed: Tensor, wrt: [Tensor], createGraph: Bool = false) -> [Tensor] {
    precondition(seed.shape == output.shape, "seed shape \(seed.shape) differs from output shape \(output.shape)")
    let zeros = { (t: Tensor) in Tensor(zeros: t.shape) }
    guard let root = output.node else { return wrt.map(zeros) }

    let targets = Set(wrt.compactMap { $0.node.map(ObjectIdentifier.init) })
    let order = topologicalOrder(from: root)
    // A node is relevant when a target is reachable from it; only relevant gradients are computed.
    var relevant = Set<ObjectIdentifier>()
    for node in order {
        let id = ObjectIdentifier(node)
        if targets.contains(id) || node.inputs.contains(where: { $0.node.map { relevant.contains(ObjectIdentifier($0)) } ?? false }) {
            relevant.insert(id)
        }
    }

    var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): createGraph ? seed : seed.detached()]
    var results: [ObjectIdentifier: Tensor] = [:]
    for node in order.reversed() {
        let id = ObjectIdentifier(node)
        guard let grad = grads.removeValue(forKey: id) else { continue }
        if targets.contains(id) { results[id] = grad }
        guard let rule = node.rule else { continue }
        let needs = node.inputs.map { input in input.node.map { relevant.contains(ObjectIdentifier($0)) } ?? false }
        guard needs.contains(true) else { continue }
        let output = node.keptOutput.map { storage in
            Tensor(shape: grad.shape, storage: storage, node: createGraph ? node : nil)
        }
        let context = BackwardContext(
            grad: grad,
            inputs: createGraph ? node.inputs : node.inputs.map { $0.detached() },
            output: output, needs: needs, createGraph: createGraph)
        let inputGrads = rule(context)
        precondition(inputGrads.count == node.inputs.count, "backward rule returned \(inputGrads.count) gradients for \(node.inputs.count) inputs")
        for (index, input) in node.inputs.enumerated() where needs[index] {
            guard let inputNode = input.node, let g = inputGrads[index] else { continue }
            precondition(g.shape == input.shape, "gradient of shape \(g.shape) for an input of shape \(input.shape)")
            let key = ObjectIdentifier(inputNode)
            let contribution = createGraph ? g : g.detached()
            grads[key] = grads[key].map { $0 + contribution } ?? contribution
        }
    }
    return wrt.map { tensor in
        guard let node = tensor.node, let grad = results[ObjectIdentifier(node)] else { return zeros(tensor) }
        return grad
    }
}

/// Nodes reachable from `root`, each after all of its inputs (iterative: deep graphs are fine).
private func topologicalOrder(from root: GradNode) -> [GradNode] {
    var order: [GradNode] = []
    var visited = Set<ObjectIdentifier>()
    var stack: [(node: GradNode, nextInput: Int)] = [(root, 0)]
    visited.insert(ObjectIdentifier(root))
    while !stack.isEmpty {
        let (node, next) = stack[stack.count - 1]
        if next < node.inputs.count {
            stack[stack.count - 1].nextInput += 1
            if let child = node.inputs[next].node, visited.insert(ObjectIdentifier(child)).inserted {
                stack.append((child, 0))
            }
        } else {
            order.append(node)
            stack.removeLast()
        }
    }
    return order
}
