import MetaTensor

/// MAML's 2-D navigation tasks (Finn, Abbeel & Levine 2017, §5.3): a point agent starts at the
/// origin of the plane and moves by its action (a velocity, each coordinate clipped to
/// ±`maxStep`) for `horizon` steps; a task is a goal drawn uniformly from the square
/// [−½, ½]², and the reward after each move is minus the distance to the goal. The agent sees
/// only its position, so it must find out from rewards where the goal is.
public struct PointNavigation: Sendable {
    /// Steps per episode.
    public var horizon: Int
    /// The largest move per coordinate and step.
    public var maxStep: Float
    /// Goals are drawn from this range in each coordinate.
    public var goalRange: ClosedRange<Float>

    /// The environment (the defaults: 50 steps of at most 0.1, goals in [−½, ½]²; MAML used
    /// 100 steps). Reaching a goal takes at most 5 steps: the rest of an episode rewards
    /// *staying* there, which is what one adaptation step has to get right.
    public init(horizon: Int = 50, maxStep: Float = 0.1, goalRange: ClosedRange<Float> = -0.5...0.5) {
        precondition(horizon >= 1 && maxStep > 0, "navigation with horizon \(horizon), step \(maxStep)")
        self.horizon = horizon
        self.maxStep = maxStep
        self.goalRange = goalRange
    }

    /// A goal [x, y] drawn uniformly from the square.
    public func sampleGoal(using generator: inout SeededGenerator) -> [Float] {
        (0..<2).map { _ in goalRange.lowerBound + (goalRange.upperBound - goalRange.lowerBound) * generator.uniform() }
    }

    /// The position after one move from `position` by `action` (clipped), and its reward −‖position − goal‖.
    public func step(from position: [Float], action: [Float], goal: [Float]) -> (position: [Float], reward: Float) {
        let next = (0..<2).map { position[$0] + Swift.min(Swift.max(action[$0], -maxStep), maxStep) }
        let distance = ((next[0] - goal[0]) * (next[0] - goal[0]) + (next[1] - goal[1]) * (next[1] - goal[1])).squareRoot()
        return (next, -distance)
    }
}
