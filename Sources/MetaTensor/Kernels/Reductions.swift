/// Vectorised reductions over contiguous runs (Swift does not reorder float additions, so
/// plain loops would run one element at a time).

private typealias V = SIMD16<Float>

/// Σ x over `count` elements, in two vector accumulators (fixed order: the same sum every run).
@inline(__always)
func sumFloats(_ x: UnsafePointer<Float>, count: Int) -> Float {
    var a = V(), b = V()
    var i = 0
    while i + 32 <= count {
        a += UnsafeRawPointer(x + i).loadUnaligned(as: V.self)
        b += UnsafeRawPointer(x + i + 16).loadUnaligned(as: V.self)
        i += 32
    }
    if i + 16 <= count {
        a += UnsafeRawPointer(x + i).loadUnaligned(as: V.self)
        i += 16
    }
    var sum = (a + b).sum()
    while i < count { sum += x[i]; i += 1 }
    return sum
}

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

/// Σ g·[y > 0] and Σ g·[y > 0]·(v − shift) over `count` elements: batch norm's backward sums
/// behind a ReLU whose output is y, in vectors (a scalar float sum is one long dependency chain).
@inline(__always)
func maskedGradientSums(_ g: UnsafePointer<Float>, mask y: UnsafePointer<Float>, _ v: UnsafePointer<Float>,
                        count: Int, shift: Float) -> (sum: Float, dot: Float) {
    var s = V(), d = V()
    let (vs, zero) = (V(repeating: shift), V())
    var i = 0
    while i + 16 <= count {
        let yv = UnsafeRawPointer(y + i).loadUnaligned(as: V.self)
        let gv = zero.replacing(with: UnsafeRawPointer(g + i).loadUnaligned(as: V.self), where: yv .> zero)
        s += gv
        d = d.addingProduct(gv, UnsafeRawPointer(v + i).loadUnaligned(as: V.self) - vs)
        i += 16
    }
    var sum = s.sum(), dot = d.sum()
    while i < count {
        let gk = y[i] > 0 ? g[i] : 0
        sum += gk
        dot += gk * (v[i] - shift)
        i += 1
    }
    return (sum, dot)
}
