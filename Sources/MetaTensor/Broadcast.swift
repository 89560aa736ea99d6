/// The shape two operands broadcast to (NumPy rules: align on the right, extents equal or 1).
public func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
    let rank = max(a.count, b.count)
    let pa = Array(repeating: 1, count: rank - a.count) + a
    let pb = Array(repeating: 1, count: rank - b.count) + b
    return (0..<rank).map { axis in
        let (x, y) = (pa[axis], pb[axis])
        precondition(x == y || x == 1 || y == 1, "shapes \(a) and \(b) do not broadcast")
        return x == 1 ? y : x
    }
}

/// Row-major strides of `shape`, with stride 0 on axes where `shape` is broadcast to `target`.
func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
    let padded = Array(repeating: 1, count: target.count - shape.count) + shape
    var strides = Array(repeating: 0, count: target.count)
    var step = 1
    for axis in stride(from: target.count - 1, through: 0, by: -1) {
        strides[axis] = padded[axis] == 1 && target[axis] != 1 ? 0 : step
        step *= padded[axis]
    }
    return strides
}

/// A loop nest over `extents` with one stride list per operand, adjacent axes merged where every
/// operand allows it, so the common cases (same shape, scalar, per-channel) become one or two loops.
struct StridedLoop {
    var extents: [Int]
    var strides: [[Int]]

    init(extents: [Int], strides: [[Int]]) {
        var mergedExtents: [Int] = []
        var mergedStrides: [[Int]] = Array(repeating: [], count: strides.count)
        for axis in extents.indices where extents[axis] != 1 {
            if let last = mergedExtents.last,
               strides.indices.allSatisfy({ strides[$0][axis] * extents[axis] == mergedStrides[$0].last! }) {
                mergedExtents[mergedExtents.count - 1] = last * extents[axis]
                for op in strides.indices { mergedStrides[op][mergedStrides[op].count - 1] = strides[op][axis] }
            } else {
                mergedExtents.append(extents[axis])
                for op in strides.indices { mergedStrides[op].append(strides[op][axis]) }
            }
        }
        if mergedExtents.isEmpty {
            mergedExtents = [1]
            mergedStrides = strides.map { _ in [0] }
        }
        self.extents = mergedExtents
        self.strides = mergedStrides
    }

    /// Calls `body(offsets, innerCount, innerStrides)` once per innermost run.
    @inline(__always)
    func forEachRun(_ body: (_ offsets: [Int], _ count: Int, _ innerStrides: [Int]) -> Void) {
        let rank = extents.count
        let inner = strides.map { $0[rank - 1] }
        var index = Array(repeating: 0, count: rank)
        var offsets = Array(repeating: 0, count: strides.count)
        while true {
            body(offsets, extents[rank - 1], inner)
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                for op in strides.indices { offsets[op] += strides[op][axis] }
                if index[axis] < extents[axis] { break }
                for op in strides.indices { offsets[op] -= strides[op][axis] * extents[axis] }
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }
}

extension Tensor {
    /// The values of `self` repeated along broadcast axes to `target`'s shape.
    func broadcastStorage(to target: [Int]) -> TensorStorage {
        let out = TensorStorage(count: shapeCount(target))
        let loop = StridedLoop(extents: target, strides: [broadcastStrides(shape, to: target), contiguousStrides(target)])
        let src = storage.pointer, dst = out.pointer
        loop.forEachRun { offsets, count, inner in
            let s = src + offsets[0], d = dst + offsets[1]
            if inner[0] == 0 {
                d.update(repeating: s.pointee, count: count)
            } else {
                for i in 0..<count { d[i * inner[1]] = s[i * inner[0]] }
            }
        }
        return out
    }
}

/// Row-major strides of a shape.
public func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = Array(repeating: 1, count: shape.count)
    var step = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[axis] = step
        step *= shape[axis]
    }
    return strides
}
