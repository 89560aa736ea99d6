import Testing
import MetaTensor
import MetaNN
@testable import MetaLearn

/// The black-box memory learner (MANN): it reads labels from the support sequence, so
/// relabelling the support set relabels its answers; its memory holds one key per support image.
@Suite struct MemoryLearnerTests {
    /// A 3-way 1-shot task on embeddings: three random unit-ish centres as the support set, and
    /// noisy copies of them (two per class) as queries.
    static func task(_ generator: inout SeededGenerator) -> (support: Tensor, labels: [Int], query: Tensor, queryLabels: [Int]) {
        let centres = Tensor.normal([3, 6], using: &generator)
        let order = [2, 0, 1, 1, 2, 0]
        let rows = order.map { centres.slice(axis: 0, $0..<($0 + 1)) }
        let query = Tensor.concatenate(rows, axis: 0) + Tensor.normal([6, 6], std: 0.2, using: &generator)
        let labels = [0, 1, 2].shuffled(using: &generator)
        return (centres, labels, query, order.map { labels[$0] })
    }

    @Test func predictionsFollowAPermutationOfTheSupportLabels() throws {
        var generator = SeededGenerator(seed: 5)
        var learner = MemoryLearner(embedding: MLP(sizes: [6, 6]), configuration: .init(ways: 3, hiddenSize: 48, keySize: 16), using: &generator)
        var optimizer = Adam(learningRate: 3e-3)
        for _ in 0..<8000 {
            let t = Self.task(&generator)
            let variables = learner.parameters.variables()
            let loss = learner.logits(support: t.support, supportLabels: t.labels, query: t.query, ways: 3, parameters: variables)
                .crossEntropy(labels: t.queryLabels)
            optimizer.step(&learner.parameters, gradients: gradients(of: loss, wrt: variables.tensors))
        }
        var followed = 0, changed = 0, total = 0
        for _ in 0..<50 {
            let t = Self.task(&generator)
            let permutation = [1, 2, 0]
            let before = learner.logits(support: t.support, supportLabels: t.labels, query: t.query, ways: 3, parameters: learner.parameters).argmaxRows()
            let after = learner.logits(support: t.support, supportLabels: t.labels.map { permutation[$0] }, query: t.query, ways: 3,
                                       parameters: learner.parameters).argmaxRows()
            for (b, a) in zip(before, after) {
                total += 1
                if a != b { changed += 1 }
                if a == permutation[b] { followed += 1 }
            }
        }
        // A permutation with no fixed point: every answer that follows it has changed.
        #expect(Double(changed) / Double(total) > 0.9, "\(changed) of \(total) predictions changed")
        #expect(Double(followed) / Double(total) > 0.9, "\(followed) of \(total) predictions followed the permutation")
    }

    @Test func readingOrderIsAPermutationThatIgnoresLabels() {
        var generator = SeededGenerator(seed: 2)
        let support = Tensor.normal([5, 4], using: &generator)
        let order = MemoryLearner.readingOrder(support)
        #expect(order.sorted() == Array(0..<5))
        #expect(MemoryLearner.readingOrder(support) == order)
    }

    @Test func eachSupportImageWritesOneSlotAndReadsAreConvexCombinations() {
        var generator = SeededGenerator(seed: 3)
        let learner = MemoryLearner(embedding: MLP(sizes: [6, 6]), configuration: .init(ways: 3, hiddenSize: 8, keySize: 5), using: &generator)
        let t = Self.task(&generator)
        let (memory, hidden, _) = learner.write(support: t.support, supportLabels: t.labels, parameters: learner.parameters)
        #expect(memory.shape == [3, 5])
        #expect(hidden.shape == [1, 8])
        let weights = learner.readWeights(keys: Tensor.normal([4, 5], using: &generator), memory: memory, parameters: learner.parameters)
        #expect(weights.shape == [4, 3])
        for row in rows(weights) {
            #expect(row.allSatisfy { $0 >= 0 } && abs(row.reduce(0, +) - 1) < 1e-5, "read weights \(row)")
        }
        // A key equal to a slot (up to scale) reads that slot most: cosine similarity 1.
        let slot = memory.slice(axis: 0, 1..<2) * 3
        #expect(learner.readWeights(keys: slot, memory: memory, parameters: learner.parameters).argmaxRows() == [1])
    }
}
