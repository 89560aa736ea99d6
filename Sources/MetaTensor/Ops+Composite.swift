/// Operations composed from the primitives (`Primitives.swift`): they have no rules of their
/// own, so they differentiate to any order through the primitives' rules.

extension Tensor {
    // MARK: Arithmetic

    /// Elementwise difference with broadcasting: a + (−b).
    public static func - (a: Tensor, b: Tensor) -> Tensor { a + -b }

    /// Elementwise quotient with broadcasting: a · b⁻¹.
    public static func / (a: Tensor, b: Tensor) -> Tensor { a * b.pow(-1) }

    /// `self` times a constant.
    public func scaled(by factor: Float) -> Tensor { self * Tensor(factor) }

    public static func + (a: Tensor, b: Float) -> Tensor { a + Tensor(b) }
    public static func + (a: Float, b: Tensor) -> Tensor { Tensor(a) + b }
    public static func - (a: Tensor, b: Float) -> Tensor { a + Tensor(-b) }
    public static func - (a: Float, b: Tensor) -> Tensor { Tensor(a) - b }
    public static func * (a: Tensor, b: Float) -> Tensor { a.scaled(by: b) }
    public static func * (a: Float, b: Tensor) -> Tensor { b.scaled(by: a) }
    public static func / (a: Tensor, b: Float) -> Tensor { a.scaled(by: 1 / b) }
    public static func / (a: Float, b: Tensor) -> Tensor { a * b.pow(-1) }

    // MARK: Functions

    /// Elementwise square root: x^½.
    public func sqrt() -> Tensor { pow(0.5) }

    /// Elementwise logistic function 1 / (1 + e⁻ˣ), as ½·tanh(x/2) + ½ (bounded, so its
    /// derivative stays finite where e⁻ˣ overflows).
    public func sigmoid() -> Tensor { (self * 0.5).tanh() * 0.5 + 0.5 }

    /// Elementwise |x| = x · sign(x), the sign a constant (so the derivative at 0 is taken as 0).
    public func abs() -> Tensor { self * detached().map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) } }

    // MARK: Reductions

    /// The sum of all elements, as a rank-0 tensor.
    public func sum() -> Tensor { sum(axes: Array(shape.indices)) }

    /// The mean over `axes`.
    public func mean(axes: [Int], keepDims: Bool = false) -> Tensor {
        let n = axes.map { shape[normalizedAxis($0)] }.reduce(1, *)
        return sum(axes: axes, keepDims: keepDims).scaled(by: 1 / Float(n))
    }

    /// The mean of all elements, as a rank-0 tensor.
    public func mean() -> Tensor { sum().scaled(by: 1 / Float(Swift.max(count, 1))) }

    /// Sums a broadcast gradient back down to `target` (the inverse of broadcasting).
    public func sum(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        let lead = shape.count - target.count
        precondition(lead >= 0, "cannot sum shape \(shape) down to \(target)")
        let axes = shape.indices.filter { $0 < lead || (target[$0 - lead] == 1 && shape[$0] != 1) }
        return sum(axes: axes, keepDims: true).reshaped(target)
    }

    // MARK: Shape

    /// The transpose of a matrix.
    public var transposed: Tensor {
        precondition(rank == 2, "transposed needs a matrix, got shape \(shape)")
        return permuted([1, 0])
    }

    /// Tensors of one shape stacked along a new leading axis.
    public static func stack(_ parts: [Tensor]) -> Tensor {
        concatenate(parts.map { $0.reshaped([1] + $0.shape) }, axis: 0)
    }

    /// `axis` counted from the end when negative.
    func normalizedAxis(_ axis: Int) -> Int {
        let a = axis < 0 ? axis + rank : axis
        precondition(a >= 0 && a < rank, "axis \(axis) out of range for shape \(shape)")
        return a
    }

    /// `newShape` with its one -1 extent (if any) inferred from the element count.
    func resolvedShape(_ newShape: [Int]) -> [Int] {
        var target = newShape
        if let unknown = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != unknown }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            target[unknown] = count / known
        }
        precondition(shapeCount(target) == count, "cannot reshape \(shape) (\(count) elements) to \(newShape)")
        return target
    }
}
