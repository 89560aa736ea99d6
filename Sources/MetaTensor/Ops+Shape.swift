/// Shape primitives: reshape, expand (broadcast), permute, slice, pad and concatenate.
/// Each one's rule is another of them, so they differentiate to any order.

extension Tensor {
    /// The same elements under another shape (no copy). One extent may be -1 (inferred).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var target = newShape
        if let unknown = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != unknown }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            target[unknown] = count / known
        }
        precondition(shapeCount(target) == count, "cannot reshape \(shape) (\(count) elements) to \(newShape)")
        if target == shape { return self }
        let original = shape
        return Tensor.record(storage, shape: target, inputs: [self]) { c in [c.grad.reshaped(original)] }
    }

    /// The values repeated along axes of extent 1 (and new leading axes) to `target`.
    public func expand(to target: [Int]) -> Tensor {
        if target == shape { return self }
        precondition(broadcastShape(shape, target) == target, "cannot expand \(shape) to \(target)")
        let original = shape
        return Tensor.record(broadcastStorage(to: target), shape: target, inputs: [self]) { c in [c.grad.sum(toShape: original)] }
    }

    /// The axes reordered: axis `i` of the result is axis `axes[i]` of `self`.
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(axes.sorted() == Array(0..<rank), "permutation \(axes) for shape \(shape)")
        if axes == Array(0..<rank) { return self }
        let newShape = axes.map { shape[$0] }
        let sourceStrides = contiguousStrides(shape)
        let out = TensorStorage(count: count)
        let loop = StridedLoop(extents: newShape, strides: [axes.map { sourceStrides[$0] }, contiguousStrides(newShape)])
        let src = storage.pointer, dst = out.pointer
        loop.forEachRun { offsets, n, inner in
            let s = src + offsets[0], d = dst + offsets[1]
            for i in 0..<n { d[i * inner[1]] = s[i * inner[0]] }
        }
        var inverseAxes = Array(repeating: 0, count: rank)
        for (i, axis) in axes.enumerated() { inverseAxes[axis] = i }
        let inverse = inverseAxes
        return Tensor.record(out, shape: newShape, inputs: [self]) { c in [c.grad.permuted(inverse)] }
    }

    /// The transpose of a matrix.
    public var transposed: Tensor {
        precondition(rank == 2, "transposed needs a matrix, got shape \(shape)")
        return permuted([1, 0])
    }

    /// The elements whose index along `axis` lies in `range`.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let axis = normalizedAxis(axis)
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis], "slice \(range) of axis \(axis) in shape \(shape)")
        if range.count == shape[axis] { return self }
        var newShape = shape
        newShape[axis] = range.count
        let out = TensorStorage(count: shapeCount(newShape))
        copyBlocks(from: storage.pointer, shape: shape, axis: axis, start: range.lowerBound,
                   to: out.pointer, shape: newShape, start: 0, extent: range.count)
        let before = range.lowerBound, after = shape[axis] - range.upperBound
        return Tensor.record(out, shape: newShape, inputs: [self]) { c in [c.grad.padded(axis: axis, before: before, after: after)] }
    }

    /// Zeros added before and after the elements along `axis`.
    public func padded(axis: Int, before: Int, after: Int) -> Tensor {
        let axis = normalizedAxis(axis)
        if before == 0 && after == 0 { return self }
        var newShape = shape
        newShape[axis] += before + after
        let out = TensorStorage(count: shapeCount(newShape), repeating: 0)
        copyBlocks(from: storage.pointer, shape: shape, axis: axis, start: 0,
                   to: out.pointer, shape: newShape, start: before, extent: shape[axis])
        let extent = shape[axis]
        return Tensor.record(out, shape: newShape, inputs: [self]) { c in [c.grad.slice(axis: axis, before..<(before + extent))] }
    }

    /// Tensors joined along `axis`; all other extents must agree.
    public static func concatenate(_ parts: [Tensor], axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "concatenate needs at least one tensor")
        let axis = parts[0].normalizedAxis(axis)
        var newShape = parts[0].shape
        newShape[axis] = parts.map { $0.shape[axis] }.reduce(0, +)
        let out = TensorStorage(count: shapeCount(newShape))
        var start = 0
        var ranges: [Range<Int>] = []
        for part in parts {
            var expected = newShape
            expected[axis] = part.shape[axis]
            precondition(part.shape == expected, "concatenate along \(axis): shape \(part.shape) does not match \(parts[0].shape)")
            copyBlocks(from: part.storage.pointer, shape: part.shape, axis: axis, start: 0,
                       to: out.pointer, shape: newShape, start: start, extent: part.shape[axis])
            ranges.append(start..<(start + part.shape[axis]))
            start += part.shape[axis]
        }
        let partRanges = ranges
        return record(out, shape: newShape, inputs: parts) { c in
            partRanges.indices.map { c.needs[$0] ? c.grad.slice(axis: axis, partRanges[$0]) : nil }
        }
    }

    /// Tensors of one shape stacked along a new leading axis.
    public static func stack(_ parts: [Tensor]) -> Tensor {
        concatenate(parts.map { $0.reshaped([1] + $0.shape) }, axis: 0)
    }
}

/// Copies `extent` slabs along `axis` between two tensors that differ only in that axis.
private func copyBlocks(from src: UnsafeMutablePointer<Float>, shape srcShape: [Int], axis: Int, start srcStart: Int,
                        to dst: UnsafeMutablePointer<Float>, shape dstShape: [Int], start dstStart: Int, extent: Int) {
    let outer = srcShape[..<axis].reduce(1, *)
    let inner = srcShape[(axis + 1)...].reduce(1, *)
    let block = extent * inner
    for o in 0..<outer {
        (dst + (o * dstShape[axis] + dstStart) * inner).update(from: src + (o * srcShape[axis] + srcStart) * inner, count: block)
    }
}
