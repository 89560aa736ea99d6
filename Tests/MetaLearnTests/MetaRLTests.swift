import Foundation
import Testing
import MetaTensor
import MetaNN
import MetaData
@testable import MetaLearn

/// MAML-RL's estimators against exact gradients on a one-step problem small enough to
/// integrate: the state is always 1, the policy is a ~ N(w + b, σ²) (an MLP 1-1 with learned
/// log σ) and the reward is −(a − g)², so E[r] = −((μ − g)² + σ²).
@Suite struct MetaRLTests {
    static let policy = GaussianPolicy(network: MLP(sizes: [1, 1]))
    static let goal: Float = 0.8

    /// θ: w = 0.2, b = 0.3 (μ = 0.5), log σ = log 0.5.
    static let theta = Parameters([("0.weight", Tensor(shape: [1, 1], scalars: [0.2])), ("0.bias", Tensor(shape: [1], scalars: [0.3])),
                                   (GaussianPolicy.logStdName, Tensor(shape: [1], scalars: [Float(log(0.5))]))])

    /// K one-step trajectories of the policy.
    static func rollout(_ parameters: Parameters, count: Int, using generator: inout SeededGenerator) -> Trajectories {
        let states = Tensor(repeating: 1, shape: [count, 1])
        let actions = policy.sampleActions(states: states, parameters: parameters, using: &generator).map { $0[0] }
        return Trajectories(states: states, actions: Tensor(shape: [count, 1], scalars: actions),
                            rewards: actions.map { -($0 - goal) * ($0 - goal) }, count: count, horizon: 1)
    }

