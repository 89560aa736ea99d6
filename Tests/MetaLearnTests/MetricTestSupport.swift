import MetaTensor
import MetaNN
import MetaData
@testable import MetaLearn

/// A synthetic class family for the metric learners' tests: class c is a random 28×28
/// prototype image (a 7×7 random binary pattern in 4×4 blocks, from the seed and c), and each
/// of its images is the prototype plus noise.
struct NoisyPrototypes: ClassDataset {
    var seed: UInt64 = 1
    var classCount = 40
    var noise: Float = 0.3
    var imagesPerClass = 20

    func imageCount(ofClass classID: Int) -> Int { imagesPerClass }
    func className(_ classID: Int) -> String { "prototype \(classID)" }

    func image(ofClass classID: Int, at index: Int) -> GreyImage {
        var classGenerator = SeededGenerator(seed: seed &* 1_000_003 &+ UInt64(classID))
        var imageGenerator = SeededGenerator(seed: (seed &* 7_919 &+ UInt64(classID)) &* 104_729 &+ UInt64(index) &+ 1)
        let pattern = (0..<49).map { _ in classGenerator.uniform() > 0.6 ? Float(1) : 0 }
        let pixels = (0..<784).map { i in
            max(0, min(1, pattern[(i / 28 / 4) * 7 + (i % 28) / 4] + noise * imageGenerator.normal()))
        }
        return GreyImage(width: 28, height: 28, pixels: pixels)
    }
}

/// Small, fast pieces the metric tests share.
enum MetricFixtures {
    /// Conv-4 with 8 filters and no head: an 8-number embedding, cheap in a debug build.
    static let smallEmbedding = Conv4(.init(channels: 8, classes: 0))

    /// A task of `shape` drawn from the synthetic classes.
    static func task(_ shape: EpisodeShape, seed: UInt64, classes: NoisyPrototypes = NoisyPrototypes()) throws -> ClassificationTask {
        var generator = SeededGenerator(seed: seed)
        return try EpisodeSampler(dataset: classes, shape: shape).taskSampler(&generator)
    }

    /// A training configuration for short test runs on the synthetic classes.
    static func training(iterations: Int, learningRate: Float = 3e-3) -> EpisodicTrainingConfiguration {
        EpisodicTrainingConfiguration(schedule: TrainingLoop(iterations: iterations), learningRate: learningRate,
                                      trainShape: EpisodeShape(ways: 5, shots: 1, queries: 5), seed: 3)
    }

    /// The index of the largest value.
    static func argmax(_ values: [Float]) -> Int { values.indices.max { values[$0] < values[$1] }! }

    /// Σ aᵢbᵢ.
    static func dot(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
}
