import Testing
import MetaTensor

/// The fast kernels against direct reference loops, and their independence of thread count.
@Suite(.serialized) struct KernelTests {
    /// Direct cross-correlation with zero padding, in Double.
    func referenceConv(_ x: Tensor, _ w: Tensor, stride: Int, padding: Int) -> [Double] {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let oh = (h + 2 * padding - kh) / stride + 1, ow = (wd + 2 * padding - kw) / stride + 1
        let xs = x.scalars, ws = w.scalars
        var out = [Double](repeating: 0, count: n * o * oh * ow)
        for b in 0..<n { for f in 0..<o { for oy in 0..<oh { for ox in 0..<ow {
            var total = 0.0
            for ch in 0..<c { for ky in 0..<kh { for kx in 0..<kw {
                let iy = oy * stride - padding + ky, ix = ox * stride - padding + kx
                if iy >= 0 && iy < h && ix >= 0 && ix < wd {
                    total += Double(xs[((b * c + ch) * h + iy) * wd + ix]) * Double(ws[((f * c + ch) * kh + ky) * kw + kx])
                }
            }}}
            out[((b * o + f) * oh + oy) * ow + ox] = total
        }}}}
        return out
    }

    @Test(arguments: [(7, 3, 9, 1, 1), (13, 4, 3, 1, 1), (5, 2, 28, 1, 1), (6, 3, 8, 2, 0), (4, 2, 6, 1, 0), (3, 2, 5, 1, 2)])
    func convolutionMatchesDirectLoops(images: Int, channels: Int, size: Int, stride: Int, padding: Int) {
        let x = sample([images, channels, size, size], seed: 50), w = sample([10, channels, 3, 3], seed: 51)
        let fast = x.conv2d(w, stride: stride, padding: padding).scalars.map(Double.init)
        #expect(relativeError(fast, referenceConv(x, w, stride: stride, padding: padding)) < 1e-5)
    }

    /// The input gradient (a flipped-kernel convolution for stride 1) against direct loops.
    @Test(arguments: [(7, 3, 9, 1, 1), (13, 4, 3, 1, 1), (5, 2, 14, 1, 1), (6, 3, 8, 2, 0), (4, 2, 6, 1, 0), (3, 2, 5, 1, 2)])
    func inputGradientMatchesDirectLoops(images: Int, channels: Int, size: Int, stride: Int, padding: Int) {
        let x = sample([images, channels, size, size], seed: 56), w = sample([10, channels, 3, 3], seed: 57)
        let y = x.conv2d(w, stride: stride, padding: padding)
        let dy = sample(y.shape, seed: 58)
        let fast = dy.conv2dBackwardInput(w, inputShape: x.shape, stride: stride, padding: padding).scalars.map(Double.init)
        let (oh, ow) = (y.shape[2], y.shape[3])
        let (gs, ws) = (dy.scalars, w.scalars)
        var reference = [Double](repeating: 0, count: x.count)
        for b in 0..<images { for o in 0..<10 { for oy in 0..<oh { for ox in 0..<ow {
            let gradient = Double(gs[((b * 10 + o) * oh + oy) * ow + ox])
            for c in 0..<channels { for ky in 0..<3 { for kx in 0..<3 {
                let iy = oy * stride - padding + ky, ix = ox * stride - padding + kx
                if iy >= 0 && iy < size && ix >= 0 && ix < size {
                    reference[((b * channels + c) * size + iy) * size + ix] += gradient * Double(ws[((o * channels + c) * 3 + ky) * 3 + kx])
                }
            }}}
        }}}}
        #expect(relativeError(fast, reference) < 1e-5)
    }

    /// The weight gradient (patches unfolded one per row) against direct loops, with grouped
    /// small maps, strides, and kernels that are not 3 wide.
    @Test(arguments: [(7, 3, 9, 1, 1, 3), (45, 4, 3, 1, 1, 3), (5, 2, 14, 1, 1, 3), (6, 3, 8, 2, 0, 3), (4, 2, 7, 1, 2, 5), (3, 2, 6, 1, 0, 2)])
    func weightGradientMatchesDirectLoops(images: Int, channels: Int, size: Int, stride: Int, padding: Int, kernel: Int) {
        let x = sample([images, channels, size, size], seed: 59), w = sample([6, channels, kernel, kernel], seed: 60)
        let y = x.conv2d(w, stride: stride, padding: padding)
        let dy = sample(y.shape, seed: 61)
        let fast = x.conv2dBackwardWeight(dy, weightShape: w.shape, stride: stride, padding: padding).scalars.map(Double.init)
        let (oh, ow) = (y.shape[2], y.shape[3])
        let (xs, gs) = (x.scalars, dy.scalars)
        var reference = [Double](repeating: 0, count: w.count)
        for b in 0..<images { for o in 0..<6 { for oy in 0..<oh { for ox in 0..<ow {
            let gradient = Double(gs[((b * 6 + o) * oh + oy) * ow + ox])
            for c in 0..<channels { for ky in 0..<kernel { for kx in 0..<kernel {
                let iy = oy * stride - padding + ky, ix = ox * stride - padding + kx
                if iy >= 0 && iy < size && ix >= 0 && ix < size {
                    reference[((o * channels + c) * kernel + ky) * kernel + kx] += gradient * Double(xs[((b * channels + c) * size + iy) * size + ix])
                }
            }}}
        }}}}
        #expect(relativeError(fast, reference) < 1e-5)
    }

