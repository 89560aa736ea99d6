import Foundation
import Testing
import MetaTensor
import MetaNN
@testable import MetaLearn

/// The learned optimizer (Andrychowicz et al. 2016) checked by its properties.
@Suite struct OptimiseTests {
    func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        let diff = zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        let scale = max(a.map { $0 * $0 }.reduce(0, +).squareRoot(), b.map { $0 * $0 }.reduce(0, +).squareRoot(), 1e-6)
        return diff / scale
    }

    @Test func preprocessingFollowsThePaper() {
        let x = Tensor(shape: [4, 1], scalars: [100, -0.5, 0, 1e-6])
        let features = logMagnitudeAndSign(x, p: 10).scalars
        let expected: [Float] = [Float(log(100.0)) / 10, 1, Float(log(0.5)) / 10, -1, -1, 0, -1, 1e-6 * Float(exp(10.0))]
        for (a, b) in zip(features, expected) { #expect(abs(a - b) < 1e-4 * max(1, abs(b))) }
    }

    @Test func clippingBoundsTheGlobalNorm() {
        let g = [Tensor(shape: [2], scalars: [3, 0]), Tensor(shape: [1], scalars: [4])]
        #expect(abs(globalNorm(clippedByGlobalNorm(g, maxNorm: 1)) - 1) < 1e-6)
        #expect(clippedByGlobalNorm(g, maxNorm: 10).flatMap(\.scalars) == [3, 0, 4])
    }

    @Test func metaGradientThroughThreeStepsMatchesFiniteDifferences() {
        var generator = SeededGenerator(seed: 11)
        let problem = QuadraticProblem(dimension: 3, using: &generator)
        let optimizer = LearnedOptimizer(configuration: .init(hiddenSize: 4, outputScale: 0.1), using: &generator)
        let start = optimizer.start(problem)
        let analytic = optimizer.metaGradient(problem, from: start, steps: 3).gradients.flatMap { $0.scalars.map(Double.init) }
        let phi = optimizer.weights
        let numeric = numericGradient(of: { weights in
            Double(optimizer.unroll(problem, from: start, steps: 3, weights: weights).metaLoss.scalar)
        }, at: phi, step: 3e-3)
        #expect(numeric.contains { $0 != 0 })
        #expect(relativeError(analytic, numeric) < 2e-2)
    }

    @Test func beatsTunedSGDOnHeldOutQuadratics() throws {
        var generator = SeededGenerator(seed: 5)
        var optimizer = LearnedOptimizer(configuration: .init(problemsPerUpdate: 2, metaLearningRate: 3e-3), using: &generator)
        try optimizer.train(problems: QuadraticProblem.sampler(), updates: 300, using: &generator)
        var heldOut = SeededGenerator(seed: 999)
        let problems = (0..<100).map { _ in QuadraticProblem(using: &heldOut) }
        let comparison = OptimizerComparison(learned: optimizer, problems: problems, steps: 100)
        #expect(comparison.learned.last! < comparison.sgd.last!)
        #expect(comparison.learnedBeatsSGD > 50)
        #expect(comparison.learned.count == 101 && optimizer.report.points.count == 300)
    }

    @Test func classifierProblemMixesClassesAndSGDLowersItsLoss() {
        var generator = SeededGenerator(seed: 12)
        let task = SyntheticClasses().task(ways: 3, shots: 8, queries: 1, pool: 0..<10, using: &generator)
        let problem = ClassifierTrainingProblem(model: MLP(sizes: [144, 8, 3]), task: task, flatten: true, batchSize: 6, using: &generator)
        #expect(Set(problem.labels.prefix(6)).count > 1)
        let losses = lossTrajectory(of: problem, optimizer: SGD(learningRate: 0.05), steps: 40)
        #expect(losses.count == 41 && losses.last! < 0.5 * losses.first!)
        let optimizer = LearnedOptimizer(using: &generator)
        #expect(optimizer.trajectory(on: problem, steps: 5).count == 6)
    }
}
