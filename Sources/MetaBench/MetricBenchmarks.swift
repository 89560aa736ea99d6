import MetaTensor
import MetaLearn
import MetaNN

extension Benchmark {
    /// One Prototypical Networks training episode: 5-way 1-shot, 15 queries per class
    /// (80 images), Conv-4 64 filters — forward, backward and Adam step — in seconds.
    static let protonetEpisode = Benchmark(name: "protonet_episode", unit: "s", threadCounts: [1, 2], prepare: {
        var generator = SeededGenerator(seed: 5)
        let learner = MutableBox(PrototypicalNetwork(using: &generator))
        let task = ClassificationTask(support: Tensor.uniform([5, 1, 28, 28], low: 0, high: 1, using: &generator),
                                      supportLabels: Array(0..<5),
                                      query: Tensor.uniform([75, 1, 28, 28], low: 0, high: 1, using: &generator),
                                      queryLabels: (0..<5).flatMap { Array(repeating: $0, count: 15) }, ways: 5)
        let optimizer = MutableBox(Adam(learningRate: 1e-3))
        return ({ _ = try? learner.value.trainingStep(on: task, optimizer: &optimizer.value, iteration: 1) }, 1)
    }, isRate: false)
}
