import Testing
import MetaTensor
import MetaNN
import MetaData
@testable import MetaLearn

/// Transfer learning (pre-training, linear probe, fine-tuning) checked on synthetic classes, and
/// the probe on pre-trained features on glyphs.
@Suite struct TransferTests {
    let data = SyntheticClasses()
    let backbone = Conv4.Configuration(imageSize: 12, channels: 8, blocks: 2)

    func learner(_ configuration: TransferLearner.Configuration = .init()) -> TransferLearner {
        var generator = SeededGenerator(seed: 8)
        return TransferLearner(backbone: backbone, trainingClasses: 20, configuration: configuration, using: &generator)
    }

    func task(_ seed: UInt64) -> ClassificationTask {
        var generator = SeededGenerator(seed: seed)
        return data.task(ways: 5, shots: 5, queries: 5, pool: 20..<40, using: &generator)
    }

    func supportLoss(_ adapted: (network: Conv4, parameters: Parameters), _ task: ClassificationTask) -> Float {
        adapted.network(task.support, parameters: adapted.parameters).crossEntropy(labels: task.supportLabels).scalar
    }

    /// The linear probe as transfer learning uses it — on a pre-trained backbone — against the
    /// right baseline: the same probe on the same backbone before pre-training, on the same
    /// episodes of glyph classes neither saw. The probe fits the support set and leaves the
    /// backbone as pre-trained.
    @Test func linearProbeOnPretrainedFeaturesBeatsTheUntrainedBackbone() throws {
        var generator = SeededGenerator(seed: 8)
        let training = ClassSubset(GlyphDataset(seed: 0, split: .train), classes: Array(0..<40))
        let untrained = TransferLearner(backbone: Conv4.Configuration(channels: 16), trainingClasses: training.classCount,
                                        configuration: .init(pretraining: TrainingLoop(iterations: 150), pretrainLearningRate: 3e-3), using: &generator)
        var pretrained = untrained
        try pretrained.pretrain(batches: labelledBatches(from: training, size: 32), using: &generator)
        let sampler = try EpisodeSampler(dataset: GlyphDataset(seed: 0, split: .test), shape: EpisodeShape(ways: 5, shots: 1, queries: 5)).taskSampler
        var episodes = SeededGenerator(seed: 21)
        let tasks = try (0..<40).map { _ in try sampler(&episodes) }
        func meanAccuracy(_ learner: TransferLearner) -> Float {
            tasks.map { accuracy(learner.queryLogits(for: $0, by: .linearProbe).argmaxRows(), $0.queryLabels) }.reduce(0, +) / Float(tasks.count)
        }
        let (probed, baseline) = (meanAccuracy(pretrained), meanAccuracy(untrained))
        #expect(probed > baseline + 0.05, "probe on pre-trained features \(probed), on the untrained backbone \(baseline)")

        let task = tasks[0]
        let (network, weights) = pretrained.adapted(to: task, by: .linearProbe)
        #expect(accuracy(network(task.support, parameters: weights).argmaxRows(), task.supportLabels) == 1)
        for name in weights.names where !network.headNames.contains(name) {
            #expect(weights[name].scalars == pretrained.parameters[name].scalars)
        }
    }

    @Test func fineTuningLowersTheSupportLoss() {
        let learner = learner(.init(probeSteps: 10, fineTuneSteps: 10, fineTuneLearningRate: 1e-2)), task = task(2)
        let probed = learner.adapted(to: task, by: .linearProbe), tuned = learner.adapted(to: task, by: .fineTune)
        let (before, after) = (supportLoss(probed, task), supportLoss(tuned, task))
        #expect(after < 0.9 * before)
        #expect(tuned.parameters["0.weight"].scalars != learner.parameters["0.weight"].scalars)
    }

    @Test func fineTuningTheLastBlockLeavesEarlierBlocksAlone() {
        let learner = learner(.init(probeSteps: 5, fineTuneSteps: 3, fineTuneBlocks: 1)), task = task(3)
        let expected: Set<String> = ["4.weight", "5.weight", "5.bias", "9.weight", "9.bias"]
        #expect(learner.fineTunedNames == expected)
        let tuned = learner.adapted(to: task, by: .fineTune).parameters
        #expect(tuned["0.weight"].scalars == learner.parameters["0.weight"].scalars)
        #expect(tuned["4.weight"].scalars != learner.parameters["4.weight"].scalars)
    }

    @Test func pretrainingLearnsTheTrainingClasses() throws {
        var learner = learner(.init(pretraining: TrainingLoop(iterations: 60), pretrainLearningRate: 3e-3))
        var generator = SeededGenerator(seed: 9)
        try learner.pretrain(batches: { [data] g in data.batch(32, pool: 0..<20, using: &g) }, using: &generator)
        let points = learner.report.points
        let early: Float = points.prefix(10).map(\.loss).reduce(0, +), late: Float = points.suffix(10).map(\.loss).reduce(0, +)
        #expect(points.count == 60 && late < 0.5 * early)
        #expect(points.suffix(10).allSatisfy { ($0.accuracy ?? 0) > 0.8 })
    }

    @Test func aStopRequestKeepsWhatWasLearned() throws {
        var learner = learner(.init(pretraining: TrainingLoop(iterations: 50)))
        var generator = SeededGenerator(seed: 9)
        let counter = StopCounter(limit: 5)
        try learner.pretrain(batches: { [data] g in data.batch(8, pool: 0..<20, using: &g) },
                             hooks: TrainingHooks(shouldStop: { counter.tick() }), using: &generator)
        #expect(learner.report.interrupted && learner.report.points.count == 5)
    }
}

/// Says "stop" from the (limit + 1)-th question on.
final class StopCounter: @unchecked Sendable {
    private var asked = 0
    private let limit: Int
    init(limit: Int) { self.limit = limit }
    func tick() -> Bool { asked += 1; return asked > limit }
}
