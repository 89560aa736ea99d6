import Testing
import MetaTensor
import MetaNN
@testable import MetaLearn

/// The advantage estimators of the policy-gradient step: leave-one-out baselines (a
/// trajectory's baseline never depends on its own rewards), the linear feature fit, and
/// normalisation; and the first-order adaptation step.
@Suite struct AdvantageEstimatorTests {
    /// K trajectories of H steps in the plane, with states and rewards from `reward(k, t, state)`.
    static func batch(count: Int = 4, horizon: Int = 3, seed: UInt64 = 1, reward: (Int, Int, [Float]) -> Float) -> Trajectories {
        var generator = SeededGenerator(seed: seed)
        let states = Tensor.normal([count * horizon, 2], using: &generator)
        let values = states.scalars
        let rewards = (0..<(count * horizon)).map { row in reward(row / horizon, row % horizon, [values[2 * row], values[2 * row + 1]]) }
        return Trajectories(states: states, actions: Tensor(zeros: [count * horizon, 2]), rewards: rewards, count: count, horizon: horizon)
    }

    @Test(arguments: AdvantageEstimator.Baseline.allCases)
    func aTrajectorysBaselineIgnoresItsOwnRewards(_ baseline: AdvantageEstimator.Baseline) {
        let estimator = AdvantageEstimator(baseline: baseline, normalized: false)
        let original = Self.batch { k, t, s in Float(k) - Float(t) * s[0] }
        var changed = original
        for t in 0..<original.horizon { changed.rewards[t] += 5 * Float(t + 1) }  // trajectory 0 only
        let (a, b) = (estimator.advantages(original), estimator.advantages(changed))
        let (toGoA, toGoB) = (original.rewardsToGo, changed.rewardsToGo)
        for row in 0..<original.horizon {  // advantage − reward to go = −baseline: unchanged for trajectory 0
            #expect(abs((a[row] - toGoA[row]) - (b[row] - toGoB[row])) < 1e-4, "\(baseline) row \(row)")
        }
        #expect((original.horizon..<a.count).contains { abs(a[$0] - b[$0]) > 1e-3 }, "\(baseline): other trajectories' baselines should move")
    }

    @Test func theLinearBaselineIsExactWhenTheRewardToGoIsLinearInItsFeatures() {
        // Per-step rewards whose reward to go is an exact linear function of [s, s², t/H, …, 1]
        // would need the future states; instead use one-step trajectories (H = 1): G = r.
        let batch = Self.batch(count: 12, horizon: 1) { _, _, s in 0.5 + 2 * s[0] - s[1] + 0.25 * s[1] * s[1] }
        let advantages = AdvantageEstimator(baseline: .linear, normalized: false).advantages(batch)
        #expect(advantages.allSatisfy { abs($0) < 1e-2 }, "\(advantages)")
        let stepMean = AdvantageEstimator(baseline: .stepMean, normalized: false).advantages(batch)
        #expect(stepMean.contains { abs($0) > 0.5 }, "the step-mean baseline cannot fit a state-dependent return")
    }

    @Test func normalisedAdvantagesHaveMeanZeroAndUnitSpread() {
        let batch = Self.batch { k, t, s in Float(3 * k + t) + s[1] }
        let values = AdvantageEstimator(baseline: .linear, normalized: true).advantages(batch)
        let mean = values.reduce(0, +) / Float(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(values.count)
        #expect(abs(mean) < 1e-5 && abs(variance - 1) < 1e-3, "mean \(mean), variance \(variance)")
    }

    @Test func theFirstOrderStepPassesGradientsStraightThrough() {
        let policy = MetaRLTests.policy
        var generator = SeededGenerator(seed: 3)
        let batch = MetaRLTests.rollout(MetaRLTests.theta, count: 8, using: &generator)
        let theta = MetaRLTests.theta.variables()
        let adapted = policy.adapted(theta, on: batch, stepSize: 0.1, secondOrder: false)
        let total = adapted.tensors.dropFirst().reduce(adapted.tensors[0].sum()) { $0 + $1.sum() }
        for gradient in gradients(of: total, wrt: theta.tensors) {
            #expect(gradient.scalars.allSatisfy { abs($0 - 1) < 1e-6 }, "∂θ′/∂θ should be the identity: \(gradient.scalars)")
        }
        #expect(adapted.tensors.map(\.scalars) != MetaRLTests.theta.tensors.map(\.scalars), "the step should move θ")
    }
}
