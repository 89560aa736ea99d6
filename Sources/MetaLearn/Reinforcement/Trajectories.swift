import MetaTensor
import MetaNN
import MetaData

/// A batch of K trajectories of equal length H: what a policy did in one task, and the
/// rewards it got. Rows are trajectory-major (row k·H + t is step t of trajectory k).
public struct Trajectories: Sendable {
    /// States [K·H, S] the actions were taken in.
    public var states: Tensor
    /// Actions [K·H, A] as sampled (before the environment clips them).
    public var actions: Tensor
    /// Rewards, K·H numbers.
    public var rewards: [Float]
    /// The number of trajectories K.
    public var count: Int
    /// Steps per trajectory H.
    public var horizon: Int

    /// A batch from its parts.
    public init(states: Tensor, actions: Tensor, rewards: [Float], count: Int, horizon: Int) {
        precondition(states.shape[0] == count * horizon && actions.shape[0] == count * horizon && rewards.count == count * horizon,
                     "trajectories of \(states.shape), \(actions.shape), \(rewards.count) rewards for \(count) × \(horizon)")
        self.states = states
        self.actions = actions
        self.rewards = rewards
        self.count = count
        self.horizon = horizon
    }

    /// Σₜ rₜ of each trajectory.
    public var returns: [Float] {
        (0..<count).map { k in rewards[(k * horizon)..<((k + 1) * horizon)].reduce(0, +) }
    }

    /// The mean return over the trajectories.
    public var meanReturn: Float { returns.reduce(0, +) / Float(count) }

    /// Advantages Gₖₜ − bₖₜ, one per row: Gₖₜ = Σ_{t′ ≥ t} r_{kt′} is the reward to go and the
    /// baseline bₖₜ the mean reward to go at step t of the *other* trajectories (leave one
    /// out, so bₖₜ does not depend on trajectory k and the estimator stays unbiased; 0 when K = 1).
    /// `AdvantageEstimator` offers other baselines and normalisation.
    public var advantages: [Float] { AdvantageEstimator.plain.advantages(self) }
}

extension PointNavigation {
    /// K trajectories of `policy` with `parameters` towards `goal`, all starting at the origin.
    public func rollout(_ policy: GaussianPolicy, parameters: Parameters, goal: [Float], count: Int,
                       using generator: inout SeededGenerator) -> Trajectories {
        var positions = [[Float]](repeating: [0, 0], count: count)
        var states = [Float](repeating: 0, count: count * horizon * 2), actions = states
        var rewards = [Float](repeating: 0, count: count * horizon)
        for t in 0..<horizon {
            let now = Tensor(shape: [count, 2], scalars: positions.flatMap { $0 })
            let sampled = policy.sampleActions(states: now, parameters: parameters, using: &generator)
            for k in 0..<count {
                let row = k * horizon + t
                states.replaceSubrange((row * 2)..<(row * 2 + 2), with: positions[k])
                actions.replaceSubrange((row * 2)..<(row * 2 + 2), with: sampled[k])
                (positions[k], rewards[row]) = step(from: positions[k], action: sampled[k], goal: goal)
            }
        }
        return Trajectories(states: Tensor(shape: [count * horizon, 2], scalars: states),
                            actions: Tensor(shape: [count * horizon, 2], scalars: actions),
                            rewards: rewards, count: count, horizon: horizon)
    }
}
