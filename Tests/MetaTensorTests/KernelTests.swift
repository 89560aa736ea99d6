import Testing
import MetaTensor

/// The fast kernels against direct reference loops, and their independence of thread count.
@Suite(.serialized) struct KernelTests {
    /// Calls `body(output, input, weight)` with the flat indices of every product term of a
    /// direct cross-correlation with zero padding: the one loop nest all the references share.
    func forEachConvTerm(input x: [Int], weight w: [Int], stride: Int, padding: Int, _ body: (Int, Int, Int) -> Void) {
        let (n, c, h, wd) = (x[0], x[1], x[2], x[3])
        let (o, kh, kw) = (w[0], w[2], w[3])
        let oh = (h + 2 * padding - kh) / stride + 1, ow = (wd + 2 * padding - kw) / stride + 1
        for b in 0..<n { for f in 0..<o { for oy in 0..<oh { for ox in 0..<ow {
            for ch in 0..<c { for ky in 0..<kh { for kx in 0..<kw {
                let iy = oy * stride - padding + ky, ix = ox * stride - padding + kx
                if iy >= 0 && iy < h && ix >= 0 && ix < wd {
                    body(((b * o + f) * oh + oy) * ow + ox, ((b * c + ch) * h + iy) * wd + ix, ((f * c + ch) * kh + ky) * kw + kx)
                }
            }}}
        }}}}
    }

    /// Direct cross-correlation with zero padding, in Double.
    func referenceConv(_ x: Tensor, _ w: Tensor, stride: Int, padding: Int) -> [Double] {
        let (xs, ws) = (x.scalars, w.scalars)
        let outHeight = (x.shape[2] + 2 * padding - w.shape[2]) / stride + 1, outWidth = (x.shape[3] + 2 * padding - w.shape[3]) / stride + 1
        var out = [Double](repeating: 0, count: x.shape[0] * w.shape[0] * outHeight * outWidth)
        forEachConvTerm(input: x.shape, weight: w.shape, stride: stride, padding: padding) { o, i, k in out[o] += Double(xs[i]) * Double(ws[k]) }
        return out
    }

    /// Output widths 1–2, 3–4, 5–8, 9–16 and 17+ take im2col's different row copies.
    @Test(arguments: [(7, 3, 9, 1, 1), (13, 4, 3, 1, 1), (5, 2, 28, 1, 1), (6, 3, 8, 2, 0), (4, 2, 6, 1, 0), (3, 2, 5, 1, 2),
                      (3, 2, 1, 1, 1), (3, 2, 2, 1, 1), (2, 3, 5, 1, 1), (2, 3, 16, 1, 1), (2, 3, 17, 1, 1)])
    func convolutionMatchesDirectLoops(images: Int, channels: Int, size: Int, stride: Int, padding: Int) {
        let x = sample([images, channels, size, size], seed: 50), w = sample([10, channels, 3, 3], seed: 51)
        let fast = x.conv2d(w, stride: stride, padding: padding).scalars.map(Double.init)
        #expect(relativeError(fast, referenceConv(x, w, stride: stride, padding: padding)) < 1e-5)
    }

    /// Winograd F(2×2, 3×3) (3×3, stride 1, padding 1, maps 6–14): even and odd map sizes (odd
    /// ones crop the last row and column of tiles), the sizes at both ends, groups of images
    /// with a partial last group, and out-channel counts that fill partial GEMM tiles; its two
    /// gradients too.
    @Test(arguments: [(9, 64, 14, 64), (5, 3, 13, 10), (9, 8, 7, 12), (3, 5, 6, 7), (13, 2, 8, 3), (2, 4, 11, 9), (1, 1, 12, 1)])
    func winogradMatchesDirectLoops(images: Int, channels: Int, size: Int, outChannels: Int) {
        let x = sample([images, channels, size, size], seed: 60), w = sample([outChannels, channels, 3, 3], seed: 61)
        let fast = x.conv2d(w, stride: 1, padding: 1).scalars.map(Double.init)
        #expect(relativeError(fast, referenceConv(x, w, stride: 1, padding: 1)) < 1e-5)
        // The input gradient (itself such a convolution) and the weight gradient (Winograd's adjoint).
        let dy = sample([images, outChannels, size, size], seed: 62)
        let (xs, ws, gs) = (x.scalars, w.scalars, dy.scalars)
        var inputReference = [Double](repeating: 0, count: x.count), weightReference = [Double](repeating: 0, count: w.count)
        forEachConvTerm(input: x.shape, weight: w.shape, stride: 1, padding: 1) { o, i, k in
            inputReference[i] += Double(gs[o]) * Double(ws[k])
            weightReference[k] += Double(gs[o]) * Double(xs[i])
        }
        let input = dy.conv2dBackwardInput(w, inputShape: x.shape, stride: 1, padding: 1)
        let weight = x.conv2dBackwardWeight(dy, weightShape: w.shape, stride: 1, padding: 1)
        #expect(relativeError(input.scalars.map(Double.init), inputReference) < 1e-5)
        #expect(relativeError(weight.scalars.map(Double.init), weightReference) < 1e-5)
    }

