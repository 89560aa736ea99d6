import Foundation
import Testing
import MetaNN
@testable import MetaSession

/// `train` keeps batch norm's running averages for the Conv-4 learners of every family, fed
/// every 10th step, and `save model` writes them beside the weights under PyTorch's names.
@Suite struct RunningStatisticsSessionTests {
    @Test(arguments: [("protonet", "", 64), ("maml", "meta-batch=1", 64), ("linear-probe", "", 32)])
    func trainKeepsThemAndSaveWritesThem(algorithm: String, options: String, channels: Int) throws {
        let harness = SessionHarness()
        let trained = harness.run("train \(algorithm) iterations=20 \(options) episodes=2 as=r")
        #expect(trained.outcome == .ok, "\(trained.written)")
        let saved = harness.run("save model of=r to=r.safetensors")
        #expect(saved.outcome == .ok, "\(saved.written)")
        let file = try Safetensors.load(from: harness.folder + "/out/r.safetensors")
        for layer in ["1", "5", "9", "13"] {
            #expect(file["\(layer).num_batches_tracked"]?.scalars == [2], "\(algorithm): layer \(layer)")
            let mean = try #require(file["\(layer).running_mean"]), variance = try #require(file["\(layer).running_var"])
            #expect(mean.count == channels && variance.count == channels)
            // Two batches have moved them from their start (mean 0, variance 1).
            #expect(mean.scalars.contains { $0 != 0 } && variance.scalars.contains { $0 != 1 })
        }
        // Loading the file back ignores the buffers: the weights are what a learner restores.
        #expect(harness.run("load model r.safetensors as=back").outcome == .ok)
    }

    @Test func sinesLearnersKeepNone() throws {
        let harness = SessionHarness()
        #expect(harness.run("data sines").outcome == .ok)
        #expect(harness.run("train maml iterations=20 meta-batch=2 episodes=2 as=s").outcome == .ok)
        #expect(harness.run("save model of=s to=s.safetensors").outcome == .ok)
        let file = try Safetensors.load(from: harness.folder + "/out/s.safetensors")
        #expect(!file.tensors.map(\.name).contains(where: RunningStatistics.isBufferName))
    }
}
