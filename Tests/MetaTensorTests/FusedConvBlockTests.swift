import Testing
import MetaTensor

/// The fused convolution block for small patches against conv2d followed by the block tail's
/// composite definition: values, gradients (fused and fallback paths), finite differences,
/// and independence of the thread count.
@Suite(.serialized) struct FusedConvBlockTests {
    let gamma = Tensor(shape: [5], scalars: [1.5, -0.7, 0.3, 1.0, -1.2])  // negative scales pick window minima
    let beta = Tensor(shape: [5], scalars: [0.1, 0.2, -0.3, 0.0, 0.4])

    func composite(_ x: Tensor, _ w: Tensor, _ g: Tensor, _ b: Tensor) -> Tensor {
        x.conv2d(w, padding: 1).batchNormComposite(scale: g, shift: b).maxPool2d(2).relu()
    }

    @Test(arguments: [[6, 1, 8, 8], [3, 3, 6, 6], [9, 1, 28, 28]])
    func valuesAndGradientsMatchTheComposite(shape: [Int]) {
        let x = sample(shape, seed: 70, zeros: false)
        let (wv, gv, bv) = (sample([5, shape[1], 3, 3], seed: 71).variable(), gamma.variable(), beta.variable())
        let fused = x.convBatchNormPoolRelu(wv, padding: 1, scale: gv, shift: bv)
        let reference = composite(x, wv, gv, bv)
        #expect(fused.shape == reference.shape)
        #expect(relativeError(fused.scalars.map(Double.init), reference.scalars.map(Double.init)) < 1e-5)
        #expect(gradientMismatch(fused, reference, wrt: [wv, gv, bv], seed: 72) < 1e-4)
    }

    @Test func inputGradientTakesTheCompositePath() {
        let (xv, w) = (sample([4, 1, 6, 6], seed: 73, zeros: false).variable(), sample([5, 1, 3, 3], seed: 74))
        let fused = xv.convBatchNormPoolRelu(w, padding: 1, scale: gamma, shift: beta)
        #expect(gradientMismatch(fused, composite(xv, w, gamma, beta), wrt: [xv], seed: 75) < 1e-4)
    }

    @Test func firstAndSecondOrderAgainstFiniteDifferences() {
        let x = sample([5, 1, 6, 6], seed: 76, zeros: false)
        let w = sample([5, 1, 3, 3], seed: 77)
        #expect(firstOrderError([w, gamma, beta], step: 1e-3) { v in
            x.convBatchNormPoolRelu(v[0], padding: 1, scale: v[1], shift: v[2])
        } < 2e-2)
        #expect(secondOrderError([w, gamma, beta], step: 1e-3) { v in
            let y = x.convBatchNormPoolRelu(v[0], padding: 1, scale: v[1], shift: v[2])
            return y * y
        } < 3e-2)
    }

    @Test func resultsDoNotDependOnThreadCount() {
        let x = sample([21, 1, 28, 28], seed: 78)
        let w = sample([5, 1, 3, 3], seed: 79)
        func run() -> [[Float]] {
            let (wv, gv, bv) = (w.variable(), gamma.variable(), beta.variable())
            let y = x.convBatchNormPoolRelu(wv, padding: 1, scale: gv, shift: bv)
            return [y.scalars] + gradients(of: (y * y).sum(), wrt: [wv, gv, bv]).map(\.scalars)
        }
        let configured = ComputeThreads.configured
        defer { ComputeThreads.set(configured) }
        ComputeThreads.set(1)
        let serial = run()
        ComputeThreads.set(2)
        #expect(serial == run())
    }
}
