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
        // A small step: a larger one moves some ReLU pre-activations across zero.
        let numeric = numericGradient(of: metaLoss, at: theta, step: 2e-3)
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

    /// On Conv-4 (convolutions, batch norm, ReLU, max-pooling, head) with MAML's large inner step,
    /// the second-order meta-gradient of every tensor matches central differences of the query
    /// loss after adaptation, along a random direction in that tensor. The step is small because
    /// the loss has kinks (ReLU, max-pooling) that a larger one would cross.
    @Test func conv4MetaGradientMatchesFiniteDifferencesForEveryTensor() {
        var generator = SeededGenerator(seed: 6)
        let conv = Conv4(.init(imageSize: 12, channels: 4, blocks: 2, classes: 3))
        let learner = MAML<ClassificationTask>(model: conv, configuration: .init(innerLearningRate: 0.4), using: &generator)
        let task = ClassificationTask(support: Tensor.uniform([3, 1, 12, 12], low: 0, high: 1, using: &generator), supportLabels: [0, 1, 2],
                                      query: Tensor.uniform([6, 1, 12, 12], low: 0, high: 1, using: &generator), queryLabels: [0, 0, 1, 1, 2, 2], ways: 3)
        let theta = learner.metaParameters
        let outcome = learner.outcome(on: task, metaParameters: theta)
        for (t, name) in theta.names.enumerated() {
            let direction = Tensor.normal(theta.tensors[t].shape, using: &generator)
            let slope = zip(outcome.gradients[t].scalars, direction.scalars).map { Double($0) * Double($1) }.reduce(0, +)
            let metaLoss = { (h: Float) -> Double in
                var tensors = theta.tensors
                tensors[t] = tensors[t] + direction * h
                let fast = learner.innerLoop().adapt(theta.with(tensors: tensors), model: conv, on: task)
                return Double(task.queryLoss(conv(task.queryInput, parameters: fast)).scalar)
            }
            let h: Float = 1e-4
            let numeric = (metaLoss(h) - metaLoss(-h)) / (2 * Double(h))
            #expect(abs(slope - numeric) <= 0.03 * abs(numeric) + 2e-3, "\(name): slope \(slope), finite differences \(numeric)")
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
        try reptile.train(schedule: .init(iterations: 1), metaBatch: 1, tasks: { _ in task }, using: &generator)
        #expect(relativeError(flat(reptile.metaParameters.tensors), flat(expected.tensors)) < 1e-6)
    }

    /// ∂ℒ_Q/∂α of one Meta-SGD step against central differences of the query loss after
    /// adapting with α, and against its closed form −∇θℒ_S ∘ ∇θ′ℒ_Q.
    @Test func metaSGDLearningRateGradientMatchesFiniteDifferences() {
        var generator = SeededGenerator(seed: 10)
        let learner = MetaSGD<RegressionTask>(model: model, using: &generator), task = sineTask(seed: 11)
        #expect(learner.learningRates.names == learner.parameters.names)
        let outcome = learner.outcome(on: task, metaParameters: learner.metaParameters)
        let rateIndices = learner.metaParameters.names.indices.filter { learner.metaParameters.names[$0].hasPrefix("lr.") }
        let analytic = flat(rateIndices.map { outcome.gradients[$0] })
        let theta = learner.parameters
        let queryLoss = { (alpha: Parameters) -> Double in
            let fast = learner.innerLoop(alpha: alpha, secondOrder: false).adapt(theta, model: self.model, on: task)
            return Double(task.queryLoss(self.model(task.queryInput, parameters: fast)).scalar)
        }
        let numeric = numericGradient(of: queryLoss, at: learner.learningRates, step: 2e-3)
        #expect(relativeError(analytic, numeric) < 2e-2)
        // The closed form the lesson states, for one inner step.
        let start = theta.variables()
        let support = gradients(of: task.supportLoss(model(task.supportInput, parameters: start)), wrt: start.tensors)
        let fast = learner.adapted(to: task).variables()
        let query = gradients(of: task.queryLoss(model(task.queryInput, parameters: fast)), wrt: fast.tensors)
        let closedForm = zip(flat(support), flat(query)).map { -$0 * $1 }
        #expect(relativeError(analytic, closedForm) < 1e-4)
        #expect(analytic.contains { $0 != 0 })
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
        let before = try learner.evaluate(tasks: sampler, count: 100, using: &evaluation).mean
        try learner.train(schedule: .init(iterations: 300), metaBatch: 10, tasks: sampler, using: &generator)
        evaluation = SeededGenerator(seed: 99)
        let after = try learner.evaluate(tasks: sampler, count: 100, using: &evaluation).mean
        #expect(after < 0.7 * before, "post-update MSE \(before) → \(after)")
    }

    @Test func divergingRunStopsAndKeepsLastGoodWeights() throws {
        var generator = SeededGenerator(seed: 13)
        var learner = MAML<RegressionTask>(model: model, configuration: .init(innerLearningRate: 1e30), using: &generator)
        let before = learner.metaParameters
        #expect(throws: TrainingError.self) {
            try learner.train(schedule: .init(iterations: 5), metaBatch: 2, tasks: { RegressionTask(SineTasks().sample(shots: 10, queries: 10, using: &$0)) }, using: &generator)
        }
        #expect(flat(learner.metaParameters.tensors) == flat(before.tensors))
    }
}
