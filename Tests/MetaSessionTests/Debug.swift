import Testing
import MetaTensor
import MetaNN
import MetaData
import MetaLearn
@testable import MetaSession

@Test func debugGradcheck() {
    for (hidden, alpha) in [([8], 0.05), ([8, 8], 0.05), ([8, 8], 0.01)] {
        var generator = SeededGenerator(seed: 0)
        let hyper = Algorithm.maml.defaults(.regression).with { $0.innerSteps = 2; $0.innerLearningRate = alpha }
        let setup = LearnerSetup(kind: .regression, network: .mlp(hidden: hidden), ways: 1, hyper: hyper)
        let learner = Algorithm.maml.make(setup, &generator)
        let task = AnyTask.regression(RegressionTask(SineTasks().sample(shots: 10, queries: 10, using: &generator)))
        let theta = learner.checkpoint
        let g = learner.metaGradient(on: task, at: theta)!
        let l0 = g.loss
        let lp = learner.metaGradient(on: task, at: theta.shifted(0, 0, by: 2e-3))!.loss
        let lm = learner.metaGradient(on: task, at: theta.shifted(0, 0, by: -2e-3))!.loss
        print(hidden, alpha, l0, lp, lm, (lp - lm) / 4e-3, g.gradients[0].scalars[0])
    }
}
