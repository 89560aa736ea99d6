import MetaTensor

/// Batch norm's running mean and variance, kept as PyTorch keeps them in training mode, to
/// normalise with in PyTorch's `eval()` mode.
///
/// Each batch a network normalises in training updates every layer's averages with momentum
/// 0.1: mean ← 0.9·mean + 0.1·μ, var ← 0.9·var + 0.1·σ²·n/(n − 1) — the variance is stored
/// unbiased (n values per channel), as PyTorch does, while the batch itself is normalised with
/// the biased σ². They start at mean 0 and variance 1. Saved with the weights under PyTorch's
/// names (`1.running_mean`, `1.running_var`, `1.num_batches_tracked`, … for a Conv-4), so a
/// checkpoint loads into a PyTorch Conv-4 with `load_state_dict(strict=True)`, where `eval()`
/// computes what `.given(statistics)` computes here.
public struct RunningStatistics: Sendable, Equatable {
    /// PyTorch's default momentum.
    public static let momentum: Float = 0.1

    /// The batch-norm layers' names (module indices), in network order.
    public let layers: [String]
    /// The running mean of each layer's channels.
    public var mean: [[Float]]
    /// The running unbiased variance of each layer's channels.
    public var variance: [[Float]]
    /// How many batches have updated the averages (`num_batches_tracked`).
    public var batchesTracked: Int

    /// Fresh averages (mean 0, variance 1) for layers with the given channel counts.
    public init(layers: [String], channels: [Int]) {
        precondition(layers.count == channels.count, "\(layers.count) layers for \(channels.count) channel counts")
        self.layers = layers
        mean = channels.map { [Float](repeating: 0, count: $0) }
        variance = channels.map { [Float](repeating: 1, count: $0) }
        batchesTracked = 0
    }

    /// Fresh averages for a Conv-4's batch norms.
    public init(for network: Conv4) {
        self.init(layers: network.batchNormLayers, channels: Array(repeating: network.configuration.channels, count: network.configuration.blocks))
    }

    /// Folds one batch's statistics (one per layer, as `Model.batchStatistics` returns them) in.
    public mutating func update(with batch: [ChannelStatistics]) {
        precondition(batch.count == layers.count, "\(batch.count) batch statistics for \(layers.count) layers")
        let m = Self.momentum
        for (layer, statistics) in batch.enumerated() {
            precondition(statistics.mean.count == mean[layer].count, "layer \(layers[layer]): \(statistics.mean.count) channels")
            let correction = Float(statistics.count) / Float(max(statistics.count - 1, 1))
            for c in mean[layer].indices {
                mean[layer][c] = (1 - m) * mean[layer][c] + m * statistics.mean[c]
                variance[layer][c] = (1 - m) * variance[layer][c] + m * statistics.variance[c] * correction
            }
        }
        batchesTracked += 1
    }

    /// The averages as statistics to normalise with (`Normalisation.given`), as `eval()` does.
    public var statistics: [ChannelStatistics] {
        zip(mean, variance).map { ChannelStatistics(mean: $0, variance: $1, count: batchesTracked) }
    }

    /// The safetensors entries under PyTorch's buffer names (`num_batches_tracked` as a
    /// Float32 scalar; PyTorch's `load_state_dict` converts it to its int64 buffer).
    public var tensors: [(name: String, tensor: Tensor)] {
        layers.indices.flatMap { layer -> [(name: String, tensor: Tensor)] in
            let name = layers[layer], channels = mean[layer].count
            return [("\(name).running_mean", Tensor(shape: [channels], scalars: mean[layer])),
                    ("\(name).running_var", Tensor(shape: [channels], scalars: variance[layer])),
                    ("\(name).num_batches_tracked", Tensor(shape: [], scalars: [Float(batchesTracked)]))]
        }
    }

    /// Whether `name` is one of the buffer names `tensors` writes (for any layer).
    public static func isBufferName(_ name: String) -> Bool {
        name.hasSuffix(".running_mean") || name.hasSuffix(".running_var") || name.hasSuffix(".num_batches_tracked")
    }

    /// The averages read back from a file's tensors, for these layers and channel counts; nil
    /// when the file has none of them (a checkpoint saved before MetaLab kept them).
    public init?(layers: [String], channels: [Int], from file: Safetensors) throws(SafetensorsError) {
        guard layers.contains(where: { file["\($0).running_mean"] != nil }) else { return nil }
        self.init(layers: layers, channels: channels)
        var tracked: Set<Int> = []
        for (index, name) in layers.enumerated() {
            for (suffix, count) in [("running_mean", channels[index]), ("running_var", channels[index]), ("num_batches_tracked", 1)] {
                let key = "\(name).\(suffix)"
                guard let tensor = file[key] else { throw .badEntry(name: key, reason: "missing: the file has other running statistics") }
                guard tensor.count == count else { throw .badEntry(name: key, reason: "shape \(tensor.shape), expected \(count) values") }
                switch suffix {
                case "running_mean": mean[index] = tensor.scalars
                case "running_var": variance[index] = tensor.scalars
                default:
                    let value = tensor.scalars[0]
                    guard value >= 0, value == value.rounded(), value < 1e9 else {
                        throw .badEntry(name: key, reason: "a batch count must be a whole number ≥ 0, got \(value)")
                    }
                    tracked.insert(Int(value))
                }
            }
        }
        batchesTracked = tracked.max() ?? 0
    }
}
