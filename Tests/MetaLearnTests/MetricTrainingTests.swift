import Testing
import Synchronization
import MetaTensor
import MetaNN
import MetaData
@testable import MetaLearn

/// The shared episodic training loop, evaluation and embedding pictures.
@Suite struct MetricTrainingTests {
    static func learner(_ algorithm: MetricAlgorithm) -> any EpisodicLearner {
        var generator = SeededGenerator(seed: 11)
        return algorithm.makeLearner(embedding: MetricFixtures.smallEmbedding, using: &generator)
    }

    // The black-box memory learner needs thousands of episodes to start binding labels, not
    // 100 (MemoryLearnerTests trains it on embedding-level tasks instead).
    @Test(arguments: MetricAlgorithm.allCases.filter { $0 != .mann })
    func trainingLowersTheLoss(_ algorithm: MetricAlgorithm) throws {
        var learner = Self.learner(algorithm)
        try learner.train(MetricFixtures.training(iterations: 100), classes: NoisyPrototypes())
        let losses = learner.report.points.map(\.loss)
        let (first, last) = (losses.prefix(10).reduce(0, +) / 10, losses.suffix(10).reduce(0, +) / 10)
        #expect(losses.count == 100)
        #expect(last < 0.8 * first, "\(algorithm) loss \(first) → \(last)")
    }

    @Test func evaluationIsSeededAndBeatsChanceAfterTraining() throws {
        var learner = Self.learner(.protonet)
        try learner.train(MetricFixtures.training(iterations: 30), classes: NoisyPrototypes())
        let test = try EpisodeSampler(dataset: NoisyPrototypes(seed: 5), shape: EpisodeShape(ways: 5, shots: 1, queries: 3)).taskSampler
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 1)
        let first = try learner.evaluate(tasks: test, count: 40, using: &a), second = try learner.evaluate(tasks: test, count: 40, using: &b)
        #expect(first == second)
        #expect(first.count == 40 && first.mean > 0.5, "\(first)")
    }

    @Test func badSettingsAndImpossibleEpisodesAreTypedErrors() throws {
        var learner = Self.learner(.protonet)
        var configuration = MetricFixtures.training(iterations: 1, learningRate: -1)
        #expect(throws: EpisodicSettingError.invalid(name: "learning-rate", value: "-1.0", expected: "a positive number")) {
            try learner.train(configuration, classes: NoisyPrototypes())
        }
        configuration = MetricFixtures.training(iterations: 1)
        configuration.trainShape.ways = 60
        #expect(throws: DataError.self) { try learner.train(configuration, classes: NoisyPrototypes()) }
        var generator = SeededGenerator(seed: 1)
        #expect(throws: EpisodicSettingError.self) {
            _ = try RidgeRegressionHead(embedding: MetricFixtures.smallEmbedding, configuration: .init(initialLambda: 0), using: &generator)
        }
    }

    @Test func divergenceThrowsAndLeavesFiniteWeights() throws {
        var learner = Self.learner(.ridge)
        #expect(throws: TrainingError.self) {
            try learner.train(MetricFixtures.training(iterations: 20, learningRate: 1e30), classes: NoisyPrototypes())
        }
        #expect(learner.parameters.tensors.allSatisfy { $0.scalars.allSatisfy(\.isFinite) })
    }

    @Test func stopRequestEndsTrainingEarlyAndMarksTheReport() throws {
        var learner = Self.learner(.matching)
        let reported = Atomic<Int>(0)
        let hooks = TrainingHooks(report: { _, _ in reported.add(1, ordering: .relaxed) },
                                  shouldStop: { reported.load(ordering: .relaxed) >= 3 })
        try learner.train(MetricFixtures.training(iterations: 50), classes: NoisyPrototypes(), hooks: hooks)
        #expect(learner.report.points.count == 3 && learner.report.interrupted)
    }

    @Test func stepDecayHalvesTheLearningRate() {
        let configuration = EpisodicTrainingConfiguration(schedule: TrainingLoop(iterations: 10), learningRate: 1e-3, decayEvery: 4)
        #expect([1, 4, 5, 9].map { configuration.learningRate(at: $0) } == [1e-3, 1e-3, 5e-4, 2.5e-4])
    }

    @Test func planarEmbeddingsKeepAnEpisodesShapeAndLabels() throws {
        let learner = Self.learner(.ridge)
        let task = try MetricFixtures.task(EpisodeShape(ways: 3, shots: 2, queries: 4), seed: 12)
        let plane = learner.embeddings(of: task).projectedToPlane()
        #expect(plane.support.count == 6 && plane.query.count == 12 && plane.prototypes.count == 3)
        #expect((plane.support + plane.query + plane.prototypes).allSatisfy { $0.count == 2 })
        #expect(plane.supportLabels == task.supportLabels && plane.queryLabels == task.queryLabels)
    }

    @Test func principalComponentsFindTheDirectionsOfLargestVariance() {
        // Points spread 10 along (1, 1, 0)/√2, 1 along (0, 0, 1), nothing else.
        var generator = SeededGenerator(seed: 13)
        let r = Float(0.5).squareRoot()
        let points: [[Float]] = (0..<200).map { _ in
            let (a, b) = (10 * generator.normal(), generator.normal())
            return [a * r + 5, a * r - 1, b + 2]
        }
        let pca = PrincipalComponents(fitting: points, count: 2)
        #expect(abs(abs(MetricFixtures.dot(pca.components[0], [r, r, 0])) - 1) < 1e-3)
        #expect(abs(abs(pca.components[1][2]) - 1) < 1e-3)
        let projected = pca.project(points)
        let spread = projected.map { $0[0] * $0[0] }.reduce(0, +) / 200
        #expect(spread > 50, "variance along the first component \(spread)")
    }
}
