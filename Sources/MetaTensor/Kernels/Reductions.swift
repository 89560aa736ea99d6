/// Vectorised reductions over contiguous runs (Swift does not reorder float additions, so
/// plain loops would run one element at a time).

private typealias V = SIMD16<Float>

/// Σ (x − shift) and Σ (x − shift)² over `count` elements.
@inline(__always)
func shiftedSums(_ x: UnsafePointer<Float>, count: Int, shift: Float) -> (sum: Float, squares: Float) {
    var s = V(), q = V()
    let vs = V(repeating: shift)
    var i = 0
    while i + 16 <= count {
        let d = UnsafeRawPointer(x + i).loadUnaligned(as: V.self) - vs
        s += d
        q = q.addingProduct(d, d)
        i += 16
    }
    var sum = s.sum(), squares = q.sum()
    while i < count {
        let d = x[i] - shift
        sum += d
        squares += d * d
        i += 1
    }
    return (sum, squares)
}

/// Σ g and Σ g·(x − shift) over `count` elements.
@inline(__always)
func gradientSums(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, count: Int, shift: Float) -> (sum: Float, dot: Float) {
    var s = V(), d = V()
    let vs = V(repeating: shift)
    var i = 0
    while i + 16 <= count {
        let gv = UnsafeRawPointer(g + i).loadUnaligned(as: V.self)
        let xv = UnsafeRawPointer(x + i).loadUnaligned(as: V.self) - vs
        s += gv
        d = d.addingProduct(gv, xv)
        i += 16
    }
    var sum = s.sum(), dot = d.sum()
    while i < count {
        sum += g[i]
        dot += g[i] * (x[i] - shift)
        i += 1
    }
    return (sum, dot)
}
