/// Matrix product, the primitive behind linear layers and distance matrices. Its rule is two
/// more matrix products, so it differentiates to any order.

extension Tensor {
    /// op(self)·op(other) for matrices, where op transposes when asked.
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
        precondition(rank == 2 && other.rank == 2, "matmul needs matrices, got \(shape) and \(other.shape)")
        let (m, k) = transposeSelf ? (shape[1], shape[0]) : (shape[0], shape[1])
        let (k2, n) = transposeOther ? (other.shape[1], other.shape[0]) : (other.shape[0], other.shape[1])
        precondition(k == k2, "matmul shapes \(shape)\(transposeSelf ? "ᵀ" : "") and \(other.shape)\(transposeOther ? "ᵀ" : "") do not agree")
        let out = TensorStorage(count: m * n)
        gemm(m: m, n: n, k: k,
             a: MatrixOperand(storage.pointer, ld: shape[1], transposed: transposeSelf),
             b: MatrixOperand(other.storage.pointer, ld: other.shape[1], transposed: transposeOther),
             c: out.pointer, ldc: n, accumulate: false, threads: ComputeThreads.available)
        let (tA, tB) = (transposeSelf, transposeOther)
        return Tensor.record(out, shape: [m, n], inputs: [self, other]) { c in
            let (a, b, g) = (c.inputs[0], c.inputs[1], c.grad)
            let gradA = !c.needs[0] ? nil : tA ? b.matmul(g, transposeSelf: tB, transposeOther: true)
                                               : g.matmul(b, transposeOther: !tB)
            let gradB = !c.needs[1] ? nil : tB ? g.matmul(a, transposeSelf: true, transposeOther: tA)
                                               : a.matmul(g, transposeSelf: !tA)
            return [gradA, gradB]
        }
    }
}
