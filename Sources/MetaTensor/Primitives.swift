import Foundation

/// The engine's rule table: every primitive, one entry each — its kernel (in `Kernels/`; the elementwise
/// ones at the end of this file), then
/// its gradient rule in one line. `c.grad` is ∂loss/∂output, `c.x`/`c.y` the inputs and
/// `c.output` the value; every rule is written in tensor ops, so a gradient is itself a graph
/// that can be differentiated again (second-order MAML). Check each line against the calculus.
///
/// Everything else is built from these: compositions in `Ops+Composite.swift` (sub, div,
/// sqrt, sigmoid, abs, scaled, mean) and `Ops+Derived.swift` (softmax, losses, distances), and
/// fused blocks tested against their compositions (`Ops+BatchNorm.swift`,
/// `Ops+ConvBlockTail.swift`, `Ops+ConvBlock.swift`).
extension Tensor {
    // MARK: Elementwise

    /// Elementwise negation.
    public static prefix func - (x: Tensor) -> Tensor {
        record(unaryKernel(x) { -$0 }, inputs: [x]) { c in [-c.grad] }
    }

    /// Elementwise eˣ.
    public func exp() -> Tensor {
        Tensor.record(unaryKernel(self) { Foundation.exp($0) }, inputs: [self], keepOutput: true) { c in [c.grad * c.output!] }
    }

    /// Elementwise natural logarithm.
    public func log() -> Tensor {
        Tensor.record(unaryKernel(self) { Foundation.log($0) }, inputs: [self]) { c in [c.grad / c.x] }
    }

    /// Elementwise xᵖ for a constant exponent (x¹ is x itself; x⁰ is the constant 1).
    public func pow(_ p: Float) -> Tensor {
        if p == 1 { return self }
        if p == 0 { return Tensor(repeating: 1, shape: shape) }
        return Tensor.record(powKernel(p), inputs: [self]) { c in [c.grad * c.x.pow(p - 1) * p] }
    }

    /// Elementwise max(x, 0). Its derivative is the constant mask x > 0 (zero second derivative).
    public func relu() -> Tensor {
        Tensor.record(unaryKernel(self) { Swift.max($0, 0) }, inputs: [self], keepOutput: true) { c in [c.grad * c.output!.detached().mask { $0 > 0 }] }
    }

    /// A constant tensor of `f` applied to each element (no gradient flows through it).
    public func map(_ f: (Float) -> Float) -> Tensor { unaryKernel(self, f) }

    /// A constant 0/1 tensor: 1 where `predicate` holds.
    public func mask(_ predicate: (Float) -> Bool) -> Tensor { map { predicate($0) ? 1 : 0 } }

    /// Elementwise hyperbolic tangent.
    public func tanh() -> Tensor {
        Tensor.record(unaryKernel(self) { Foundation.tanh($0) }, inputs: [self], keepOutput: true) { c in [c.grad * (1 - c.output! * c.output!)] }
    }

