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
        indices = BufferPool.shared.take(bytes: max(count, 1) * 4).bindMemory(to: Int32.self, capacity: max(count, 1))
    }

    deinit { BufferPool.shared.give(UnsafeMutableRawPointer(indices), bytes: max(count, 1) * 4) }
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
            let planeRange = (planes * worker / workers)..<(planes * (worker + 1) / workers)
            if k == 2 && h % 2 == 0 && w % 2 == 0 {
                maxPool2x2Planes(src, dst, idx, planes: planeRange, height: h, width: w)
                return
            }
            for plane in planeRange {
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

/// 2×2 max-pooling of whole planes with even sides. Each plane's horizontal pairs are
/// contiguous, so the first pass runs flat over the plane in SIMD (data-dependent branches
/// would mispredict half the time); the second pass takes the larger of two rows.
/// Ties keep the first maximum in reading order.
private func maxPool2x2Planes(_ src: UnsafeMutablePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
                              _ idx: UnsafeMutablePointer<Int32>, planes: Range<Int>, height h: Int, width w: Int) {
    let (half, ow) = (h * w / 2, w / 2)
    let pairs = takeScratch(half)
    let rightOfPair = UnsafeMutableRawPointer(takeScratch(half)).bindMemory(to: Int32.self, capacity: half)
    defer { releaseScratch(pairs, half); releaseScratch(UnsafeMutableRawPointer(rightOfPair).bindMemory(to: Float.self, capacity: half), half) }
    for plane in planes {
        let input = src + plane * h * w
        var i = 0
        while i + 16 <= half {
            let both = UnsafeRawPointer(input + 2 * i).loadUnaligned(as: SIMD32<Float>.self)
            let (left, right) = (both.evenHalf, both.oddHalf)
            let takeRight = right .> left
            UnsafeMutableRawPointer(pairs + i).storeBytes(of: left.replacing(with: right, where: takeRight), as: SIMD16<Float>.self)
            UnsafeMutableRawPointer(rightOfPair + i).storeBytes(of: SIMD16<Int32>(repeating: 0).replacing(with: 1, where: takeRight),
                                                                 as: SIMD16<Int32>.self)
            i += 16
        }
        while i < half {
            let (left, right) = (input[2 * i], input[2 * i + 1])
            pairs[i] = right > left ? right : left
            rightOfPair[i] = right > left ? 1 : 0
            i += 1
        }
        let output = dst + plane * half / 2, indices = idx + plane * half / 2
        let planeBase = plane * h * w
        for oy in 0..<(h / 2) {
            let top = pairs + 2 * oy * ow, bottom = top + ow
            let topFlag = rightOfPair + 2 * oy * ow, bottomFlag = topFlag + ow
            for x in 0..<ow {
                let lower = bottom[x] > top[x]
                output[oy * ow + x] = lower ? bottom[x] : top[x]
                let row = 2 * oy + (lower ? 1 : 0)
                indices[oy * ow + x] = Int32(planeBase + row * w + 2 * x) + (lower ? bottomFlag[x] : topFlag[x])
            }
        }
    }
}