    @Test func gemmMatchesDirectLoops() {
        for (m, n, k) in [(1, 1, 1), (9, 50, 17), (64, 97, 600), (17, 48, 3)] {
            let a = sample([m, k], seed: 52), b = sample([k, n], seed: 53)
            let fast = a.matmul(b).scalars.map(Double.init)
            var reference = [Double](repeating: 0, count: m * n)
            let (av, bv) = (a.scalars, b.scalars)
            for i in 0..<m { for j in 0..<n { for p in 0..<k { reference[i * n + j] += Double(av[i * k + p]) * Double(bv[p * n + j]) } } }
            #expect(relativeError(fast, reference) < 1e-5, "gemm \(m)×\(n)×\(k)")
        }
    }

    @Test func resultsDoNotDependOnThreadCount() {
        let x = sample([33, 8, 14, 14], seed: 54), w = sample([16, 8, 3, 3], seed: 55)
        func run() -> [[Float]] {
            let xv = x.variable(), wv = w.variable()
            let y = xv.conv2d(wv, padding: 1).batchNorm(scale: Tensor(repeating: 1, shape: [16]), shift: Tensor(zeros: [16])).maxPool2d(2)
            let g = gradients(of: (y * y).sum(), wrt: [xv, wv])
            return [y.scalars, g[0].scalars, g[1].scalars]
        }
        let configured = ComputeThreads.configured
        defer { ComputeThreads.set(configured) }
        ComputeThreads.set(1)
        let serial = run()
        ComputeThreads.set(2)
        let parallel = run()
        #expect(serial == parallel)
    }
}

/// The fused batch-norm → max-pool → ReLU op against its composite definition.
@Suite struct FusedBlockTailTests {
    let x = sample([4, 3, 6, 6], seed: 60, zeros: false)
    let gamma = Tensor(shape: [3], scalars: [1.5, -0.7, 0.3])  // one negative scale: the pooled extreme is a minimum
    let beta = Tensor(shape: [3], scalars: [0.1, 0.2, -0.3])

    @Test func valuesAndGradientsMatchTheComposite() {
        let (xv, gv, bv) = (x.variable(), gamma.variable(), beta.variable())
        let fused = xv.batchNormPoolRelu(scale: gv, shift: bv)
        let composite = xv.batchNormComposite(scale: gv, shift: bv).maxPool2d(2).relu()
        #expect(relativeError(fused.scalars.map(Double.init), composite.scalars.map(Double.init)) < 1e-5)
        let w = projection(fused.shape, seed: 61)
        let a = gradients(of: (fused * w).sum(), wrt: [xv, gv, bv])
        let b = gradients(of: (composite * w).sum(), wrt: [xv, gv, bv])
        for (ga, gb) in zip(a, b) {
            #expect(relativeError(ga.scalars.map(Double.init), gb.scalars.map(Double.init)) < 1e-4)
        }
    }

    @Test func oddSidesMatchTheComposite() {
        let odd = sample([3, 3, 7, 7], seed: 63, zeros: false)
        let fused = odd.batchNormPoolRelu(scale: gamma, shift: beta)
        let composite = odd.batchNormComposite(scale: gamma, shift: beta).maxPool2d(2).relu()
        #expect(fused.shape == [3, 3, 3, 3])
        #expect(relativeError(fused.scalars.map(Double.init), composite.scalars.map(Double.init)) < 1e-5)
    }

    @Test func firstAndSecondOrderAgainstFiniteDifferences() {
        #expect(firstOrderError([x, gamma, beta], step: 1e-3) { $0[0].batchNormPoolRelu(scale: $0[1], shift: $0[2]) } < 2e-2)
        let w = sample([3, 3, 3, 3], seed: 62)
        #expect(secondOrderError([w, gamma, beta], step: 1e-3) { v in
            let y = x.conv2d(v[0], padding: 1).batchNormPoolRelu(scale: v[1], shift: v[2])
            return y * y
        } < 3e-2)
    }
}
