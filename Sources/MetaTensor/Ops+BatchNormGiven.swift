/// The per-channel statistics batch norm normalises with: a batch's own (training mode), or
/// statistics given from elsewhere — a task's support set, or running averages kept while
/// training (PyTorch's `eval()` mode). Normalising a query with given statistics makes its
/// output independent of the other images in its batch.
public struct ChannelStatistics: Sendable, Equatable {
    /// Mean of each channel.
    public var mean: [Float]
    /// Biased variance of each channel (divided by `count`), as batch norm uses it.
    public var variance: [Float]
    /// How many values each channel's statistics were taken over (images × pixels).
    public var count: Int

    public init(mean: [Float], variance: [Float], count: Int) {
        precondition(mean.count == variance.count, "\(mean.count) means for \(variance.count) variances")
        self.mean = mean
        self.variance = variance
        self.count = count
    }
}

extension Tensor {
    /// The per-channel mean and biased variance over axes 0, 2, 3 of NCHW (or axis 0 of [N, C]).
    public func channelMoments() -> ChannelStatistics {
        precondition(rank == 2 || rank == 4, "channel statistics of \(shape)")
        let (n, ch) = (shape[0], shape[1])
        let inner = rank == 4 ? shape[2] * shape[3] : 1
        let x = storage.pointer
        let moments = TensorStorage(count: 2 * ch)
        let out = moments.pointer
        forEachChannel(ch, elements: count) { channel in
            // Two passes in Double: the mean, then the squared deviations from it.
            var total: Double = 0
            for image in 0..<n { for i in 0..<inner { total += Double(x[(image * ch + channel) * inner + i]) } }
            let mean = total / Double(n * inner)
            var squares: Double = 0
            for image in 0..<n {
                for i in 0..<inner {
                    let d = Double(x[(image * ch + channel) * inner + i]) - mean
                    squares += d * d
                }
            }
            out[channel] = Float(mean)
            out[ch + channel] = Float(squares / Double(n * inner))
        }
        return ChannelStatistics(mean: Array(moments.buffer[0..<ch]), variance: Array(moments.buffer[ch..<(2 * ch)]), count: n * inner)
    }

    /// Batch norm with given statistics: y = γ·(x − μ)/√(σ² + ε) + β over axis 1, where μ and
    /// σ² are constants (no gradient flows to them). Composed from differentiable ops, so
    /// gradients with respect to x, γ and β are exact to any order.
    public func batchNorm(statistics: ChannelStatistics, scale gamma: Tensor, shift beta: Tensor,
                          epsilon: Float = 1e-5) -> Tensor {
        let ch = shape[1]
        precondition((rank == 2 || rank == 4) && statistics.mean.count == ch && gamma.shape == [ch] && beta.shape == [ch],
                     "batchNorm of \(shape) with \(statistics.mean.count) given channel statistics")
        let invStd = statistics.variance.map { 1 / ($0 + epsilon).squareRoot() }
        guard requiresGrad || gamma.requiresGrad || beta.requiresGrad else {
            // No graph wanted (testing): one pass, y = a·x + b per channel.
            let (gm, bt) = (gamma.scalars, beta.scalars)
            let scales = (0..<ch).map { gm[$0] * invStd[$0] }
            let shifts = (0..<ch).map { bt[$0] - statistics.mean[$0] * scales[$0] }
            let (n, inner) = (shape[0], rank == 4 ? shape[2] * shape[3] : 1)
            let out = TensorStorage(count: count)
            let (x, y) = (storage.pointer, out.pointer)
            forEachChannel(ch, elements: count) { channel in
                let (a, b) = (scales[channel], shifts[channel])
                for image in 0..<n {
                    let offset = (image * ch + channel) * inner
                    for i in offset..<(offset + inner) { y[i] = a * x[i] + b }
                }
            }
            return Tensor(shape: shape, storage: out)
        }
        let broadcast = rank == 4 ? [1, ch, 1, 1] : [1, ch]
        let a = gamma * Tensor(shape: [ch], scalars: invStd)
        return self * a.reshaped(broadcast) + (beta - Tensor(shape: [ch], scalars: statistics.mean) * a).reshaped(broadcast)
    }
}
