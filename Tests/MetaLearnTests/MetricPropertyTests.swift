import Testing
import MetaTensor
import MetaNN
import MetaData
@testable import MetaLearn

/// The metric and closed-form learners checked by the properties their papers state.
@Suite struct MetricPropertyTests {
    @Test func ridgeGradientMatchesCentralDifferences() throws {
        var generator = SeededGenerator(seed: 1)
        let head = try RidgeRegressionHead(embedding: MetricFixtures.smallEmbedding, using: &generator)
        let (support, query) = (Tensor.normal([4, 3], using: &generator), Tensor.normal([5, 3], using: &generator))
        let supportLabels = [0, 1, 0, 1], queryLabels = [1, 0, 0, 1, 1]
        let inputs = [support, query, Tensor(shape: [1], scalars: [-0.3]), Tensor(shape: [1], scalars: [2]), Tensor(shape: [1], scalars: [0.1])]
        func loss(_ x: [Tensor]) -> Tensor {
            let p = Parameters([(RidgeRegressionHead.logLambdaName, x[2]), (RidgeRegressionHead.scaleName, x[3]), (RidgeRegressionHead.biasName, x[4])])
            let logits = head.logits(support: x[0], supportLabels: supportLabels, query: x[1], ways: 2, parameters: p)
            return logits.crossEntropy(labels: queryLabels) + (logits * logits).mean().scaled(by: 0.1)
        }
        let (error, analytic) = GradientCheckSupport.relativeError(at: inputs, step: 1e-2, loss)
        #expect(error < 2e-3, "relative error \(error)")
        #expect(analytic[analytic.count - 3] != 0, "no gradient for log λ")
    }

    @Test func ridgeWeightsSolveTheRegularisedLeastSquaresProblem() {
        // The dual form Xᵀ(XXᵀ + λI)⁻¹Y equals the primal (XᵀX + λI)⁻¹XᵀY.
        var generator = SeededGenerator(seed: 2)
        let x = Tensor.normal([3, 5], using: &generator), labels = [0, 2, 1]
        let lambda = Tensor(shape: [1], scalars: [0.7])
        let dual = RidgeRegressionHead.ridgeWeights(x, labels: labels, ways: 3, lambda: lambda)
        let primal = (x.matmul(x, transposeSelf: true) + Tensor.identity(5) * lambda)
            .solve(x.matmul(Tensor.oneHot(labels, classes: 3), transposeSelf: true))
        #expect(zip(dual.scalars, primal.scalars).allSatisfy { abs($0 - $1) < 1e-4 })
    }

    @Test(arguments: [1, 3])
    func sharpMatchingAttentionIsCosineNearestNeighbour(shots: Int) {
        var generator = SeededGenerator(seed: 3)
        let network = MatchingNetwork(embedding: MetricFixtures.smallEmbedding,
                                      configuration: .init(initialScale: 1e6, learnsScale: false), using: &generator)
        let ways = 4
        let support = Tensor.normal([ways * shots, 6], using: &generator), query = Tensor.normal([30, 6], using: &generator)
        let labels = (0..<ways).flatMap { Array(repeating: $0, count: shots) }
        let predicted = network.logits(support: support, supportLabels: labels, query: query, ways: ways, parameters: network.parameters).argmaxRows()
        let attention = rows(network.attention(support: support, query: query, parameters: network.parameters))
        for (q, row) in rows(query).enumerated() {
            let cosines = rows(support).map { s in MetricFixtures.dot(row, s) / (MetricFixtures.dot(row, row) * MetricFixtures.dot(s, s)).squareRoot() }
            let nearest = MetricFixtures.argmax(cosines)
            #expect(predicted[q] == labels[nearest])
            #expect(attention[q][nearest] > 0.99, "attention \(attention[q])")
        }
    }

    @Test func oneShotProtoNetIsEuclideanNearestNeighbourInEmbeddingSpace() throws {
        var generator = SeededGenerator(seed: 4)
        let network = PrototypicalNetwork(embedding: MetricFixtures.smallEmbedding, using: &generator)
        let task = try MetricFixtures.task(EpisodeShape(ways: 5, shots: 1, queries: 6), seed: 5)
        let episode = network.embeddings(of: task)
        #expect(episode.prototypes == episode.support)
        let nearest = episode.query.map { q in
            let distances = episode.support.map { s in zip(q, s).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
            return episode.supportLabels[MetricFixtures.argmax(distances.map { -$0 })]
        }
        #expect(network.predictions(for: task) == nearest)
    }

    @Test func prototypesAreClassMeansInAnyLabelOrder() {
        let support = Tensor(shape: [4, 2], scalars: [1, 2, 10, 20, 3, 4, 30, 40])
        let prototypes = PrototypicalNetwork.prototypes(support, labels: [0, 1, 0, 1], ways: 2)
        #expect(prototypes.scalars == [2, 3, 20, 30])
    }

    /// Verification on classes never trained on: for distinct drawings i, j of one class and a
    /// drawing k of another, how often the network scores (i, j) above (i, k). Training must
    /// raise that fraction well above the untrained network's, which is the baseline.
    @Test func siameseRanksDistinctDrawingsOfOneClassAboveOtherClassesBetterThanUntrained() throws {
        var generator = SeededGenerator(seed: 6)
        let untrained = SiameseNetwork(embedding: MetricFixtures.smallEmbedding, using: &generator)
        var network = untrained
        let noise: Float = 0.6
        let heldOut = NoisyPrototypes(seed: 9, noise: noise)
        let tasks = try (0..<4).map { try MetricFixtures.task(EpisodeShape(ways: 5, shots: 2, queries: 2), seed: 70 + UInt64($0), classes: heldOut) }
        func rankedCorrectly(_ network: SiameseNetwork) -> Double {
            var right = 0, total = 0
            for task in tasks {
                let labels = task.supportLabels + task.queryLabels
                let (support, query) = network.embed(task, parameters: network.parameters)
                let all = Tensor.concatenate([support, query], axis: 0)
                let scores = rows(network.pairLogits(all, all, parameters: network.parameters))
                for i in labels.indices {
                    for j in labels.indices where j != i && labels[j] == labels[i] {
                        for k in labels.indices where labels[k] != labels[i] {
                            total += 1
                            if scores[i][j] > scores[i][k] { right += 1 }
                        }
                    }
                }
            }
            return Double(right) / Double(total)
        }
        try network.train(MetricFixtures.training(iterations: 60), classes: NoisyPrototypes(noise: noise))
        let (before, after) = (rankedCorrectly(untrained), rankedCorrectly(network))
        #expect(after > before + 0.1, "ranked correctly: untrained \(before), trained \(after)")
        #expect(after > 0.8, "ranked correctly: untrained \(before), trained \(after)")
    }

    @Test func siamesePairWeightsBalanceSameAndDifferentPairsAndSkipSelfPairs() {
        let (targets, weights) = SiameseNetwork.pairTargets([0, 0, 1, 2])
        let t = targets.scalars, w = weights.scalars
        #expect((0..<4).allSatisfy { w[$0 * 5] == 0 })
        let same = zip(t, w).filter { $0.0 == 1 }.map(\.1).reduce(0, +), different = zip(t, w).filter { $0.0 == 0 }.map(\.1).reduce(0, +)
        #expect(abs(same - 0.5) < 1e-6 && abs(different - 0.5) < 1e-6)
    }
}
