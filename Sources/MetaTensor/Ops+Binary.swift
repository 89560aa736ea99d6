/// Elementwise binary primitives with broadcasting: add, subtract, multiply, divide.
/// Their rules reduce the gradient back to each operand's shape (`sum(toShape:)`).

@inline(__always)
func binaryKernel(_ a: Tensor, _ b: Tensor, _ op: (Float, Float) -> Float) -> (TensorStorage, [Int]) {
    let shape = a.shape == b.shape ? a.shape : broadcastShape(a.shape, b.shape)
    let out = TensorStorage(count: shapeCount(shape))
    let pa = a.storage.pointer, pb = b.storage.pointer, po = out.pointer
    if a.shape == b.shape {
        for i in 0..<out.count { po[i] = op(pa[i], pb[i]) }
        return (out, shape)
    }
    let loop = StridedLoop(extents: shape, strides: [broadcastStrides(a.shape, to: shape), broadcastStrides(b.shape, to: shape), contiguousStrides(shape)])
    loop.forEachRun { offsets, count, inner in
        let x = pa + offsets[0], y = pb + offsets[1], z = po + offsets[2]
        switch (inner[0], inner[1]) {
        case (1, 1): for i in 0..<count { z[i] = op(x[i], y[i]) }
        case (1, 0): let c = y.pointee; for i in 0..<count { z[i] = op(x[i], c) }
        case (0, 1): let c = x.pointee; for i in 0..<count { z[i] = op(c, y[i]) }
        default: for i in 0..<count { z[i * inner[2]] = op(x[i * inner[0]], y[i * inner[1]]) }
        }
    }
    return (out, shape)
}

extension Tensor {
    /// Elementwise sum with broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let (out, shape) = binaryKernel(a, b, +)
        let (sa, sb) = (a.shape, b.shape)
        return record(out, shape: shape, inputs: [a, b]) { c in
            [c.needs[0] ? c.grad.sum(toShape: sa) : nil, c.needs[1] ? c.grad.sum(toShape: sb) : nil]
        }
    }

    /// Elementwise difference with broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let (out, shape) = binaryKernel(a, b, -)
        let (sa, sb) = (a.shape, b.shape)
        return record(out, shape: shape, inputs: [a, b]) { c in
            [c.needs[0] ? c.grad.sum(toShape: sa) : nil, c.needs[1] ? (-c.grad).sum(toShape: sb) : nil]
        }
    }

    /// Elementwise product with broadcasting.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let (out, shape) = binaryKernel(a, b, *)
        return record(out, shape: shape, inputs: [a, b]) { c in
            let (x, y) = (c.inputs[0], c.inputs[1])
            return [c.needs[0] ? (c.grad * y).sum(toShape: x.shape) : nil,
                    c.needs[1] ? (c.grad * x).sum(toShape: y.shape) : nil]
        }
    }

    /// Elementwise quotient with broadcasting.
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let (out, shape) = binaryKernel(a, b, /)
        return record(out, shape: shape, inputs: [a, b]) { c in
            let (x, y) = (c.inputs[0], c.inputs[1])
            let gx = c.grad / y
            return [c.needs[0] ? gx.sum(toShape: x.shape) : nil,
                    c.needs[1] ? (-(gx * x / y)).sum(toShape: y.shape) : nil]
        }
    }

    public static func + (a: Tensor, b: Float) -> Tensor { a + Tensor(b) }
    public static func + (a: Float, b: Tensor) -> Tensor { Tensor(a) + b }
    public static func - (a: Tensor, b: Float) -> Tensor { a - Tensor(b) }
    public static func - (a: Float, b: Tensor) -> Tensor { Tensor(a) - b }
    public static func * (a: Tensor, b: Float) -> Tensor { a.scaled(by: b) }
    public static func * (a: Float, b: Tensor) -> Tensor { b.scaled(by: a) }
    public static func / (a: Tensor, b: Float) -> Tensor { a.scaled(by: 1 / b) }
    public static func / (a: Float, b: Tensor) -> Tensor { Tensor(a) / b }

    /// `self` times a constant (a cheaper path than a broadcast product).
    public func scaled(by factor: Float) -> Tensor {
        let out = TensorStorage(count: count)
        let src = storage.pointer, dst = out.pointer
        for i in 0..<count { dst[i] = src[i] * factor }
        return Tensor.record(out, shape: shape, inputs: [self]) { c in [c.grad.scaled(by: factor)] }
    }
}
