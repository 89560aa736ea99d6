import Testing
import MetaTensor
import MetaNN
@testable import MetaLearn

/// Inductive testing, checked for every learner family: a query's scores depend only on the
/// support set and the query itself, so replacing or permuting the other queries leaves them
/// unchanged; transductive testing (the queries as one batch) lets them change.
@Suite struct InferencePropertyTests {
    static let data = SyntheticClasses()
    static let network = Conv4.Configuration(imageSize: 12, channels: 8, blocks: 2, classes: 0)

    /// A family's query scores [queries, ways] for a task, tested as `inference` says.
    typealias Scores = @Sendable (ClassificationTask, Inference) -> Tensor

    static func task(_ seed: UInt64) -> ClassificationTask {
        var generator = SeededGenerator(seed: seed)
        return data.task(ways: 3, shots: 2, queries: 4, pool: 0..<30, using: &generator)
    }

    static let families: [(String, Scores)] = {
        var generator = SeededGenerator(seed: 11)
        let embedding = Conv4(network)
        var classifier = network
        classifier.classes = 3
        let protoNet = PrototypicalNetwork(embedding: embedding, using: &generator)
        let ridge = try! RidgeRegressionHead(embedding: embedding, using: &generator)
        let maml = MAML<ClassificationTask>(model: Conv4(classifier), configuration: .init(innerSteps: 2), using: &generator)
        let transfer = TransferLearner(backbone: network, trainingClasses: 10, configuration: .init(probeSteps: 5), using: &generator)
        let lstm = LSTMMetaLearner<ClassificationTask>(model: Conv4(classifier), configuration: .init(innerSteps: 2), using: &generator)
        let mann = MemoryLearner(embedding: embedding, configuration: .init(ways: 3, hiddenSize: 8, keySize: 4), using: &generator)
        return [
            ("gradient-based (MAML)", { maml.queryOutputs(for: $0, inference: $1) }),
            ("metric (ProtoNet)", { protoNet.logits(for: $0, parameters: protoNet.parameters, inference: $1) }),
            ("closed-form (ridge head)", { ridge.logits(for: $0, parameters: ridge.parameters, inference: $1) }),
            ("transfer (linear probe)", { transfer.queryLogits(for: $0, by: .linearProbe, inference: $1) }),
            ("LSTM meta-learner", { lstm.queryOutputs(for: $0, inference: $1) }),
            ("black-box (MANN)", { mann.logits(for: $0, parameters: mann.parameters, inference: $1) }),
        ]
    }()

    /// `task` with its queries replaced by `query` (labels follow the images).
    static func with(_ task: ClassificationTask, queries rows: [(image: Tensor, label: Int)]) -> ClassificationTask {
        ClassificationTask(support: task.support, supportLabels: task.supportLabels,
                           query: Tensor.concatenate(rows.map(\.image), axis: 0), queryLabels: rows.map(\.label), ways: task.ways)
    }

    static func queries(of task: ClassificationTask) -> [(image: Tensor, label: Int)] {
        (0..<task.queryLabels.count).map { (task.query.slice(axis: 0, $0..<($0 + 1)), task.queryLabels[$0]) }
    }

    /// The largest difference between row `a` of `x` and row `b` of `y`.
    static func difference(_ x: Tensor, row a: Int, _ y: Tensor, row b: Int) -> Float {
        zip(rows(x)[a], rows(y)[b]).map { abs($0 - $1) }.max() ?? 0
    }

    /// Scores of each query of the original task and of the tasks whose other queries were
    /// permuted or replaced, compared query by query: the largest difference.
    static func largestChange(_ scores: Scores, _ inference: Inference) -> Float {
        let task = Self.task(1), other = queries(of: Self.task(2)), original = queries(of: task)
        let base = scores(task, inference)
        let n = original.count
        // Reversed order: query i sits at row n − 1 − i.
        let reversed = scores(with(task, queries: Array(original.reversed())), inference)
        var change = (0..<n).map { difference(base, row: $0, reversed, row: n - 1 - $0) }.max()!
        // Every other query replaced by another task's images.
        for kept in 0..<n {
            var rows = other
            rows[kept] = original[kept]
            change = max(change, difference(base, row: kept, scores(with(task, queries: rows), inference), row: kept))
        }
        return change
    }

    @Test(arguments: families.indices)
    func inductiveQueriesDoNotSeeEachOther(family: Int) {
        let (name, scores) = Self.families[family]
        let change = Self.largestChange(scores, .inductive)
        #expect(change < 1e-4, "\(name): a query's scores moved by \(change) when the other queries changed")
    }

    @Test(arguments: families.indices)
    func transductiveQueriesDoSeeEachOther(family: Int) {
        let (name, scores) = Self.families[family]
        let change = Self.largestChange(scores, .transductive)
        #expect(change > 1e-3, "\(name): transductive scores did not depend on the other queries (largest change \(change))")
    }

    @Test(arguments: families.indices)
    func inductiveScoresHaveOneFiniteRowPerQuery(family: Int) {
        let (name, scores) = Self.families[family]
        let task = Self.task(3), logits = scores(task, .inductive)
        #expect(logits.shape == [task.queryLabels.count, task.ways], "\(name): \(logits.shape)")
        let finite = logits.scalars.allSatisfy { $0.isFinite }
        #expect(finite, "\(name): non-finite scores")
    }
}
