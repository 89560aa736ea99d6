/// The value kernels of the reduction, shape and index primitives. Each returns a constant
/// tensor; the rule table (`Primitives.swift`) attaches the gradient.

extension Tensor {
    /// The sum over `axes`, which are kept with extent 1.
    func sumKernel(axes: Set<Int>) -> Tensor {
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
                if inner[0] == 1 { total = sumFloats(s, count: count) } else { for i in 0..<count { total += s[i * inner[0]] } }
                d.pointee += total
            } else {
                for i in 0..<count { d[i * inner[1]] += s[i * inner[0]] }
            }
        }
        return Tensor(shape: kept, storage: out)
    }

    /// The maximum along `axis` (kept with extent 1), and a 0/1 tensor shaped like `self`
    /// marking the first maximal element of each line.
    func maxKernel(axis: Int) -> (value: Tensor, oneHot: Tensor) {
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
        return (Tensor(shape: kept, storage: out), Tensor(shape: shape, storage: mask))
    }

    /// The axes reordered: axis `i` of the result is axis `axes[i]` of `self`.
    func permuteKernel(_ axes: [Int]) -> Tensor {
        let newShape = axes.map { shape[$0] }
        let sourceStrides = contiguousStrides(shape)
        let out = TensorStorage(count: count)
        let loop = StridedLoop(extents: newShape, strides: [axes.map { sourceStrides[$0] }, contiguousStrides(newShape)])
        let src = storage.pointer, dst = out.pointer
        loop.forEachRun { offsets, n, inner in
            let s = src + offsets[0], d = dst + offsets[1]
            for i in 0..<n { d[i * inner[1]] = s[i * inner[0]] }
        }
        return Tensor(shape: newShape, storage: out)
    }

    /// The slabs `range` along `axis`.
    func sliceKernel(axis: Int, _ range: Range<Int>) -> Tensor {
        var newShape = shape
        newShape[axis] = range.count
        let out = TensorStorage(count: shapeCount(newShape))
        copyBlocks(from: storage.pointer, shape: shape, axis: axis, start: range.lowerBound,
                   to: out.pointer, shape: newShape, start: 0, extent: range.count)
        return Tensor(shape: newShape, storage: out)
    }

    /// Zero slabs added before and after along `axis`.
    func padKernel(axis: Int, before: Int, after: Int) -> Tensor {
        var newShape = shape
        newShape[axis] += before + after
        let out = TensorStorage(count: shapeCount(newShape), repeating: 0)
        copyBlocks(from: storage.pointer, shape: shape, axis: axis, start: 0,
                   to: out.pointer, shape: newShape, start: before, extent: shape[axis])
        return Tensor(shape: newShape, storage: out)
    }

    /// `parts` joined along `axis`, and the range each part occupies there.
    static func concatenateKernel(_ parts: [Tensor], axis: Int) -> (value: Tensor, ranges: [Range<Int>]) {
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
        return (Tensor(shape: newShape, storage: out), ranges)
    }

    /// The elements at `table`'s flat indices, shaped `outShape`.
    func gatherKernel(_ table: IndexTable, shape outShape: [Int]) -> Tensor {
        precondition(table.count == shapeCount(outShape), "gather of \(table.count) indices into shape \(outShape)")
        let out = TensorStorage(count: table.count)
        let (src, dst, idx) = (storage.pointer, out.pointer, table.indices)
        for i in 0..<table.count { dst[i] = src[Int(idx[i])] }
        return Tensor(shape: outShape, storage: out)
    }

    /// A tensor shaped `outShape` with each element added at its index in `table`.
    func scatterKernel(_ table: IndexTable, shape outShape: [Int]) -> Tensor {
        precondition(table.count == count, "scatter of \(count) elements with \(table.count) indices")
        let out = TensorStorage(count: shapeCount(outShape), repeating: 0)
        let (src, dst, idx) = (storage.pointer, out.pointer, table.indices)
        for i in 0..<table.count { dst[Int(idx[i])] += src[i] }
        return Tensor(shape: outShape, storage: out)
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
