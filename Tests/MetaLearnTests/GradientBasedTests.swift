import Testing
import MetaTensor
import MetaNN
import MetaData
@testable import MetaLearn

/// MAML, first-order MAML, ANIL, Meta-SGD and Reptile checked by their defining properties.
@Suite struct GradientBasedTests {
    let model = MLP(sizes: [1, 8, 1])

    func sineTask(seed: UInt64) -> RegressionTask {
        var generator = SeededGenerator(seed: seed)
        return RegressionTask(SineTasks().sample(shots: 10, queries: 10, using: &generator))
    }

    func flat(_ tensors: [Tensor]) -> [Double] { tensors.flatMap { $0.scalars.map(Double.init) } }

    func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        let diff = zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        let scale = max(a.map { $0 * $0 }.reduce(0, +).squareRoot(), b.map { $0 * $0 }.reduce(0, +).squareRoot(), 1e-6)
        return diff / scale
    }

    func maml(firstOrder: Bool = false, headOnly: Bool = false, alpha: Float = 0.05) -> MAML<RegressionTask> {
        var generator = SeededGenerator(seed: 1)
        return MAML(model: model, configuration: .init(innerSteps: 2, innerLearningRate: alpha, firstOrder: firstOrder, headOnly: headOnly),
                    using: &generator)
    }

    @Test func oneInnerStepLowersTheSupportLoss() {
        let learner = maml(alpha: 0.01), task = sineTask(seed: 2)
        let before = task.supportLoss(model(task.supportInput, parameters: learner.metaParameters)).scalar
        let after = learner.innerLoop(steps: 1).adapt(learner.metaParameters, model: model, on: task)
        #expect(task.supportLoss(model(task.supportInput, parameters: after)).scalar < before)
    }

    @Test func secondOrderMetaGradientMatchesFiniteDifferences() {
        let learner = maml(), task = sineTask(seed: 3)
        let analytic = flat(learner.outcome(on: task, metaParameters: learner.metaParameters).gradients)
        let theta = learner.metaParameters
        let metaLoss = { (p: Parameters) -> Double in
            Double(task.queryLoss(self.model(task.queryInput, parameters: learner.innerLoop().adapt(p, model: self.model, on: task))).scalar)
        }
        var numeric: [Double] = []
        let step: Float = 2e-3  // small: a larger step moves some ReLU pre-activations across zero
        for (t, tensor) in theta.tensors.enumerated() {
            for i in 0..<tensor.count {
                func shifted(_ delta: Float) -> Parameters {
                    var values = tensor.scalars
                    values[i] += delta
                    var tensors = theta.tensors
                    tensors[t] = Tensor(shape: tensor.shape, scalars: values)
                    return theta.with(tensors: tensors)
                }
                numeric.append((metaLoss(shifted(step)) - metaLoss(shifted(-step))) / (2 * Double(step)))
            }
        }
        #expect(relativeError(analytic, numeric) < 2e-2)
    }

    @Test func firstOrderEqualsQueryGradientAtAdaptedParameters() {
        let learner = maml(firstOrder: true), task = sineTask(seed: 4)
        let outcome = learner.outcome(on: task, metaParameters: learner.metaParameters)
        let adapted = learner.innerLoop().adapt(learner.metaParameters, model: model, on: task).detached().variables()
        let direct = gradients(of: task.queryLoss(model(task.queryInput, parameters: adapted)), wrt: adapted.tensors)
        #expect(relativeError(flat(outcome.gradients), flat(direct)) < 1e-5)
    }

    @Test func secondOrderDiffersFromFirstOrder() {
        let task = sineTask(seed: 5)
        let second = maml().outcome(on: task, metaParameters: maml().metaParameters)
        let first = maml(firstOrder: true).outcome(on: task, metaParameters: maml().metaParameters)
        #expect(relativeError(flat(second.gradients), flat(first.gradients)) > 1e-3)
    }

    @Test func everyParameterOfConv4ReceivesAMetaGradient() {
        var generator = SeededGenerator(seed: 6)
        let conv = Conv4(.init(channels: 4, classes: 3))
        let learner = MAML<ClassificationTask>(model: conv, configuration: .init(innerLearningRate: 0.4), using: &generator)
        let task = ClassificationTask(support: Tensor.uniform([3, 1, 28, 28], low: 0, high: 1, using: &generator), supportLabels: [0, 1, 2],
                                      query: Tensor.uniform([6, 1, 28, 28], low: 0, high: 1, using: &generator), queryLabels: [0, 0, 1, 1, 2, 2], ways: 3)
        let outcome = learner.outcome(on: task, metaParameters: learner.metaParameters)
        for (name, g) in zip(learner.metaParameters.names, outcome.gradients) {
            #expect(g.scalars.contains { $0 != 0 }, "no meta-gradient for \(name)")
        }
    }

    @Test func anilAdaptsOnlyTheHead() {
        let learner = maml(headOnly: true), task = sineTask(seed: 7)
        let adapted = learner.adapted(to: task)
        for name in learner.metaParameters.names {
            let changed = adapted[name].scalars != learner.metaParameters[name].scalars
            #expect(changed == model.headNames.contains(name), "\(name) changed: \(changed)")
        }
    }

    @Test func reptileWithOneTaskAndUnitEpsilonLandsOnTheAdaptedParameters() throws {
        var generator = SeededGenerator(seed: 8)
        var reptile = Reptile<RegressionTask>(model: model, configuration: .init(innerSteps: 3, innerLearningRate: 0.01, innerAdam: false,
                                                                                  initialEpsilon: 1, finalEpsilon: 1, trainOnQuery: false), using: &generator)
        let task = sineTask(seed: 9)
        let expected = reptile.train(reptile.metaParameters, on: task, steps: 3).parameters
        try reptile.train(schedule: .init(iterations: 1, metaBatch: 1), tasks: { _ in task }, using: &generator)
        #expect(relativeError(flat(reptile.metaParameters.tensors), flat(expected.tensors)) < 1e-6)
    }

    @Test func metaSGDLearningRatesReceiveGradients() {
        var generator = SeededGenerator(seed: 10)
        let learner = MetaSGD<RegressionTask>(model: model, using: &generator)
        let outcome = learner.outcome(on: sineTask(seed: 11), metaParameters: learner.metaParameters)
        for (name, g) in zip(learner.metaParameters.names, outcome.gradients) where name.hasPrefix("lr.") {
            #expect(g.scalars.contains { $0 != 0 }, "no gradient for \(name)")
        }
        #expect(learner.learningRates.names == learner.parameters.names)
    }

    @Test func parallelMetaBatchEqualsSerial() {
        let learner = maml()
        let tasks = (0..<6).map { sineTask(seed: 20 + UInt64($0)) }
        let parallel = MetaBatch.reduce(parallelMap(tasks.count, threads: 2) { learner.outcome(on: tasks[$0], metaParameters: learner.metaParameters) })
        let serial = MetaBatch.reduce(parallelMap(tasks.count, threads: 1) { learner.outcome(on: tasks[$0], metaParameters: learner.metaParameters) })
        #expect(flat(parallel.gradients) == flat(serial.gradients))
        #expect(parallel.loss == serial.loss)
    }

    @Test func seededSineMetaTrainingLowersPostUpdateError() throws {
        var generator = SeededGenerator(seed: 12)
        var learner = MAML<RegressionTask>(model: MLP(sizes: [1, 40, 40, 1]),
                                           configuration: .init(innerLearningRate: 0.01, metaLearningRate: 1e-3), using: &generator)
        let sines = SineTasks()
        let sampler: TaskSampler<RegressionTask> = { RegressionTask(sines.sample(shots: 10, queries: 10, using: &$0)) }
        var evaluation = SeededGenerator(seed: 99)
        let before = learner.evaluate(tasks: sampler, count: 100, using: &evaluation).mean
        try learner.train(schedule: .init(iterations: 300, metaBatch: 10), tasks: sampler, using: &generator)
        evaluation = SeededGenerator(seed: 99)
        let after = learner.evaluate(tasks: sampler, count: 100, using: &evaluation).mean
        #expect(after < 0.7 * before, "post-update MSE \(before) → \(after)")
    }

    @Test func divergingRunStopsAndKeepsLastGoodWeights() throws {
        var generator = SeededGenerator(seed: 13)
        var learner = MAML<RegressionTask>(model: model, configuration: .init(innerLearningRate: 1e30), using: &generator)
        let before = learner.metaParameters
        #expect(throws: TrainingError.self) {
            try learner.train(schedule: .init(iterations: 5, metaBatch: 2), tasks: { RegressionTask(SineTasks().sample(shots: 10, queries: 10, using: &$0)) }, using: &generator)
        }
        #expect(flat(learner.metaParameters.tensors) == flat(before.tensors))
    }
}
