import MetaTensor
import MetaNN

/// The losses f(θ₀) … f(θ_steps) of optimising `problem` with a hand-designed optimizer.
public func lossTrajectory(of problem: some OptimizationProblem, optimizer: some Optimizer, steps: Int) -> [Float] {
    var optimizer = optimizer
    var theta = problem.initialParameters.detached()
    var losses: [Float] = []
    for step in 0...steps {
        let variables = theta.variables()
        let loss = problem.loss(variables, step: step)
        losses.append(loss.scalar)
        guard step < steps, loss.scalar.isFinite else { break }
        optimizer.step(&theta, gradients: gradients(of: loss, wrt: variables.tensors))
    }
    // A diverged run stays diverged: pad with +∞ so every trajectory has steps + 1 points.
    return losses + Array(repeating: .infinity, count: steps + 1 - losses.count)
}

/// Learned optimizer against SGD and Adam on the same held-out problems, each hand-designed
/// optimizer with its learning rate tuned on a grid: mean loss trajectories, for a plot.
public struct OptimizerComparison: Sendable {
    /// Mean f(θₜ) over the problems, t = 0 … steps.
    public let learned: [Float], sgd: [Float], adam: [Float]
    /// The grid's best learning rates (lowest mean final loss).
    public let sgdLearningRate: Float, adamLearningRate: Float
    /// Problems on which the learned optimizer's final loss is below tuned SGD's.
    public let learnedBeatsSGD: Int
    /// Held-out problems compared on.
    public let problemCount: Int

    /// Runs every optimizer for `steps` steps on each problem.
    public init<Problem: OptimizationProblem>(learned optimizer: LearnedOptimizer, problems: [Problem], steps: Int,
                                              sgdGrid: [Float] = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3],
                                              adamGrid: [Float] = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3]) {
        precondition(!problems.isEmpty, "a comparison needs problems")
        let learnedRuns = parallelMap(problems.count) { optimizer.trajectory(on: problems[$0], steps: steps) }
        let (sgdRate, sgdRuns) = OptimizerComparison.tuned(sgdGrid, problems, steps) { SGD(learningRate: $0) }
        let (adamRate, adamRuns) = OptimizerComparison.tuned(adamGrid, problems, steps) { Adam(learningRate: $0) }
        learned = OptimizerComparison.mean(learnedRuns)
        sgd = OptimizerComparison.mean(sgdRuns)
        adam = OptimizerComparison.mean(adamRuns)
        sgdLearningRate = sgdRate
        adamLearningRate = adamRate
        learnedBeatsSGD = zip(learnedRuns, sgdRuns).filter { $0.last! < $1.last! }.count
        problemCount = problems.count
    }

    /// The grid's rate with the lowest mean final loss, and its trajectories.
    static func tuned<Problem: OptimizationProblem, Rule: Optimizer>(
        _ grid: [Float], _ problems: [Problem], _ steps: Int, _ make: @escaping @Sendable (Float) -> Rule
    ) -> (rate: Float, runs: [[Float]]) {
        precondition(!grid.isEmpty, "an empty learning-rate grid")
        let candidates = grid.map { rate in
            (rate, parallelMap(problems.count) { lossTrajectory(of: problems[$0], optimizer: make(rate), steps: steps) })
        }
        return candidates.min { meanFinal($0.1) < meanFinal($1.1) }!
    }

    /// Mean last loss of runs; +∞ if any run diverged.
    static func meanFinal(_ runs: [[Float]]) -> Float {
        let finals = runs.map { $0.last! }
        return finals.allSatisfy(\.isFinite) ? finals.reduce(0, +) / Float(finals.count) : .infinity
    }

    /// Pointwise mean of equally long trajectories.
    static func mean(_ runs: [[Float]]) -> [Float] {
        (0..<runs[0].count).map { t in runs.map { $0[t] }.reduce(0, +) / Float(runs.count) }
    }
}
