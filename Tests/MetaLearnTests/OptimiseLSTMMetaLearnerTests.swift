import Testing
import MetaTensor
import MetaNN
@testable import MetaLearn

/// The LSTM meta-learner (Ravi & Larochelle 2017) checked by its properties on synthetic tasks.
@Suite struct OptimiseLSTMMetaLearnerTests {
    let data = SyntheticClasses()
    let model = Conv4(.init(imageSize: 12, channels: 8, blocks: 2, classes: 3))

    func task(_ seed: UInt64) -> ClassificationTask {
        var generator = SeededGenerator(seed: seed)
        return data.task(ways: 3, shots: 2, queries: 4, pool: 0..<30, using: &generator)
    }

    func learner() -> LSTMMetaLearner<ClassificationTask> {
        var generator = SeededGenerator(seed: 3)
        return LSTMMetaLearner(model: model, configuration: .init(innerSteps: 3, metaLearningRate: 1e-2), using: &generator)
    }

    /// Mean query loss after adaptation over fixed tasks.
    func queryLoss(_ learner: LSTMMetaLearner<ClassificationTask>) -> Float {
        let tasks = (0..<20).map { task(500 + UInt64($0)) }
        return tasks.map { $0.queryLoss(model($0.query, parameters: learner.adapted(to: $0))).scalar }.reduce(0, +) / 20
    }

    @Test func everyMetaParameterReceivesAGradient() {
        let learner = learner()
        let outcome = learner.outcome(on: task(1), metaParameters: learner.metaParameters)
        for (name, gradient) in zip(learner.metaParameters.names, outcome.gradients) {
            #expect(gradient.scalars.contains { $0 != 0 }, "no gradient for \(name)")
        }
        #expect(globalNorm(outcome.gradients) <= learner.configuration.clipNorm * 1.0001)
    }

    @Test func gatesStartAsTheyShould() {
        let learner = learner(), run = learner.learn(task(2), metaParameters: learner.metaParameters)
        #expect(run.forgetGates.allSatisfy { $0 > 0.95 })
        #expect(run.inputGates.allSatisfy { $0 < 0.05 && $0 > 0 })
    }

    @Test func shortTrainingLowersTheQueryLoss() throws {
        var learner = learner(), generator = SeededGenerator(seed: 4)
        let before = queryLoss(learner)
        let sampler: TaskSampler<ClassificationTask> = { [data] generator in
            data.task(ways: 3, shots: 2, queries: 4, pool: 0..<30, using: &generator)
        }
        try learner.train(schedule: .init(iterations: 80), metaBatch: 2, tasks: sampler, using: &generator)
        #expect(queryLoss(learner) < 0.7 * before)
        #expect(learner.report.points.count == 80)
    }
}
