/// Max-pooling, expressed through two index primitives that are each other's gradients:
/// `gathered(at:)` picks elements by flat index, `scattered(at:shape:)` adds them back.

/// Flat element indices chosen by an op (e.g. the argmax of each pooling window).
public final class IndexTable: @unchecked Sendable {
    /// One source index per output element.
    public let indices: [Int32]
    init(_ indices: [Int32]) { self.indices = indices }
}

extension Tensor {
    /// k×k max-pooling with stride k over NCHW input (the last rows/columns that do not fill a
    /// window are dropped). The gradient flows to each window's first maximal element.
    public func maxPool2d(_ k: Int = 2) -> Tensor {
        precondition(rank == 4 && k >= 1 && shape[2] >= k && shape[3] >= k, "maxPool2d(\(k)) of shape \(shape)")
        let (n, ch, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let (oh, ow) = (h / k, w / k)
        var table = [Int32](repeating: 0, count: n * ch * oh * ow)
        let out = TensorStorage(count: table.count)
        let src = storage.pointer, dst = out.pointer
        let planes = n * ch
        let workers = Swift.min(ComputeThreads.available, Swift.max(1, planes * h * w / 65_536))
        table.withUnsafeMutableBufferPointer { indices in
            let idx = indices.baseAddress!
            parallelFor(workers) { worker in
                for plane in (planes * worker / workers)..<(planes * (worker + 1) / workers) {
                    let base = plane * h * w, outBase = plane * oh * ow
                    for oy in 0..<oh {
                        for ox in 0..<ow {
                            var best = base + oy * k * w + ox * k
                            for dy in 0..<k {
                                let row = base + (oy * k + dy) * w + ox * k
                                for dx in 0..<k where src[row + dx] > src[best] { best = row + dx }
                            }
                            dst[outBase + oy * ow + ox] = src[best]
                            idx[outBase + oy * ow + ox] = Int32(best)
                        }
                    }
                }
            }
        }
        let indices = IndexTable(table)
        let inputShape = shape
        return Tensor.record(out, shape: [n, ch, oh, ow], inputs: [self]) { c in
            [c.grad.scattered(at: indices, shape: inputShape)]
        }
    }

    /// The elements of `self` at `table`'s flat indices, shaped like `self`'s gradient source.
    public func gathered(at table: IndexTable, shape outShape: [Int]) -> Tensor {
        precondition(table.indices.count == shapeCount(outShape), "gather of \(table.indices.count) indices into shape \(outShape)")
        let out = TensorStorage(count: table.indices.count)
        let src = storage.pointer
        for (i, index) in table.indices.enumerated() { out.pointer[i] = src[Int(index)] }
        let sourceShape = shape
        return Tensor.record(out, shape: outShape, inputs: [self]) { c in [c.grad.scattered(at: table, shape: sourceShape)] }
    }

    /// A tensor of `shape` with each element of `self` added at its index in `table`.
    public func scattered(at table: IndexTable, shape outShape: [Int]) -> Tensor {
        precondition(table.indices.count == count, "scatter of \(count) elements with \(table.indices.count) indices")
        let out = TensorStorage(count: shapeCount(outShape), repeating: 0)
        let src = storage.pointer
        for (i, index) in table.indices.enumerated() { out.pointer[Int(index)] += src[i] }
        let sourceShape = shape
        return Tensor.record(out, shape: outShape, inputs: [self]) { c in [c.grad.gathered(at: table, shape: sourceShape)] }
    }
}