    /// Both gradients against direct loops: the input gradient (a flipped-kernel convolution for
    /// stride 1) and the weight gradient (patches unfolded one per row), with grouped small
    /// maps, strides, paddings from 0 to 2, kernels that are not 3 wide, and enough channels for
    /// the channel-last patches of stride 1 to move in whole vectors.
    @Test(arguments: [(7, 3, 9, 1, 1, 3), (45, 4, 3, 1, 1, 3), (5, 2, 14, 1, 1, 3), (6, 3, 8, 2, 0, 3),
                      (4, 2, 6, 1, 0, 3), (3, 2, 5, 1, 2, 3), (4, 2, 7, 1, 2, 5), (3, 2, 6, 1, 0, 2), (9, 21, 7, 1, 1, 3)])
    func gradientsMatchDirectLoops(images: Int, channels: Int, size: Int, stride: Int, padding: Int, kernel: Int) {
        let x = sample([images, channels, size, size], seed: 56), w = sample([6, channels, kernel, kernel], seed: 57)
        let dy = sample(x.conv2d(w, stride: stride, padding: padding).shape, seed: 58)
        let (xs, ws, gs) = (x.scalars, w.scalars, dy.scalars)
        var inputReference = [Double](repeating: 0, count: x.count), weightReference = [Double](repeating: 0, count: w.count)
        forEachConvTerm(input: x.shape, weight: w.shape, stride: stride, padding: padding) { o, i, k in
            inputReference[i] += Double(gs[o]) * Double(ws[k])
            weightReference[k] += Double(gs[o]) * Double(xs[i])
        }
        let input = dy.conv2dBackwardInput(w, inputShape: x.shape, stride: stride, padding: padding)
        let weight = x.conv2dBackwardWeight(dy, weightShape: w.shape, stride: stride, padding: padding)
        #expect(relativeError(input.scalars.map(Double.init), inputReference) < 1e-5)
        #expect(relativeError(weight.scalars.map(Double.init), weightReference) < 1e-5)
    }

    @Test func gemmMatchesDirectLoops() {
        // The last two have B larger than 4 MB: packed by slabs and prefetched (one and two depth blocks, a partial last tile).
        for (m, n, k) in [(1, 1, 1), (9, 50, 17), (64, 97, 600), (17, 48, 3), (9, 3601, 300), (13, 1801, 600)] {
            let a = sample([m, k], seed: 52), b = sample([k, n], seed: 53)
            let fast = a.matmul(b).scalars.map(Double.init)
            var reference = [Double](repeating: 0, count: m * n)
            let (av, bv) = (a.scalars, b.scalars)
            for i in 0..<m { for j in 0..<n { for p in 0..<k { reference[i * n + j] += Double(av[i * k + p]) * Double(bv[p * n + j]) } } }
            #expect(relativeError(fast, reference) < 1e-5, "gemm \(m)×\(n)×\(k)")
        }
    }

