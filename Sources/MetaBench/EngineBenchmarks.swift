import MetaTensor
import MetaLearn
import MetaNN

extension Benchmark {
    /// C = A·B for square 512 matrices, in GFLOP/s.
    static let gemm512 = gemmFigure(name: "gemm_512", m: 512, n: 512, k: 512)
    /// The second Conv-4 layer's im2col product on a batch of 80 (M=64, K=576, N=15680), in GFLOP/s.
    static let gemmConv2 = gemmFigure(name: "gemm_conv2", m: 64, n: 15680, k: 576)

    private static func gemmFigure(name: String, m: Int, n: Int, k: Int) -> Benchmark {
        Benchmark(name: name, unit: "GFLOP/s", threadCounts: [1, 2], prepare: {
            var generator = SeededGenerator(seed: 1)
            let a = Tensor.normal([m, k], using: &generator), b = Tensor.normal([k, n], using: &generator)
            let c = TensorStorage(count: m * n)
            return ({
                gemm(m: m, n: n, k: k, a: MatrixOperand(a.storage.pointer, ld: k), b: MatrixOperand(b.storage.pointer, ld: n),
                     c: c.pointer, ldc: n, accumulate: false, threads: ComputeThreads.available)
            }, 2 * Double(m * n * k) / 1e9)
        }, isRate: true)
    }

    /// Conv-4 (64 filters) forward and full backward on 80 images with a 5-way head, in images/s.
    static let conv4ForwardBackward = Benchmark(name: "conv4_fwd_bwd", unit: "images/s", threadCounts: [1, 2], prepare: {
        var generator = SeededGenerator(seed: 2)
        let model = Conv4()
        let parameters = model.initialParameters(using: &generator)
        let images = Tensor.uniform([80, 1, 28, 28], low: 0, high: 1, using: &generator)
        let labels = (0..<80).map { $0 % 5 }
        return ({
            let p = parameters.variables()
            let loss = model(images, parameters: p).crossEntropy(labels: labels)
            _ = gradients(of: loss, wrt: p.tensors)
        }, 80)
    }, isRate: true)
}
