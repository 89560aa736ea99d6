/// Elementwise unary primitives. Rules that need the op's value use `context.output`, which
/// carries the graph when one is being created, so they can be differentiated again.

@inline(__always)
func unaryKernel(_ x: Tensor, _ op: (Float) -> Float) -> TensorStorage {
    let out = TensorStorage(count: x.count)
    let src = x.storage.pointer, dst = out.pointer
    for i in 0..<x.count { dst[i] = op(src[i]) }
    return out
}

extension Tensor {
    /// Elementwise negation.
    public static prefix func - (x: Tensor) -> Tensor {
        record(unaryKernel(x) { -$0 }, shape: x.shape, inputs: [x]) { c in [-c.grad] }
    }

    /// Elementwise eˣ.
    public func exp() -> Tensor {
        Tensor.record(unaryKernel(self) { Foundation.exp($0) }, shape: shape, inputs: [self], keepOutput: true) { c in
            [c.grad * c.output!]
        }
    }

    /// Elementwise natural logarithm.
    public func log() -> Tensor {
        Tensor.record(unaryKernel(self) { Foundation.log($0) }, shape: shape, inputs: [self]) { c in
            [c.grad / c.inputs[0]]
        }
    }

    /// Elementwise square root.
    public func sqrt() -> Tensor {
        Tensor.record(unaryKernel(self) { $0.squareRoot() }, shape: shape, inputs: [self], keepOutput: true) { c in
            [c.grad / c.output!.scaled(by: 2)]
        }
    }

    /// Elementwise xᵖ for a constant exponent.
    public func pow(_ p: Float) -> Tensor {
        Tensor.record(unaryKernel(self) { Foundation.pow($0, p) }, shape: shape, inputs: [self]) { c in
            let x = c.inputs[0]
            let derivative = p == 2 ? x.scaled(by: 2) : x.pow(p - 1).scaled(by: p)
            return [c.grad * derivative]
        }
    }

    /// Elementwise max(x, 0). Its derivative is the constant mask x > 0 (zero second derivative).
    public func relu() -> Tensor {
        Tensor.record(unaryKernel(self) { Swift.max($0, 0) }, shape: shape, inputs: [self], keepOutput: true) { c in
            [c.grad * c.output!.detached().mask { $0 > 0 }]
        }
    }

    /// Elementwise |x|; derivative sign(x), taken as 0 at 0.
    public func abs() -> Tensor {
        Tensor.record(unaryKernel(self) { Swift.abs($0) }, shape: shape, inputs: [self]) { c in
            [c.grad * c.inputs[0].detached().map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }]
        }
    }

    /// Elementwise hyperbolic tangent.
    public func tanh() -> Tensor {
        Tensor.record(unaryKernel(self) { Foundation.tanh($0) }, shape: shape, inputs: [self], keepOutput: true) { c in
            let y = c.output!
            return [c.grad * (1 - y * y)]
        }
    }

    /// Elementwise logistic function 1 / (1 + e⁻ˣ).
    public func sigmoid() -> Tensor {
        Tensor.record(unaryKernel(self) { 1 / (1 + Foundation.exp(-$0)) }, shape: shape, inputs: [self], keepOutput: true) { c in
            let y = c.output!
            return [c.grad * y * (1 - y)]
        }
    }

    /// A constant tensor of `f` applied to each element (no gradient flows through it).
    public func map(_ f: (Float) -> Float) -> Tensor {
        Tensor(shape: shape, storage: unaryKernel(self, f))
    }

    /// A constant 0/1 tensor: 1 where `predicate` holds.
    public func mask(_ predicate: (Float) -> Bool) -> Tensor {
        map { predicate($0) ? 1 : 0 }
    }
}

import Foundation
