import MetaTensor
import MetaLearn
import MetaNN

extension Benchmark {
    /// One second-order MAML meta-iteration: 5-way 1-shot, 15 queries per class, Conv-4 64,
    /// one inner step (α = 0.4), meta-batch 32, Adam — in seconds.
    static let mamlStep = mamlFigure(name: "maml_step", firstOrder: false)
    /// The same with first-order MAML.
    static let fomamlStep = mamlFigure(name: "fomaml_step", firstOrder: true)

    private static func mamlFigure(name: String, firstOrder: Bool) -> Benchmark {
        Benchmark(name: name, unit: "s", threadCounts: [2], prepare: {
            var generator = SeededGenerator(seed: 3)
            var learner = MAML<ClassificationTask>(model: Conv4(), configuration: .init(innerLearningRate: 0.4, firstOrder: firstOrder),
                                                   using: &generator)
            let tasks = (0..<32).map { _ in
                ClassificationTask(support: Tensor.uniform([5, 1, 28, 28], low: 0, high: 1, using: &generator),
                                   supportLabels: Array(0..<5),
                                   query: Tensor.uniform([75, 1, 28, 28], low: 0, high: 1, using: &generator),
                                   queryLabels: (0..<5).flatMap { Array(repeating: $0, count: 15) }, ways: 5)
            }
            let box = MutableBox(learner)
            learner.report = TrainingReport()
            return ({
                var inner = SeededGenerator(seed: 4)
                try? box.value.train(schedule: .init(iterations: 1), metaBatch: 32,
                                     tasks: { tasks[Int($0.next() % UInt64(tasks.count))] }, using: &inner)
            }, 1)
        }, isRate: false, repeats: 3)
    }
}

/// A reference cell for state a benchmark mutates between runs.
final class MutableBox<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