    /// The streamed path (B over 4 MB) with the options matmul does not reach: accumulating into
    /// C, a column-strided A, B and C with rows longer than n (views into wider matrices, whose
    /// extra columns stay untouched); one row panel (B read in place) or several (the first panel
    /// copies B for the others), whole and partial last tiles, one to three depth blocks; the
    /// same bits with one or two threads.
    @Test(arguments: [(8, 2400, 480), (24, 1250, 1030), (41, 2209, 500)])
    func streamedGemmAccumulatesLikeDirectLoops(m: Int, n: Int, k: Int) {
        let (ldb, ldc) = (n + 5, n + 3)
        let a = sample([k, m], seed: 59), b = sample([k, ldb], seed: 60), c0 = sample([m, ldc], seed: 61)
        let (av, bv) = (a.scalars, b.scalars)
        var reference = c0.scalars.map(Double.init)
        for i in 0..<m { for p in 0..<k { for j in 0..<n { reference[i * ldc + j] += Double(av[p * m + i]) * Double(bv[p * ldb + j]) } } }
        var results: [[Float]] = []
        for threads in [1, 2] {
            var c = c0.scalars
            av.withUnsafeBufferPointer { ap in bv.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
                gemm(m: m, n: n, k: k, a: MatrixOperand(ap.baseAddress!, ld: m, transposed: true),
                     b: MatrixOperand(bp.baseAddress!, ld: ldb), c: cp.baseAddress!, ldc: ldc, accumulate: true, threads: threads)
            } } }
            #expect(relativeError(c.map(Double.init), reference) < 1e-5, "gemm \(m)×\(n)×\(k) on \(threads) threads")
            results.append(c)
        }
        #expect(results[0] == results[1])
    }

    /// 2×2 max-pooling against direct loops (values, and where each gradient lands) with rows
    /// narrower than, as wide as and wider than one vector, and planes split over two threads.
    @Test(arguments: [(40, 16, 16, 14), (3, 2, 2, 2), (3, 2, 4, 6), (2, 3, 6, 34), (2, 2, 8, 32)])
    func maxPoolingMatchesDirectLoops(images: Int, channels: Int, height: Int, width: Int) {
        let configured = ComputeThreads.configured
        defer { ComputeThreads.set(configured) }
        ComputeThreads.set(2)
        let x = sample([images, channels, height, width], seed: 64, zeros: false), xv = x.variable()
        let y = xv.maxPool2d(2)
        let weights = sample(y.shape, seed: 65)
        let grad = gradients(of: (y * weights).sum(), wrt: [xv])[0]
        let (xs, ws) = (x.scalars, weights.scalars)
        var values = [Float](), expectedGrad = [Float](repeating: 0, count: x.count)
        for plane in 0..<(images * channels) {
            for oy in 0..<(height / 2) {
                for ox in 0..<(width / 2) {
                    // The window's elements in reading order; ties keep the first.
                    let corner = plane * height * width + 2 * oy * width + 2 * ox
                    var best = corner
                    for offset in [1, width, width + 1] where xs[corner + offset] > xs[best] { best = corner + offset }
                    expectedGrad[best] = ws[values.count]
                    values.append(xs[best])
                }
            }
        }
        #expect(y.scalars == values)
        #expect(grad.scalars == expectedGrad)
    }

    /// Sums over trailing axes (contiguous runs of 1–70 elements, summed in vectors) and over a
    /// leading axis, against direct loops in Double.
    @Test(arguments: [1, 15, 16, 31, 32, 33, 70])
    func sumsMatchDirectLoops(run: Int) {
        let x = sample([3, 4, run], seed: 66)
        let xs = x.scalars.map(Double.init)
        var lastAxis = [Double](repeating: 0, count: 12), outerAxes = [Double](repeating: 0, count: 4)
        for i in 0..<3 {
            for j in 0..<4 {
                for k in 0..<run {
                    lastAxis[i * 4 + j] += xs[(i * 4 + j) * run + k]
                    outerAxes[j] += xs[(i * 4 + j) * run + k]
                }
            }
        }
        #expect(relativeError(x.sum(axes: [2]).scalars.map(Double.init), lastAxis) < 1e-6)
        #expect(relativeError(x.sum(axes: [0, 2]).scalars.map(Double.init), outerAxes) < 1e-6)
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
        #expect(gradientMismatch(fused, composite, wrt: [xv, gv, bv], seed: 61) < 1e-4)
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
