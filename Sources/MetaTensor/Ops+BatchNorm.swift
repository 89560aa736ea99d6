import Foundation

/// Batch normalisation with batch statistics (training mode; MetaLab's models always
/// normalise with the statistics of the batch at hand, as MAML does — transductively).
///
/// y = γ·(x − μ)/√(σ² + ε) + β, with μ and σ² the mean and (biased) variance of each channel
/// over the batch and spatial axes. The forward pass and the first-order backward pass are
/// fused kernels; when a graph is being created the rule differentiates `batchNormComposite`
/// instead, so it can be differentiated again.
extension Tensor {
    /// Batch norm over axis 1 of an [N, C] or [N, C, H, W] tensor; γ and β have shape [C].
    public func batchNorm(scale gamma: Tensor, shift beta: Tensor, epsilon: Float = 1e-5) -> Tensor {
        precondition((rank == 2 || rank == 4) && gamma.shape == [shape[1]] && beta.shape == [shape[1]],
                     "batchNorm of \(shape) with scale \(gamma.shape) and shift \(beta.shape)")
        let (n, ch) = (shape[0], shape[1])
        let inner = rank == 4 ? shape[2] * shape[3] : 1
        let out = TensorStorage(count: count)
        let statistics = channelStatistics(epsilon: epsilon)
        let (x, y, gm, bt) = (storage.pointer, out.pointer, gamma.storage.pointer, beta.storage.pointer)
        forEachChannel(ch, elements: count) { channel in
            let a = gm[channel] * statistics.invStd[channel], b = bt[channel] - statistics.mean[channel] * a
            for image in 0..<n {
                let p = x + (image * ch + channel) * inner, q = y + (image * ch + channel) * inner
                for i in 0..<inner { q[i] = p[i] * a + b }
            }
        }
        return Tensor.record(Tensor(shape: shape, storage: out), inputs: [self, gamma, beta]) { c in
            c.createGraph ? c.differentiatingComposite { $0[0].batchNormComposite(scale: $0[1], shift: $0[2], epsilon: epsilon) }
                          : batchNormFusedGradients(c, mean: statistics.mean, invStd: statistics.invStd)
        }
    }

    /// The same batch norm composed from primitive ops (slower; the reference for the fused one).
    public func batchNormComposite(scale gamma: Tensor, shift beta: Tensor, epsilon: Float = 1e-5) -> Tensor {
        let axes = rank == 4 ? [0, 2, 3] : [0]
        let broadcast = rank == 4 ? [1, shape[1], 1, 1] : [1, shape[1]]
        let centred = self - mean(axes: axes, keepDims: true)
        let invStd = ((centred * centred).mean(axes: axes, keepDims: true) + epsilon).pow(-0.5)
        return centred * invStd * gamma.reshaped(broadcast) + beta.reshaped(broadcast)
    }
}

/// The same gradients from saved statistics in one pass per channel (no graph is recorded).
private func batchNormFusedGradients(_ c: BackwardContext, mean: [Float], invStd: [Float]) -> [Tensor?] {
    let (x, gamma, g) = (c.inputs[0], c.inputs[1], c.grad)
    let (n, ch) = (x.shape[0], x.shape[1])
    let inner = x.rank == 4 ? x.shape[2] * x.shape[3] : 1
    let m = Float(n * inner)
    let dx = TensorStorage(count: x.count), dGamma = TensorStorage(count: ch), dBeta = TensorStorage(count: ch)
    let (xp, gp, gm, dxp) = (x.storage.pointer, g.storage.pointer, gamma.storage.pointer, dx.pointer)
    forEachChannel(ch, elements: x.count) { channel in
        let (mu, inv) = (mean[channel], invStd[channel])
        var sumG: Float = 0, sumGX: Float = 0
        for image in 0..<n {
            let offset = (image * ch + channel) * inner
            let sums = gradientSums(gp + offset, xp + offset, count: inner, shift: mu)
            sumG += sums.sum
            sumGX += sums.dot
        }
        sumGX *= inv
        dGamma.pointer[channel] = sumGX
        dBeta.pointer[channel] = sumG
        let scale = gm[channel] * inv / m
        for image in 0..<n {
            let offset = (image * ch + channel) * inner
            for i in 0..<inner {
                let normalised = (xp[offset + i] - mu) * inv
                dxp[offset + i] = scale * (m * gp[offset + i] - sumG - normalised * sumGX)
            }
        }
    }
    return [c.needs[0] ? Tensor(shape: x.shape, storage: dx) : nil,
            c.needs[1] ? Tensor(shape: [ch], storage: dGamma) : nil,
            c.needs[2] ? Tensor(shape: [ch], storage: dBeta) : nil]
}

/// Runs `body(channel)` for every channel, split over the threads when the tensor is large
/// (each thread owns whole channels, so per-channel sums need no reduction across threads).
func forEachChannel(_ channels: Int, elements: Int, _ body: @escaping (Int) -> Void) {
    let workers = Swift.min(ComputeThreads.available, elements >= 65_536 ? channels : 1)
    parallelFor(workers) { worker in
        for channel in (channels * worker / workers)..<(channels * (worker + 1) / workers) { body(channel) }
    }
}
