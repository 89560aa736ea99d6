import Foundation
import MetaTensor
import Testing
@testable import MetaNN

/// Batch norm with given statistics, and running statistics kept and saved as PyTorch keeps them.
@Suite struct RunningStatisticsTests {
    let network = Conv4(.init(imageSize: 12, channels: 6, blocks: 2, classes: 3))

    func weights() -> Parameters {
        var generator = SeededGenerator(seed: 4)
        return network.initialParameters(using: &generator)
    }

    func images(_ count: Int, seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor.uniform([count, 1, 12, 12], low: 0, high: 1, using: &generator)
    }

    static func largestDifference(_ a: Tensor, _ b: Tensor) -> Float {
        zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
    }

    @Test func aBatchsOwnStatisticsReproduceBatchMode() {
        let p = weights(), x = images(7, seed: 1)
        let given = network(x, parameters: p, normalisation: .given(network.batchStatistics(of: x, parameters: p)))
        #expect(Self.largestDifference(given, network(x, parameters: p)) < 1e-4)
    }

    @Test func givenStatisticsMakeEachImageIndependentOfItsBatch() {
        let p = weights(), support = images(5, seed: 2), queries = images(4, seed: 3)
        let statistics = network.batchStatistics(of: support, parameters: p)
        let together = network(queries, parameters: p, normalisation: .given(statistics))
        for row in 0..<4 {
            let alone = network(queries.slice(axis: 0, row..<(row + 1)), parameters: p, normalisation: .given(statistics))
            #expect(Self.largestDifference(alone, together.slice(axis: 0, row..<(row + 1))) < 1e-5)
        }
        // Batch mode mixes them: the same rows differ when computed alone.
        let batch = network(queries, parameters: p), first = network(queries.slice(axis: 0, 0..<2), parameters: p)
        #expect(Self.largestDifference(first, batch.slice(axis: 0, 0..<2)) > 1e-3)
    }

    @Test func givenNormalisationHasExactGradients() {
        // y = γ(x − μ)/√(σ² + ε) + β with constant μ, σ²: ∂Σy/∂x = γ/√(σ² + ε), ∂Σy/∂γ = Σ(x − μ)/√(σ² + ε).
        let x = Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]).variable()
        let gamma = Tensor(shape: [2], scalars: [2, -1]).variable(), beta = Tensor(shape: [2], scalars: [0.5, 0]).variable()
        let statistics = ChannelStatistics(mean: [1, 2], variance: [4, 1], count: 3)
        let y = x.batchNorm(statistics: statistics, scale: gamma, shift: beta, epsilon: 0)
        let g = gradients(of: y.sum(), wrt: [x, gamma, beta])
        #expect(g[0].scalars == [1, -1, 1, -1, 1, -1])
        #expect(g[1].scalars == [3, 6])  // (0 + 2 + 4)/2, (0 + 2 + 4)/1
        #expect(g[2].scalars == [3, 3])
    }

    @Test func updatesFollowPyTorchsMomentumAndUnbiasedVariance() {
        var running = RunningStatistics(layers: ["1"], channels: [2])
        running.update(with: [ChannelStatistics(mean: [1, -2], variance: [3, 0.5], count: 4)])
        // mean ← 0.9·0 + 0.1·μ; var ← 0.9·1 + 0.1·σ²·4/3
        #expect(abs(running.mean[0][0] - 0.1) < 1e-6 && abs(running.mean[0][1] + 0.2) < 1e-6)
        #expect(abs(running.variance[0][0] - (0.9 + 0.1 * 4)) < 1e-6)
        #expect(abs(running.variance[0][1] - (0.9 + 0.1 * 0.5 * 4 / 3)) < 1e-6)
        #expect(running.batchesTracked == 1)
        // Statistics taken from a real batch: the variance kept is the unbiased one.
        let x = Tensor(shape: [4, 1], scalars: [1, 2, 3, 6])
        let moments = x.channelMoments()
        #expect(moments.mean == [3] && moments.variance == [3.5] && moments.count == 4)
    }

    @Test func runningStatisticsRoundTripThroughSafetensors() throws {
        let p = weights()
        var running = RunningStatistics(for: network)
        for seed in 0..<3 { running.update(with: network.batchStatistics(of: images(6, seed: UInt64(10 + seed)), parameters: p)) }
        let file = Safetensors(tensors: zip(p.names, p.tensors).map { ($0, $1) } + running.tensors, metadata: ["format": "pt"])
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("running-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try file.save(to: path)
        let loaded = try Safetensors.load(from: path)
        // PyTorch's state_dict names: 1.running_mean, 1.running_var, 1.num_batches_tracked, 5.…
        #expect(loaded.tensors.map(\.name).filter(RunningStatistics.isBufferName) == [
            "1.running_mean", "1.running_var", "1.num_batches_tracked", "5.running_mean", "5.running_var", "5.num_batches_tracked"])
        let back = try RunningStatistics(layers: network.batchNormLayers, channels: [6, 6], from: loaded)
        #expect(back == running)
        // A checkpoint without them reads as nil; a damaged one is a typed error naming the entry.
        #expect(try RunningStatistics(layers: network.batchNormLayers, channels: [6, 6], from: Safetensors(tensors: [])) == nil)
        var damaged = loaded
        damaged.tensors.removeAll { $0.name == "5.running_var" }
        #expect(throws: SafetensorsError.self) { try RunningStatistics(layers: network.batchNormLayers, channels: [6, 6], from: damaged) }
    }
}
