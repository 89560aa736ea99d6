/// The linear solve X = A⁻¹B, the primitive behind the ridge-regression head.
///
/// Its rule: for upstream gradient G, ∂/∂B = A⁻ᵀG and ∂/∂A = −(A⁻ᵀG)·Xᵀ — another solve and a
/// matrix product, so the solve differentiates to any order.
extension Tensor {
    /// The solution X of self·X = rhs for a square, non-singular `self` [n, n] and `rhs` [n, k].
    public func solve(_ rhs: Tensor) -> Tensor {
        precondition(rank == 2 && shape[0] == shape[1] && rhs.rank == 2 && rhs.shape[0] == shape[0],
                     "solve of \(shape) with right-hand side \(rhs.shape)")
        let (n, k) = (shape[0], rhs.shape[1])
        // Gaussian elimination with partial pivoting, in Double for accuracy.
        var a = scalars.map(Double.init), b = rhs.scalars.map(Double.init)
        for column in 0..<n {
            var pivot = column
            for row in (column + 1)..<Swift.max(n, column + 1) where Swift.abs(a[row * n + column]) > Swift.abs(a[pivot * n + column]) {
                pivot = row
            }
            precondition(a[pivot * n + column] != 0, "solve: singular matrix \(shape)")
            if pivot != column {
                for j in 0..<n { a.swapAt(column * n + j, pivot * n + j) }
                for j in 0..<k { b.swapAt(column * k + j, pivot * k + j) }
            }
            let diagonal = a[column * n + column]
            for row in (column + 1)..<Swift.max(n, column + 1) {
                let factor = a[row * n + column] / diagonal
                if factor == 0 { continue }
                for j in column..<n { a[row * n + j] -= factor * a[column * n + j] }
                for j in 0..<k { b[row * k + j] -= factor * b[column * k + j] }
            }
        }
        var x = [Double](repeating: 0, count: n * k)
        for row in stride(from: n - 1, through: 0, by: -1) {
            for j in 0..<k {
                var value = b[row * k + j]
                for col in (row + 1)..<Swift.max(n, row + 1) { value -= a[row * n + col] * x[col * k + j] }
                x[row * k + j] = value / a[row * n + row]
            }
        }
        let out = Tensor(shape: [n, k], scalars: x.map(Float.init)).storage
        return Tensor.record(out, shape: [n, k], inputs: [self, rhs], keepOutput: true) { c in
            let gradRhs = c.inputs[0].transposed.solve(c.grad)
            return [c.needs[0] ? -gradRhs.matmul(c.output!, transposeOther: true) : nil, gradRhs]
        }
    }
}
