import MetaTensor

/// Relative error between two vectors: ‖a − b‖ / max(‖a‖, ‖b‖, floor).
func relativeError(_ a: [Double], _ b: [Double], floor: Double = 1e-3) -> Double {
    precondition(a.count == b.count)
    var diff = 0.0, na = 0.0, nb = 0.0
    for i in a.indices { diff += (a[i] - b[i]) * (a[i] - b[i]); na += a[i] * a[i]; nb += b[i] * b[i] }
    return diff.squareRoot() / max(na.squareRoot(), nb.squareRoot(), floor)
}

/// A fixed random "projection" so a tensor-valued op becomes a scalar loss ⟨w, f(x)⟩.
func projection(_ shape: [Int], seed: UInt64) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return Tensor.normal(shape, using: &generator)
}

/// The largest relative difference between the gradients of ⟨w, a⟩ and ⟨w, b⟩ with respect to
/// each of `inputs`, for a fixed random w: how far two implementations of one op disagree.
func gradientMismatch(_ a: Tensor, _ b: Tensor, wrt inputs: [Tensor], seed: UInt64) -> Double {
    let w = projection(a.shape, seed: seed)
    let (ga, gb) = (gradients(of: (a * w).sum(), wrt: inputs), gradients(of: (b * w).sum(), wrt: inputs))
    return zip(ga, gb).map { relativeError($0.scalars.map(Double.init), $1.scalars.map(Double.init)) }.max() ?? 0
}

/// First-order check: the gradient of Σ w·f(inputs) against central differences (in Double) for every input.
func firstOrderError(_ inputs: [Tensor], step: Float = 1e-2, _ f: @escaping ([Tensor]) -> Tensor) -> Double {
    let variables = inputs.map { $0.variable() }
    let out = f(variables)
    let w = projection(out.shape, seed: 99)
    let loss = { (xs: [Tensor]) -> Double in Double((f(xs) * w).sum().scalar) }
    let analytic = gradients(of: (out * w).sum(), wrt: variables)
    var worst = 0.0
    for (index, input) in inputs.enumerated() {
        var numeric: [Double] = []
        for i in 0..<input.count {
            var plus = input.scalars, minus = input.scalars
            plus[i] += step
            minus[i] -= step
            var xp = inputs, xm = inputs
            xp[index] = Tensor(shape: input.shape, scalars: plus)
            xm[index] = Tensor(shape: input.shape, scalars: minus)
            numeric.append((loss(xp) - loss(xm)) / (2 * Double(step)))
        }
        worst = max(worst, relativeError(analytic[index].scalars.map(Double.init), numeric))
    }
    return worst
}

/// Second-order check: the Hessian-vector product of L = Σ w·f(x) (by double backward) against
/// central differences of the gradient along v, for every input.
func secondOrderError(_ inputs: [Tensor], step: Float = 1e-2, _ f: @escaping ([Tensor]) -> Tensor) -> Double {
    let variables = inputs.map { $0.variable() }
    let out = f(variables)
    let w = projection(out.shape, seed: 7)
    let directions = inputs.enumerated().map { projection($0.element.shape, seed: 100 + UInt64($0.offset)) }
    let grads = gradients(of: (out * w).sum(), wrt: variables, createGraph: true)
    var dot = Tensor(0)
    for (g, v) in zip(grads, directions) { dot = dot + (g * v).sum() }
    let hvp = gradients(of: dot, wrt: variables)

    func gradient(at xs: [Tensor]) -> [[Double]] {
        let vs = xs.map { $0.variable() }
        return gradients(of: (f(vs) * w).sum(), wrt: vs).map { $0.scalars.map(Double.init) }
    }
    let shift = { (sign: Float) in zip(inputs, directions).map { x, v in x + v * (sign * step) } }
    let plus = gradient(at: shift(1)), minus = gradient(at: shift(-1))
    var worst = 0.0
    for index in inputs.indices {
        let numeric = zip(plus[index], minus[index]).map { ($0 - $1) / (2 * Double(step)) }
        worst = max(worst, relativeError(hvp[index].scalars.map(Double.init), numeric))
    }
    return worst
}

/// Random test values with exact zeros and negatives mixed in.
func sample(_ shape: [Int], seed: UInt64, zeros: Bool = true, positive: Bool = false, awayFromZero: Float = 0) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    let values = (0..<shapeCount(shape)).map { i -> Float in
        if zeros && i % 5 == 2 { return 0 }
        var v = generator.normal()
        if awayFromZero > 0 { v += v < 0 ? -awayFromZero : awayFromZero }
        return positive ? Swift.abs(v) + 0.5 : v
    }
    return Tensor(shape: shape, scalars: values)
}
