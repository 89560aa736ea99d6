/// Max-pooling, expressed through two index primitives that are each other's gradients:
/// `gathered(at:)` picks elements by flat index, `scattered(at:shape:)` adds them back.

/// Flat element indices chosen by an op (e.g. the argmax of each pooling window).
public final class IndexTable: @unchecked Sendable {
    /// The number of indices.
    public let count: Int
    /// One source index per output element.
    let indices: UnsafeMutablePointer<Int32>

    init(count: Int) {
        self.count = count
        indices = UnsafeMutablePointer<Int32>.allocate(capacity: max(count, 1))
    }

    deinit { indices.deallocate() }
}

extension Tensor {
    /// k×k max-pooling with stride k over NCHW input (the last rows/columns that do not fill a
    /// window are dropped). The gradient flows to each window's first maximal element.
    public func maxPool2d(_ k: Int = 2) -> Tensor {
        precondition(rank == 4 && k >= 1 && shape[2] >= k && shape[3] >= k, "maxPool2d(\(k)) of shape \(shape)")
        let (n, ch, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let (oh, ow) = (h / k, w / k)
        let table = IndexTable(count: n * ch * oh * ow)
        let out = TensorStorage(count: table.count)
        let (src, dst, idx) = (storage.pointer, out.pointer, table.indices)
        let planes = n * ch
        let workers = Swift.min(ComputeThreads.available, Swift.max(1, planes * h * w / 65_536))
        parallelFor(workers) { worker in
            for plane in (planes * worker / workers)..<(planes * (worker + 1) / workers) {
                let base = plane * h * w, outBase = plane * oh * ow
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        let corner = base + oy * k * w + ox * k
                        var best = corner
                        if k == 2 {
                            // The common 2×2 window, branch-free (data-dependent branches mispredict
                            // half the time); ties keep the first maximum in reading order.
                            let (v0, v1, v2, v3) = (src[corner], src[corner + 1], src[corner + w], src[corner + w + 1])
                            let rightTop = v1 > v0, rightBottom = v3 > v2
                            let top = rightTop ? v1 : v0, bottom = rightBottom ? v3 : v2
                            let topOffset = rightTop ? 1 : 0, bottomOffset = rightBottom ? w + 1 : w
                            best = corner + (bottom > top ? bottomOffset : topOffset)
                        } else {
                            for dy in 0..<k {
                                let row = corner + dy * w
                                for dx in 0..<k where src[row + dx] > src[best] { best = row + dx }
                            }
                        }
                        dst[outBase + oy * ow + ox] = src[best]
                        idx[outBase + oy * ow + ox] = Int32(best)
                    }
                }
            }
        }
        let inputShape = shape
        return Tensor.record(out, shape: [n, ch, oh, ow], inputs: [self]) { c in
            [c.grad.scattered(at: table, shape: inputShape)]
        }
    }

    /// The elements of `self` at `table`'s flat indices, in a tensor of shape `outShape`.
    public func gathered(at table: IndexTable, shape outShape: [Int]) -> Tensor {
        precondition(table.count == shapeCount(outShape), "gather of \(table.count) indices into shape \(outShape)")
        let out = TensorStorage(count: table.count)
        let (src, dst, idx) = (storage.pointer, out.pointer, table.indices)
        for i in 0..<table.count { dst[i] = src[Int(idx[i])] }
        let sourceShape = shape
        return Tensor.record(out, shape: outShape, inputs: [self]) { c in [c.grad.scattered(at: table, shape: sourceShape)] }
    }

    /// A tensor of `shape` with each element of `self` added at its index in `table`.
    public func scattered(at table: IndexTable, shape outShape: [Int]) -> Tensor {
        precondition(table.count == count, "scatter of \(count) elements with \(table.count) indices")
        let out = TensorStorage(count: shapeCount(outShape), repeating: 0)
        let (src, dst, idx) = (storage.pointer, out.pointer, table.indices)
        for i in 0..<table.count { dst[Int(idx[i])] += src[i] }
        let sourceShape = shape
        return Tensor.record(out, shape: outShape, inputs: [self]) { c in [c.grad.gathered(at: table, shape: sourceShape)] }
    }
}
