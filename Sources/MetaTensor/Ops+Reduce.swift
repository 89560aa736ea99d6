/// Reductions: sum over axes (the primitive), and the derived mean, plus max along an axis.

extension Tensor {
    /// The sum over `axes`; the reduced axes are kept with extent 1 when `keepDims` is true.
    public func sum(axes: [Int], keepDims: Bool = false) -> Tensor {
        let axes = Set(axes.map { normalizedAxis($0) })
        let kept = shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
        let out = TensorStorage(count: shapeCount(kept), repeating: 0)
        var outStrides = contiguousStrides(kept)
        for axis in axes { outStrides[axis] = 0 }
        let loop = StridedLoop(extents: shape, strides: [contiguousStrides(shape), outStrides])
        let src = storage.pointer, dst = out.pointer
        loop.forEachRun { offsets, count, inner in
            let s = src + offsets[0], d = dst + offsets[1]
            if inner[1] == 0 {
                var total: Float = 0
                if inner[0] == 1 { for i in 0..<count { total += s[i] } } else { for i in 0..<count { total += s[i * inner[0]] } }
                d.pointee += total
            } else {
                for i in 0..<count { d[i * inner[1]] += s[i * inner[0]] }
            }
        }
        let inputShape = shape
        let result = Tensor.record(out, shape: kept, inputs: [self]) { c in [c.grad.expand(to: inputShape)] }
        return keepDims ? result : result.reshaped(shape.indices.filter { !axes.contains($0) }.map { shape[$0] })
    }

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

    /// The maximum along `axis`. The gradient goes to the first maximal element.
    public func max(axis: Int, keepDims: Bool = false) -> Tensor {
        let axis = normalizedAxis(axis)
        let outer = shape[..<axis].reduce(1, *), extent = shape[axis], inner = shape[(axis + 1)...].reduce(1, *)
        var kept = shape
        kept[axis] = 1
        let out = TensorStorage(count: outer * inner)
        let mask = TensorStorage(count: count, repeating: 0)
        let src = storage.pointer
        for o in 0..<outer {
            for i in 0..<inner {
                var best = -Float.infinity, bestIndex = 0
                for e in 0..<extent where src[(o * extent + e) * inner + i] > best || e == 0 {
                    best = src[(o * extent + e) * inner + i]
                    bestIndex = e
                }
                out.pointer[o * inner + i] = best
                mask.pointer[(o * extent + bestIndex) * inner + i] = 1
            }
        }
        let oneHot = Tensor(shape: shape, storage: mask)
        let inputShape = shape
        let result = Tensor.record(out, shape: kept, inputs: [self]) { c in [c.grad.expand(to: inputShape) * oneHot] }
        return keepDims ? result : result.reshaped(shape.indices.filter { $0 != axis }.map { shape[$0] })
    }

    /// `axis` counted from the end when negative.
    func normalizedAxis(_ axis: Int) -> Int {
        let a = axis < 0 ? axis + rank : axis
        precondition(a >= 0 && a < rank, "axis \(axis) out of range for shape \(shape)")
        return a
    }
}
