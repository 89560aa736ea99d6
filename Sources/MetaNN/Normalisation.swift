import MetaTensor

/// Which statistics a network's batch-norm layers normalise with.
public enum Normalisation: Sendable {
    /// Each batch with its own statistics (training mode): an image's output depends on the
    /// other images of its batch.
    case batch
    /// Given statistics, one per batch-norm layer in order (a support set's, or running
    /// averages): each image's output depends on itself alone.
    case given([ChannelStatistics])
}

extension Model {
    /// Models without batch norm have nothing to normalise: `normalisation` is ignored.
    public func callAsFunction(_ input: Tensor, parameters: Parameters, normalisation: Normalisation) -> Tensor {
        self(input, parameters: parameters)
    }

    /// Models without batch norm have no statistics.
    public func batchStatistics(of input: Tensor, parameters: Parameters) -> [ChannelStatistics] { [] }
}

extension Conv4 {
    /// The names of the batch-norm layers (PyTorch's module indices: "1", "5", "9", "13").
    public var batchNormLayers: [String] { (0..<configuration.blocks).map(Self.batchNormLayer) }

    /// The name of block `block`'s batch-norm layer (PyTorch's module index 4·block + 1).
    public static func batchNormLayer(_ block: Int) -> String { "\(4 * block + 1)" }

    /// The flattened embedding of `input`, its batch norms normalising as `normalisation` says.
    public func features(_ input: Tensor, parameters p: Parameters, normalisation: Normalisation) -> Tensor {
        guard case .given = normalisation else { return features(input, parameters: p) }
        return blockOutputs(input, parameters: p, normalisation: normalisation)[configuration.blocks - 1]
            .reshaped([input.shape[0], featureCount])
    }

    /// Each block's output [N, channels, side, side] for `input`, in block order, its batch norms
    /// normalising as `normalisation` says: what each layer computes, for comparing representations.
    public func blockOutputs(_ input: Tensor, parameters p: Parameters, normalisation: Normalisation) -> [Tensor] {
        var h = input, outputs: [Tensor] = []
        for block in 0..<configuration.blocks {
            let (weight, scale, shift) = (p["\(4 * block).weight"], p["\(4 * block + 1).weight"], p["\(4 * block + 1).bias"])
            switch normalisation {
            case .batch:
                h = Layers.convBlock(h, weight: weight, scale: scale, shift: shift)
            case .given(let statistics):
                precondition(statistics.count == configuration.blocks, "\(statistics.count) statistics for \(configuration.blocks) batch norms")
                h = h.conv2d(weight, padding: 1).batchNorm(statistics: statistics[block], scale: scale, shift: shift).maxPool2d(2).relu()
            }
            outputs.append(h)
        }
        return outputs
    }

    /// The network's output (head included when it has one) under `normalisation`.
    public func callAsFunction(_ input: Tensor, parameters: Parameters, normalisation: Normalisation) -> Tensor {
        let f = features(input, parameters: parameters, normalisation: normalisation)
        return configuration.classes > 0 ? head(f, parameters: parameters) : f
    }

    /// The statistics of each block's convolution output over the batch `input` (no graph).
    public func batchStatistics(of input: Tensor, parameters p: Parameters) -> [ChannelStatistics] {
        var h = input.detached(), statistics: [ChannelStatistics] = []
        for block in 0..<configuration.blocks {
            let convolved = h.conv2d(p["\(4 * block).weight"].detached(), padding: 1)
            statistics.append(convolved.channelMoments())
            h = convolved.batchNormPoolRelu(scale: p["\(4 * block + 1).weight"].detached(), shift: p["\(4 * block + 1).bias"].detached())
        }
        return statistics
    }
}