    /// Elementwise sum with broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        record(binaryKernel(a, b, +), inputs: [a, b]) { c in c.needed({ c.grad.sum(toShape: c.x.shape) }, { c.grad.sum(toShape: c.y.shape) }) }
    }

    /// Elementwise product with broadcasting.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        record(binaryKernel(a, b, *), inputs: [a, b]) { c in c.needed({ (c.grad * c.y).sum(toShape: c.x.shape) }, { (c.grad * c.x).sum(toShape: c.y.shape) }) }
    }

    // MARK: Reductions

    /// The sum over `axes`; the reduced axes are kept with extent 1 when `keepDims` is true.
    public func sum(axes: [Int], keepDims: Bool = false) -> Tensor {
        let axes = Set(axes.map { normalizedAxis($0) })
        let kept = Tensor.record(sumKernel(axes: axes), inputs: [self]) { c in [c.grad.expand(to: c.x.shape)] }
        return keepDims ? kept : kept.reshaped(shape.indices.filter { !axes.contains($0) }.map { shape[$0] })
    }

    /// The maximum along `axis`. The gradient goes to the first maximal element.
    public func max(axis: Int, keepDims: Bool = false) -> Tensor {
        let axis = normalizedAxis(axis)
        let (value, oneHot) = maxKernel(axis: axis)
        let kept = Tensor.record(value, inputs: [self]) { c in [c.grad.expand(to: c.x.shape) * oneHot] }
        return keepDims ? kept : kept.reshaped(shape.indices.filter { $0 != axis }.map { shape[$0] })
    }

    // MARK: Shape

    /// The same elements under another shape (no copy). One extent may be -1 (inferred).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        let target = resolvedShape(newShape)
        if target == shape { return self }
        return Tensor.record(Tensor(shape: target, storage: storage), inputs: [self]) { c in [c.grad.reshaped(c.x.shape)] }
    }

    /// The values repeated along axes of extent 1 (and new leading axes) to `target`.
    public func expand(to target: [Int]) -> Tensor {
        if target == shape { return self }
        precondition(broadcastShape(shape, target) == target, "cannot expand \(shape) to \(target)")
        return Tensor.record(Tensor(shape: target, storage: broadcastStorage(to: target)), inputs: [self]) { c in [c.grad.sum(toShape: c.x.shape)] }
    }

    /// The axes reordered: axis `i` of the result is axis `axes[i]` of `self`.
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(axes.sorted() == Array(0..<rank), "permutation \(axes) for shape \(shape)")
        if axes == Array(0..<rank) { return self }
        let inverse = (0..<rank).map { axes.firstIndex(of: $0)! }
        return Tensor.record(permuteKernel(axes), inputs: [self]) { c in [c.grad.permuted(inverse)] }
    }

    /// The elements whose index along `axis` lies in `range`.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let axis = normalizedAxis(axis)
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis], "slice \(range) of axis \(axis) in shape \(shape)")
        if range.count == shape[axis] { return self }
        let (before, after) = (range.lowerBound, shape[axis] - range.upperBound)
        return Tensor.record(sliceKernel(axis: axis, range), inputs: [self]) { c in [c.grad.padded(axis: axis, before: before, after: after)] }
    }

    /// Zeros added before and after the elements along `axis`.
    public func padded(axis: Int, before: Int, after: Int) -> Tensor {
        let axis = normalizedAxis(axis)
        if before == 0 && after == 0 { return self }
        let kept = before..<(before + shape[axis])
        return Tensor.record(padKernel(axis: axis, before: before, after: after), inputs: [self]) { c in [c.grad.slice(axis: axis, kept)] }
    }

    /// Tensors joined along `axis`; all other extents must agree.
    public static func concatenate(_ parts: [Tensor], axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "concatenate needs at least one tensor")
        let axis = parts[0].normalizedAxis(axis)
        let (value, ranges) = concatenateKernel(parts, axis: axis)
        return record(value, inputs: parts) { c in ranges.indices.map { c.needs[$0] ? c.grad.slice(axis: axis, ranges[$0]) : nil } }
    }

    // MARK: Indexing

    /// The elements of `self` at `table`'s flat indices, in a tensor of shape `outShape`.
    public func gathered(at table: IndexTable, shape outShape: [Int]) -> Tensor {
        Tensor.record(gatherKernel(table, shape: outShape), inputs: [self]) { c in [c.grad.scattered(at: table, shape: c.x.shape)] }
    }

    /// A tensor of `shape` with each element of `self` added at its index in `table`.
    public func scattered(at table: IndexTable, shape outShape: [Int]) -> Tensor {
        Tensor.record(scatterKernel(table, shape: outShape), inputs: [self]) { c in [c.grad.gathered(at: table, shape: c.x.shape)] }
    }

    /// k×k max-pooling with stride k over NCHW input (the last rows/columns that do not fill a
    /// window are dropped): a gather whose indices the kernel picks. The gradient flows to each
    /// window's first maximal element.
    public func maxPool2d(_ k: Int = 2) -> Tensor {
        let (value, table) = maxPoolKernel(k)
        return Tensor.record(value, inputs: [self]) { c in [c.grad.scattered(at: table, shape: c.x.shape)] }
    }

    // MARK: Linear algebra

    /// op(self)·op(other) for matrices, where op transposes when asked.
    public func matmul(_ other: Tensor, transposeSelf tA: Bool = false, transposeOther tB: Bool = false) -> Tensor {
        Tensor.record(matmulKernel(other, transposeSelf: tA, transposeOther: tB), inputs: [self, other]) { c in c.needed(
            { tA ? c.y.matmul(c.grad, transposeSelf: tB, transposeOther: true) : c.grad.matmul(c.y, transposeOther: !tB) },
            { tB ? c.grad.matmul(c.x, transposeSelf: true, transposeOther: tA) : c.x.matmul(c.grad, transposeSelf: !tA) }) }
    }

    /// The solution X of self·X = rhs for a square, non-singular `self` [n, n] and `rhs` [n, k]:
    /// ∂/∂rhs = A⁻ᵀG, ∂/∂A = −(A⁻ᵀG)·Xᵀ.
    public func solve(_ rhs: Tensor) -> Tensor {
        Tensor.record(solveKernel(rhs), inputs: [self, rhs], keepOutput: true) { c in c.needed(
            { -c.x.transposed.solve(c.grad).matmul(c.output!, transposeOther: true) }, { c.x.transposed.solve(c.grad) }) }
    }

    // MARK: Convolution
    // Three views of one trilinear form T(x, w, g) = ⟨conv2d(x, w), g⟩: conv2d = ∂T/∂g,
    // conv2dBackwardInput = ∂T/∂x, conv2dBackwardWeight = ∂T/∂w; the rule of each is the other two.

    /// Cross-correlation of NCHW `self` with weight [out, in, kh, kw], zero padding on all sides.
    public func conv2d(_ weight: Tensor, stride s: Int = 1, padding p: Int = 0) -> Tensor {
        Tensor.record(convKernel(weight, stride: s, padding: p), inputs: [self, weight]) { c in c.needed(
            { c.grad.conv2dBackwardInput(c.y, inputShape: c.x.shape, stride: s, padding: p) },
            { c.x.conv2dBackwardWeight(c.grad, weightShape: c.y.shape, stride: s, padding: p) }) }
    }

    /// The gradient of a convolution with respect to its input, for output gradient `self`.
    public func conv2dBackwardInput(_ weight: Tensor, inputShape: [Int], stride s: Int, padding p: Int) -> Tensor {
        Tensor.record(convBackwardInputKernel(weight, inputShape: inputShape, stride: s, padding: p), inputs: [self, weight]) { c in c.needed(
            { c.grad.conv2d(c.y, stride: s, padding: p) },
            { c.grad.conv2dBackwardWeight(c.x, weightShape: c.y.shape, stride: s, padding: p) }) }
    }

    /// The gradient of a convolution with respect to its weight, for input `self` and output gradient `outputGrad`.
    public func conv2dBackwardWeight(_ outputGrad: Tensor, weightShape: [Int], stride s: Int, padding p: Int) -> Tensor {
        Tensor.record(convBackwardWeightKernel(outputGrad, weightShape: weightShape, stride: s, padding: p), inputs: [self, outputGrad]) { c in c.needed(
            { c.y.conv2dBackwardInput(c.grad, inputShape: c.x.shape, stride: s, padding: p) },
            { c.x.conv2d(c.grad, stride: s, padding: p) }) }
    }
}

