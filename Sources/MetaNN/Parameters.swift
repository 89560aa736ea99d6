import MetaTensor

/// An ordered set of named tensors: a model's weights as a value.
///
/// A copy is a clone; a fast-weights update (θ′ = θ − α∇) is arithmetic on it. Names follow
/// PyTorch's `state_dict` of the equivalent `nn.Sequential`, so checkpoints load there too.
public struct Parameters: Sendable {
    /// The names, in order.
    public private(set) var names: [String]
    /// The tensors, in the same order as `names`.
    public var tensors: [Tensor]

    /// Named tensors in the given order; names must be unique.
    public init(_ entries: [(String, Tensor)]) {
        names = entries.map(\.0)
        tensors = entries.map(\.1)
        precondition(Set(names).count == names.count, "duplicate parameter names in \(names)")
    }

    /// The same names with other tensors (shapes must match).
    public func with(tensors newTensors: [Tensor]) -> Parameters {
        precondition(newTensors.count == tensors.count, "\(newTensors.count) tensors for \(tensors.count) parameters")
        for (old, new) in zip(tensors, newTensors) {
            precondition(old.shape == new.shape, "parameter shape \(old.shape) replaced by \(new.shape)")
        }
        var copy = self
        copy.tensors = newTensors
        return copy
    }

    /// The tensor named `name`.
    public subscript(name: String) -> Tensor {
        guard let index = names.firstIndex(of: name) else { preconditionFailure("no parameter named \(name) in \(names)") }
        return tensors[index]
    }

    /// Whether a tensor named `name` exists.
    public func contains(_ name: String) -> Bool { names.contains(name) }

    /// The number of scalars in all tensors.
    public var scalarCount: Int { tensors.map(\.count).reduce(0, +) }

    /// Every tensor made a leaf of a new graph, to take gradients with respect to.
    public func variables() -> Parameters { with(tensors: tensors.map { $0.variable() }) }

    /// Every tensor cut off from its graph.
    public func detached() -> Parameters { with(tensors: tensors.map { $0.detached() }) }

    /// The subset whose names satisfy `include`, in order.
    public func filter(_ include: (String) -> Bool) -> Parameters {
        Parameters(zip(names, tensors).filter { include($0.0) }.map { ($0.0, $0.1) })
    }

    /// `self` with the tensors of `other` put in place under the same names.
    public func merging(_ other: Parameters) -> Parameters {
        var copy = self
        for (name, tensor) in zip(other.names, other.tensors) {
            guard let index = names.firstIndex(of: name) else { preconditionFailure("no parameter named \(name) to replace") }
            copy.tensors[index] = tensor
        }
        return copy
    }

    /// Elementwise combination of two parameter sets with the same names and shapes.
    public func zipWith(_ other: Parameters, _ combine: (Tensor, Tensor) -> Tensor) -> Parameters {
        precondition(names == other.names, "parameter names differ: \(names) and \(other.names)")
        return with(tensors: zip(tensors, other.tensors).map(combine))
    }

    /// Each tensor transformed.
    public func map(_ transform: (Tensor) -> Tensor) -> Parameters { with(tensors: tensors.map(transform)) }

    public static func + (a: Parameters, b: Parameters) -> Parameters { a.zipWith(b, +) }
    public static func - (a: Parameters, b: Parameters) -> Parameters { a.zipWith(b, -) }
    public static func * (a: Parameters, s: Float) -> Parameters { a.map { $0 * s } }

    /// `self` + t·(other − self): linear interpolation towards `other`.
    public func lerp(to other: Parameters, _ t: Float) -> Parameters { self + (other - self) * t }

    /// The mean of several parameter sets with the same names.
    public static func average(_ sets: [Parameters]) -> Parameters {
        precondition(!sets.isEmpty, "average of no parameter sets")
        return sets.dropFirst().reduce(sets[0], +) * (1 / Float(sets.count))
    }

    /// The Euclidean norm over all tensors.
    public var norm: Float {
        var total: Double = 0
        for tensor in tensors { for v in tensor.storage.buffer { total += Double(v) * Double(v) } }
        return Float(total.squareRoot())
    }
}
