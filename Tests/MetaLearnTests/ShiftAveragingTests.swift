import Testing
import MetaTensor
import MetaNN
@testable import MetaLearn

/// Test-time shift averaging: the copies it makes and what it does to embeddings and predictions.
@Suite struct ShiftAveragingTests {
    /// Two 1×4×4 images with distinct pixels and a background of 0.5 in the top-left corner.
    let images = Tensor(shape: [2, 1, 4, 4], scalars: (0..<32).map { $0 % 16 == 0 ? 0.5 : Float($0) })

    @Test func copiesAreTheImageFirstThenEveryShift() {
        let copies = ShiftAveraging(radius: 1).copies(of: images)
        #expect(copies.shape == [18, 1, 4, 4])
        #expect(Array(copies.scalars[0..<32]) == images.scalars)
        // The first shifted copy moves by (dx, dy) = (−1, −1): pixel (x, y) comes from (x + 1, y + 1).
        let shifted = Array(copies.scalars[32..<48]), original = Array(images.scalars[0..<16])
        #expect(shifted[0] == original[5] && shifted[10] == original[15])
        #expect(shifted[3] == 0.5 && shifted[12] == 0.5 && shifted[15] == 0.5)  // uncovered: the background
    }

    @Test func radiusZeroIsThePlainEmbeddingAndPrediction() throws {
        var generator = SeededGenerator(seed: 3)
        let learner = PrototypicalNetwork(embedding: MetricFixtures.smallEmbedding, using: &generator)
        let task = try MetricFixtures.task(.init(ways: 5, shots: 1, queries: 3), seed: 4)
        let plain = learner.embedding(task.support, parameters: learner.parameters)
        let averaged = ShiftAveraging(radius: 0).embed(task.support, with: learner.embedding, parameters: learner.parameters)
        #expect(plain.scalars == averaged.scalars)
        #expect(learner.predictions(for: task, averaging: ShiftAveraging(radius: 0)) == learner.predictions(for: task))
    }

    @Test func averagedEmbeddingIsTheMeanOverTheCopies() throws {
        var generator = SeededGenerator(seed: 5)
        let learner = PrototypicalNetwork(embedding: MetricFixtures.smallEmbedding, using: &generator)
        let task = try MetricFixtures.task(.init(ways: 3, shots: 1, queries: 1), seed: 6)
        let averaging = ShiftAveraging(radius: 1)
        let averaged = averaging.embed(task.support, with: learner.embedding, parameters: learner.parameters)
        let all = learner.embedding(averaging.copies(of: task.support), parameters: learner.parameters).scalars
        let (n, d) = (averaged.shape[0], averaged.shape[1])
        for i in 0..<n {
            for k in 0..<d {
                let mean = (0..<9).map { all[($0 * n + i) * d + k] }.reduce(0, +) / 9
                #expect(abs(averaged.scalars[i * d + k] - mean) < 1e-5)
            }
        }
    }
}