// MARK: Elementwise kernels
// Kept in this file with their callers: `swift build` in debug mode compiles file by file
// (no whole-module optimisation), and only a kernel inlined into its caller gets its `op`
// inlined too instead of a call per element.

/// `op` applied to each element of `x`.
@inline(__always)
func unaryKernel(_ x: Tensor, _ op: (Float) -> Float) -> Tensor {
    let out = TensorStorage(count: x.count)
    let src = x.storage.pointer, dst = out.pointer
    for i in 0..<x.count { dst[i] = op(src[i]) }
    return Tensor(shape: x.shape, storage: out)
}

/// `op(a, b)` elementwise with broadcasting.
@inline(__always)
func binaryKernel(_ a: Tensor, _ b: Tensor, _ op: (Float, Float) -> Float) -> Tensor {
    let shape = a.shape == b.shape ? a.shape : broadcastShape(a.shape, b.shape)
    let out = TensorStorage(count: shapeCount(shape))
    let pa = a.storage.pointer, pb = b.storage.pointer, po = out.pointer
    if a.shape == b.shape {
        for i in 0..<out.count { po[i] = op(pa[i], pb[i]) }
        return Tensor(shape: shape, storage: out)
    }
    let loop = StridedLoop(extents: shape, strides: [broadcastStrides(a.shape, to: shape), broadcastStrides(b.shape, to: shape), contiguousStrides(shape)])
    loop.forEachRun { offsets, count, inner in
        let x = pa + offsets[0], y = pb + offsets[1], z = po + offsets[2]
        switch (inner[0], inner[1]) {
        case (1, 1): for i in 0..<count { z[i] = op(x[i], y[i]) }
        case (1, 0): let c = y.pointee; for i in 0..<count { z[i] = op(x[i], c) }
        case (0, 1): let c = x.pointee; for i in 0..<count { z[i] = op(c, y[i]) }
        default: for i in 0..<count { z[i * inner[2]] = op(x[i * inner[0]], y[i * inner[1]]) }
        }
    }
    return Tensor(shape: shape, storage: out)
}

extension Tensor {
    /// xᵖ, with the common exponents as exact single instructions instead of a `pow` call.
    func powKernel(_ p: Float) -> Tensor {
        switch p {
        case 2: return unaryKernel(self) { $0 * $0 }
        case 0.5: return unaryKernel(self) { $0.squareRoot() }
        case -1: return unaryKernel(self) { 1 / $0 }
        case -0.5: return unaryKernel(self) { 1 / $0.squareRoot() }
        default: return unaryKernel(self) { Foundation.pow($0, p) }
        }
    }
}
