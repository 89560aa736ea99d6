/// The max-pooling kernels. Pooling's gradient is `scattered(at:shape:)` with the table of
/// picked indices (see `Primitives.swift`).

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
    /// window are dropped): each window's first maximal element, and the table of their indices.
    func maxPoolKernel(_ k: Int) -> (value: Tensor, table: IndexTable) {
        precondition(rank == 4 && k >= 1 && shape[2] >= k && shape[3] >= k, "maxPool2d(\(k)) of shape \(shape)")
        precondition(count < Int(Int32.max), "maxPool2d of \(count) elements: indices are 32-bit")
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
                pick2x2(src, planes: planeRange, height: h, width: w, signs: [1], values: dst, indices: idx)
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
        return (Tensor(shape: [n, ch, oh, ow], storage: out), table)
    }
}

/// For each 2×2 window of whole planes with even sides, the flat index of its largest element
/// after multiplying plane p by `signs[p % signs.count]` (1 for max-pooling; −1 picks minima),
/// and that element's value (unscaled). Both passes run in SIMD, because data-dependent
/// branches would mispredict half the time: the first over each plane flat — its horizontal
/// pairs are contiguous — the second over each pair of rows. Ties keep the first in reading order.
func pick2x2(_ src: UnsafeMutablePointer<Float>, planes: Range<Int>, height h: Int, width w: Int, signs: [Float],
             values: UnsafeMutablePointer<Float>, indices: UnsafeMutablePointer<Int32>) {
    let (half, ow) = (h * w / 2, w / 2)
    // 16 elements of slack: the row pass reads whole vectors past a row's end.
    let pairs = takeScratch(half + 16), flagStorage = takeScratch(half + 16)
    defer { releaseScratch(pairs, half + 16); releaseScratch(flagStorage, half + 16) }
    let rightFlags = UnsafeMutableRawPointer(flagStorage).bindMemory(to: Int32.self, capacity: half + 16)
    let evenOffsets = SIMD16<Int32>(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30)
    let outEnd = planes.upperBound * half / 2
    for plane in planes {
        let input = src + plane * h * w
        let sign = signs[plane % signs.count]
        let vsign = SIMD16<Float>(repeating: sign)
        var i = 0
        while i + 16 <= half {
            let both = UnsafeRawPointer(input + 2 * i).loadUnaligned(as: SIMD32<Float>.self)
            let (left, right) = (both.evenHalf * vsign, both.oddHalf * vsign)
            let takeRight = right .> left
            UnsafeMutableRawPointer(pairs + i).storeBytes(of: left.replacing(with: right, where: takeRight), as: SIMD16<Float>.self)
            UnsafeMutableRawPointer(rightFlags + i).storeBytes(of: SIMD16<Int32>(repeating: 0).replacing(with: 1, where: takeRight),
                                                                as: SIMD16<Int32>.self)
            i += 16
        }
        while i < half {
            let (left, right) = (sign * input[2 * i], sign * input[2 * i + 1])
            pairs[i] = right > left ? right : left
            rightFlags[i] = right > left ? 1 : 0
            i += 1
        }
        let outBase = plane * half / 2
        let planeBase = Int32(plane * h * w), width = Int32(w)
        for oy in 0..<(h / 2) {
            let (top, topFlag) = (pairs + 2 * oy * ow, rightFlags + 2 * oy * ow)
            // Wrapping arithmetic: indices are below the tensor's size (checked by the caller).
            let topRow = planeBase &+ Int32(2 * oy) &* width
            var x = 0
            while x < ow {
                let upper = UnsafeRawPointer(top + x).loadUnaligned(as: SIMD16<Float>.self)
                let lowerRow = UnsafeRawPointer(top + ow + x).loadUnaligned(as: SIMD16<Float>.self)
                let upperFlag = UnsafeRawPointer(topFlag + x).loadUnaligned(as: SIMD16<Int32>.self)
                let lowerFlag = UnsafeRawPointer(topFlag + ow + x).loadUnaligned(as: SIMD16<Int32>.self)
                let lower = lowerRow .> upper
                // The pairs hold sign · value and the sign is ±1, so this is the element itself.
                let value = vsign * upper.replacing(with: lowerRow, where: lower)
                let index = (topRow &+ Int32(truncatingIfNeeded: 2 &* x)) &+ evenOffsets
                    &+ upperFlag.replacing(with: width &+ lowerFlag, where: lower)
                let out = outBase + oy * ow + x
                // A row's last, partial vector is stored whole when its spill stays within this
                // call's outputs: it lands on later rows' places, which are written after it.
                if x + 16 <= ow || out + 16 <= outEnd {
                    UnsafeMutableRawPointer(values + out).storeBytes(of: value, as: SIMD16<Float>.self)
                    UnsafeMutableRawPointer(indices + out).storeBytes(of: index, as: SIMD16<Int32>.self)
                } else {
                    for lane in 0..<(ow - x) {
                        values[out + lane] = value[lane]
                        indices[out + lane] = index[lane]
                    }
                }
                x += 16
            }
        }
    }
}
