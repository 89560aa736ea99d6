/// The tail of a Conv-4 block, relu(maxPool₂ₓ₂(batchNorm(x))), as one fused op.
///
/// Batch norm is a per-channel affine map y = a·x + b with a = γ/√(σ² + ε). For a ≥ 0 the
/// pooled maximum of y sits where x is largest; for a < 0, where x is smallest. So the fused
/// forward pass finds the batch statistics, picks each window's element on x directly, and
/// never writes the full-resolution normalised tensor — the first block's activations are
/// 16 MB per 80 images, and this op is memory-bound. Its first-order backward pass is fused
/// the same way; when a graph is being created, the rule differentiates the composite
/// definition instead, so second-order gradients are exact. (Ties between equal inputs may
/// resolve differently from the composite; they have measure zero.)
extension Tensor {
    /// relu(maxPool2d(batchNorm(x, γ, β))) for NCHW x of height and width at least 2 (an odd
    /// last row or column is dropped, as `maxPool2d` does).
    public func batchNormPoolRelu(scale gamma: Tensor, shift beta: Tensor, epsilon: Float = 1e-5) -> Tensor {
        precondition(rank == 4 && shape[2] >= 2 && shape[3] >= 2 && gamma.shape == [shape[1]] && beta.shape == [shape[1]],
                     "batchNormPoolRelu of \(shape) with scale \(gamma.shape) and shift \(beta.shape)")
        precondition(count < Int(Int32.max), "batchNormPoolRelu of \(count) elements: indices are 32-bit")
        let (n, ch, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let (oh, ow) = (h / 2, w / 2)
        let statistics = channelStatistics(epsilon: epsilon)
        let table = IndexTable(count: n * ch * oh * ow)
        let out = TensorStorage(count: table.count)
        let (x, y, idx, gm, bt) = (storage.pointer, out.pointer, table.indices, gamma.storage.pointer, beta.storage.pointer)
        let planes = n * ch
        let workers = Swift.min(ComputeThreads.available, Swift.max(1, count / 65_536))
        let scales = (0..<ch).map { gm[$0] * statistics.invStd[$0] }
        let shifts = (0..<ch).map { bt[$0] - statistics.mean[$0] * scales[$0] }
        let signs = scales.map { $0 < 0 ? Float(-1) : 1 }
        parallelFor(workers) { worker in
            let planeRange = (planes * worker / workers)..<(planes * (worker + 1) / workers)
            if h % 2 == 0 && w % 2 == 0 {
                pick2x2(x, planes: planeRange, height: h, width: w, signs: signs, values: y, indices: idx)
            } else {
                for plane in planeRange {
                    let sign = signs[plane % ch], base = plane * h * w, outBase = plane * oh * ow
                    for oy in 0..<oh {
                        for ox in 0..<ow {
                            let corner = base + 2 * oy * w + 2 * ox
                            var pick = corner
                            for offset in [1, w, w + 1] where sign * x[corner + offset] > sign * x[pick] { pick = corner + offset }
                            idx[outBase + oy * ow + ox] = Int32(pick)
                            y[outBase + oy * ow + ox] = x[pick]
                        }
                    }
                }
            }
            for plane in planeRange {
                let (a, b) = (scales[plane % ch], shifts[plane % ch])
                let values = y + plane * oh * ow
                for k in 0..<(oh * ow) { values[k] = Swift.max(a * values[k] + b, 0) }
            }
        }
        return Tensor.record(Tensor(shape: [n, ch, oh, ow], storage: out), inputs: [self, gamma, beta], keepOutput: true) { c in
            c.createGraph ? c.differentiatingComposite { $0[0].batchNormComposite(scale: $0[1], shift: $0[2], epsilon: epsilon).maxPool2d(2).relu() }
                          : fusedBlockTailGradients(c, table: table, mean: statistics.mean, invStd: statistics.invStd)
        }
    }

    /// Per-channel mean and 1/√(variance + ε) over axes 0, 2, 3 (or 0 for a matrix).
    func channelStatistics(epsilon: Float) -> (mean: [Float], invStd: [Float]) {
        let (n, ch) = (shape[0], shape[1])
        let inner = rank == 4 ? shape[2] * shape[3] : 1
        var means = [Float](repeating: 0, count: ch), invStds = [Float](repeating: 0, count: ch)
        let x = storage.pointer
        means.withUnsafeMutableBufferPointer { meanBuffer in
            invStds.withUnsafeMutableBufferPointer { invBuffer in
                let (mp, ip) = (meanBuffer.baseAddress!, invBuffer.baseAddress!)
                forEachChannel(ch, elements: count) { channel in
                    // One pass for the sum and the sum of squares, shifted by a sample value for accuracy.
                    let shift = x[channel * inner]
                    var total: Double = 0, squares: Double = 0
                    for image in 0..<n {
                        let sums = shiftedSums(x + (image * ch + channel) * inner, count: inner, shift: shift)
                        total += Double(sums.sum)
                        squares += Double(sums.squares)
                    }
                    let m = Double(n * inner)
                    let shiftedMean = total / m
                    let variance = Swift.max(squares / m - shiftedMean * shiftedMean, 0)
                    mp[channel] = Float(shiftedMean + Double(shift))
                    ip[channel] = Float(1 / (variance + Double(epsilon)).squareRoot())
                }
            }
        }
        return (means, invStds)
    }
}

/// First-order gradients of the fused block tail from its saved picks and statistics.
private func fusedBlockTailGradients(_ c: BackwardContext, table: IndexTable, mean: [Float], invStd: [Float]) -> [Tensor?] {
    let (x, gamma, g, y) = (c.inputs[0], c.inputs[1], c.grad, c.output!)
    let (n, ch, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let pooled = (h / 2) * (w / 2), inner = h * w
    let m = Float(n * inner)
    let dx = TensorStorage(count: x.count), dGamma = TensorStorage(count: ch), dBeta = TensorStorage(count: ch)
    let (xp, gp, yp, gm, idx, dxp) = (x.storage.pointer, g.storage.pointer, y.storage.pointer, gamma.storage.pointer, table.indices, dx.pointer)
    forEachChannel(ch, elements: x.count) { channel in
        let picked = takeScratch(pooled)
        defer { releaseScratch(picked, pooled) }
        let gradient = BlockChannelGradient(channel: channel, images: n, channels: ch, pooled: pooled, grad: gp, output: yp,
                                            mean: mean[channel], invStd: invStd[channel], gamma: gm[channel], elements: m) { base in
            for k in 0..<pooled { picked[k] = xp[Int(idx[base + k])] }
            return UnsafePointer(picked)
        }
        dGamma.pointer[channel] = gradient.dGamma
        dBeta.pointer[channel] = gradient.dBeta
        for image in 0..<n {
            let offset = (image * ch + channel) * inner
            for i in 0..<inner { dxp[offset + i] = gradient.a * xp[offset + i] + gradient.b }
            let outBase = (image * ch + channel) * pooled
            for k in 0..<pooled {
                dxp[Int(idx[outBase + k])] += yp[outBase + k] > 0 ? gradient.pickScale * gp[outBase + k] : 0
            }
        }
    }
    return [c.needs[0] ? Tensor(shape: x.shape, storage: dx) : nil,
            c.needs[1] ? Tensor(shape: [ch], storage: dGamma) : nil,
            c.needs[2] ? Tensor(shape: [ch], storage: dBeta) : nil]
}

/// Batch norm's backward pass for one channel of a fused block whose gradient, after max-pooling
/// and ReLU, lands only on the picked elements: dγ, dβ, and ∂loss/∂x = a·x + b at every element
/// plus pickScale·g at each picked one (g the pooled output's gradient where the ReLU passed it).
struct BlockChannelGradient {
    let dGamma: Float, dBeta: Float, a: Float, b: Float, pickScale: Float

    /// `picked(base)` gives the picked inputs of the plane whose pooled elements start at `base`.
    init(channel: Int, images n: Int, channels ch: Int, pooled: Int, grad gp: UnsafePointer<Float>, output yp: UnsafePointer<Float>,
         mean mu: Float, invStd inv: Float, gamma: Float, elements m: Float, picked: (Int) -> UnsafePointer<Float>) {
        var sumG: Float = 0, sumGX: Float = 0
        for image in 0..<n {
            let base = (image * ch + channel) * pooled
            let sums = maskedGradientSums(gp + base, mask: yp + base, picked(base), count: pooled, shift: mu)
            sumG += sums.sum
            sumGX += sums.dot
        }
        sumGX *= inv
        let scale = gamma * inv / m
        dGamma = sumGX
        dBeta = sumG
        a = -scale * sumGX * inv
        b = -scale * (sumG - sumGX * inv * mu)
        pickScale = scale * m
    }
}