    @Test func policyGradientEstimatorMatchesTheExactGradient() {
        var generator = SeededGenerator(seed: 7)
        let batch = Self.rollout(Self.theta, count: 40_000, using: &generator)
        let variables = Self.theta.variables()
        let estimate = gradients(of: Self.policy.surrogate(batch, parameters: variables), wrt: variables.tensors).map(\.scalar)
        let (mu, sigma) = (Float(0.5), Float(0.5))
        let exact = [-2 * (mu - Self.goal), -2 * (mu - Self.goal), -2 * sigma * sigma]  // ∂w, ∂b, ∂log σ
        for (e, x) in zip(estimate, exact) { #expect(abs(e - x) < 0.03, "estimate \(estimate) vs exact \(exact)") }
    }

    @Test func advantagesAreRewardToGoMinusTheOtherTrajectoriesMean() {
        let batch = Trajectories(states: Tensor(zeros: [4, 1]), actions: Tensor(zeros: [4, 1]), rewards: [1, 2, 3, 5], count: 2, horizon: 2)
        let expected: [Float] = [-5, -3, 5, 3]  // to go [3, 2] and [8, 5]; baselines the other trajectory's
        #expect(batch.advantages == expected)
        #expect(batch.returns == [3, 8] as [Float])
    }

    /// The exact meta-objective L(θ) = E_{a~π_θ}[V(θ′(a))] for one pre-update trajectory and
    /// step size α, with V(θ′) = −((μ′ − g)² + σ′²), by Simpson's rule over a.
    static func exactMetaObjective(w: Double, b: Double, logStd: Double, alpha: Double) -> Double {
        let (mu, sigma, g) = (w + b, exp(logStd), Double(goal))
        let intervals = 4000, low = mu - 10 * sigma, width = 20 * sigma / Double(intervals)
        var total = 0.0
        for index in 0...intervals {
            let a = low + Double(index) * width, r = -(a - g) * (a - g), z = (a - mu) / sigma
            let muAfter = mu + 2 * alpha * r * z / sigma                       // w and b both move by α r (a−μ)/σ²
            let logStdAfter = logStd + alpha * r * (z * z - 1)
            let value = -((muAfter - g) * (muAfter - g) + exp(2 * logStdAfter))
            let weight = index == 0 || index == intervals ? 1.0 : (index % 2 == 1 ? 4.0 : 2.0)
            total += weight * value * exp(-0.5 * z * z) / (sigma * (2 * Double.pi).squareRoot())
        }
        return total * width / 3
    }

    /// ∂/∂(w, b, log σ) of the exact meta-objective at θ, by central differences.
    static func exactMetaGradient(alpha: Double) -> [Double] {
        let h = 1e-5, point = (w: 0.2, b: 0.3, logStd: log(0.5))
        func objective(_ dw: Double, _ db: Double, _ ds: Double) -> Double {
            exactMetaObjective(w: point.w + dw, b: point.b + db, logStd: point.logStd + ds, alpha: alpha)
        }
        return [(objective(h, 0, 0) - objective(-h, 0, 0)) / (2 * h), (objective(0, h, 0) - objective(0, -h, 0)) / (2 * h),
                (objective(0, 0, h) - objective(0, 0, -h)) / (2 * h)]
    }

    /// The mean of `samples` meta-gradient estimates (one pre-update trajectory, 50 after), and
    /// each coordinate's standard error.
    static func metaGradientEstimate(alpha: Float, preUpdateScore: Bool, lowVarianceCurvature: Bool = false,
                                     samples: Int) -> (mean: [Double], error: [Double]) {
        var generator = SeededGenerator(seed: 11)
        var draws: [[Double]] = []
        for _ in 0..<samples {
            let variables = theta.variables()
            var calls = 0  // one pre-update trajectory (as the exact objective assumes), then 50 after
            let terms = MAMLRL.taskTerms(policy, theta: variables, stepSize: alpha, lowVarianceCurvature: lowVarianceCurvature, rollout: { p, g in
                calls += 1
                return rollout(p, count: calls == 1 ? 1 : 50, using: &g)
            }, using: &generator)
            let surrogate = MAMLRL.metaSurrogate([(terms.post, terms.preLogLikelihood, terms.postReturn)], preUpdateScore: preUpdateScore)
            draws.append(gradients(of: surrogate, wrt: variables.tensors).map { Double($0.scalar) })
        }
        let mean = (0..<3).map { i in draws.reduce(0) { $0 + $1[i] } / Double(samples) }
        let error = (0..<3).map { i in
            (draws.reduce(0) { $0 + ($1[i] - mean[i]) * ($1[i] - mean[i]) } / Double(samples - 1) / Double(samples)).squareRoot()
        }
        return (mean, error)
    }

    @Test func metaGradientMatchesFiniteDifferencesOfTheExactMetaObjective() {
        let alpha = 0.02, exact = Self.exactMetaGradient(alpha: alpha)
        let full = Self.metaGradientEstimate(alpha: Float(alpha), preUpdateScore: true, samples: 6000)
        for i in 0..<3 {
            #expect(abs(full.mean[i] - exact[i]) < 4 * full.error[i] + 1e-3, "estimate \(full) vs exact \(exact)")
        }
        // Without the pre-update score term (MAML's original estimator) the bias shows: about
        // +0.06 on ∂w and ∂b here, over ten standard errors.
        let truncated = Self.metaGradientEstimate(alpha: Float(alpha), preUpdateScore: false, samples: 6000)
        #expect((0..<3).contains { abs(truncated.mean[$0] - exact[$0]) > 6 * truncated.error[$0] }, "truncated \(truncated) vs exact \(exact)")
    }

    /// ProMP's low-variance curvature estimator (Rothfuss et al. 2019) drops the pre-update
    /// score term and adds the per-step outer product to the inner Hessian — the same
    /// correction to first order in α. It is biased, but less than the estimator that drops
    /// the pre-update dependence altogether, and its spread is smaller than the unbiased one's.
    @Test func lowVarianceCurvatureEstimatorLiesBetweenTheOthers() {
        let alpha = 0.02, exact = Self.exactMetaGradient(alpha: alpha)
        let lvc = Self.metaGradientEstimate(alpha: Float(alpha), preUpdateScore: false, lowVarianceCurvature: true, samples: 6000)
        let full = Self.metaGradientEstimate(alpha: Float(alpha), preUpdateScore: true, samples: 6000)
        let truncated = Self.metaGradientEstimate(alpha: Float(alpha), preUpdateScore: false, samples: 6000)
        func bias(_ estimate: [Double]) -> Double { zip(estimate, exact).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot() }
        #expect(bias(lvc.mean) < bias(truncated.mean), "LVC \(lvc.mean), post-update only \(truncated.mean), exact \(exact)")
        for i in 0..<3 { #expect(lvc.error[i] < full.error[i], "LVC spread \(lvc.error) vs unbiased \(full.error)") }
    }

    /// The meta-batch's gradient, assembled from each task's gradients in parallel, is the
    /// gradient of the meta-surrogate S built from the same terms.
    @Test func metaGradientFromTasksIsTheSurrogatesGradient() {
        for preUpdateScore in [false, true] {
            var generator = SeededGenerator(seed: 5)
            let variables = Self.theta.variables()
            var terms: [(post: Tensor, preLogLikelihood: Tensor, postReturn: Float)] = []
            var tasks: [(post: [Tensor], preLogLikelihood: [Tensor]?, postReturn: Float)] = []
            for _ in 0..<3 {
                let t = MAMLRL.taskTerms(Self.policy, theta: variables, stepSize: 0.05, rollout: { p, g in
                    Self.rollout(p, count: 8, using: &g)
                }, using: &generator)
                terms.append((t.post, t.preLogLikelihood, t.postReturn))
                tasks.append((gradients(of: t.post, wrt: variables.tensors).map { $0.detached() },
                              gradients(of: t.preLogLikelihood, wrt: variables.tensors).map { $0.detached() }, t.postReturn))
            }
            let expected = gradients(of: -MAMLRL.metaSurrogate(terms, preUpdateScore: preUpdateScore), wrt: variables.tensors)
            let assembled = MAMLRL.metaGradient(tasks, preUpdateScore: preUpdateScore)
            for (e, a) in zip(expected, assembled) {
                for (x, y) in zip(e.scalars, a.scalars) { #expect(abs(x - y) <= 1e-4 * max(1, abs(x)), "\(e.scalars) vs \(a.scalars)") }
            }
        }
    }
}
