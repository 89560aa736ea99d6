/// The value kernels of the linear primitives: matrix product, the three convolutions and the
/// linear solve. Each returns a constant tensor; the rule table (`Primitives.swift`) attaches
/// the gradient.

extension Tensor {
    /// op(self)·op(other) for matrices, where op transposes when asked.
    func matmulKernel(_ other: Tensor, transposeSelf: Bool, transposeOther: Bool) -> Tensor {
        precondition(rank == 2 && other.rank == 2, "matmul needs matrices, got \(shape) and \(other.shape)")
        let (m, k) = transposeSelf ? (shape[1], shape[0]) : (shape[0], shape[1])
        let (k2, n) = transposeOther ? (other.shape[1], other.shape[0]) : (other.shape[0], other.shape[1])
        precondition(k == k2, "matmul shapes \(shape)\(transposeSelf ? "ᵀ" : "") and \(other.shape)\(transposeOther ? "ᵀ" : "") do not agree")
        let out = TensorStorage(count: m * n)
        gemm(m: m, n: n, k: k,
             a: MatrixOperand(storage.pointer, ld: shape[1], transposed: transposeSelf),
             b: MatrixOperand(other.storage.pointer, ld: other.shape[1], transposed: transposeOther),
             c: out.pointer, ldc: n, accumulate: false, threads: ComputeThreads.available)
        return Tensor(shape: [m, n], storage: out)
    }

    /// Cross-correlation of NCHW `self` with weight [out, in, kh, kw].
    func convKernel(_ weight: Tensor, stride: Int, padding: Int) -> Tensor {
        let g = convGeometry(weight: weight.shape, stride: stride, padding: padding)
        let (n, o) = (shape[0], weight.shape[0])
        let out = TensorStorage(count: n * o * g.outPixels)
        ConvKernels(geometry: g, images: n, outChannels: o)
            .forward(x: storage.pointer, weight: weight.storage.pointer, y: out.pointer)
        return Tensor(shape: [n, o, g.outHeight, g.outWidth], storage: out)
    }

    /// ∂⟨conv2d(x, weight), self⟩/∂x for an input x of `inputShape`.
    func convBackwardInputKernel(_ weight: Tensor, inputShape: [Int], stride: Int, padding: Int) -> Tensor {
        let g = ConvGeometry(channels: inputShape[1], height: inputShape[2], width: inputShape[3],
                             kernelHeight: weight.shape[2], kernelWidth: weight.shape[3], stride: stride, padding: padding)
        let (n, o) = (inputShape[0], weight.shape[0])
        precondition(shape == [n, o, g.outHeight, g.outWidth], "output gradient \(shape) for input \(inputShape) and weight \(weight.shape)")
        let out = TensorStorage(count: shapeCount(inputShape))
        ConvKernels(geometry: g, images: n, outChannels: o)
            .backwardInput(dy: storage.pointer, weight: weight.storage.pointer, dx: out.pointer)
        return Tensor(shape: inputShape, storage: out)
    }

    /// ∂⟨conv2d(self, w), outputGrad⟩/∂w for a weight w of `weightShape`.
    func convBackwardWeightKernel(_ outputGrad: Tensor, weightShape: [Int], stride: Int, padding: Int) -> Tensor {
        let g = convGeometry(weight: weightShape, stride: stride, padding: padding)
        let (n, o) = (shape[0], weightShape[0])
        precondition(outputGrad.shape == [n, o, g.outHeight, g.outWidth], "output gradient \(outputGrad.shape) for input \(shape) and weight \(weightShape)")
        let out = TensorStorage(count: o * g.patchSize)
        ConvKernels(geometry: g, images: n, outChannels: o)
            .backwardWeight(x: storage.pointer, dy: outputGrad.storage.pointer, dw: out.pointer)
        return Tensor(shape: weightShape, storage: out)
    }

    /// The geometry of a convolution of `self` with a weight of shape `weight`.
    func convGeometry(weight: [Int], stride: Int, padding: Int) -> ConvGeometry {
        precondition(rank == 4 && weight.count == 4 && shape[1] == weight[1],
                     "conv2d input \(shape) (NCHW) does not match weight \(weight) ([out, in, kh, kw])")
        precondition(stride >= 1 && padding >= 0, "conv2d stride \(stride), padding \(padding)")
        let g = ConvGeometry(channels: shape[1], height: shape[2], width: shape[3],
                             kernelHeight: weight[2], kernelWidth: weight[3], stride: stride, padding: padding)
        precondition(g.outHeight >= 1 && g.outWidth >= 1, "conv2d kernel \(weight) larger than padded input \(shape)")
        return g
    }

    /// X with self·X = rhs, by Gaussian elimination with partial pivoting in Double.
    func solveKernel(_ rhs: Tensor) -> Tensor {
        precondition(rank == 2 && shape[0] == shape[1] && rhs.rank == 2 && rhs.shape[0] == shape[0],
                     "solve of \(shape) with right-hand side \(rhs.shape)")
        let (n, k) = (shape[0], rhs.shape[1])
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
        return Tensor(shape: [n, k], scalars: x.map(Float.init))
    }
}
