import Foundation
import MetaTensor

/// One sine-wave regression task (Finn et al. 2017): points of y = A·sin(x − φ), K to fit
/// and Q to predict.
public struct SineTask: Sendable {
    /// The amplitude A.
    public let amplitude: Float
    /// The phase φ.
    public let phase: Float
    /// The support inputs, shape `[K, 1]`.
    public let supportX: Tensor
    /// The support targets, shape `[K, 1]`.
    public let supportY: Tensor
    /// The query inputs, shape `[Q, 1]`.
    public let queryX: Tensor
    /// The query targets, shape `[Q, 1]`.
    public let queryY: Tensor

    /// The true curve at `x` (for plots and errors).
    public func value(at x: Float) -> Float { amplitude * sin(x - phase) }
}

/// MAML's sine regression task distribution: amplitude U[0.1, 5], phase U[0, π],
/// inputs U[−5, 5], by default.
public struct SineTasks: Sendable {
    /// The range of the amplitude A.
    public var amplitude: ClosedRange<Float> = 0.1...5.0
    /// The range of the phase φ.
    public var phase: ClosedRange<Float> = 0...Float.pi
    /// The range of the inputs x.
    public var input: ClosedRange<Float> = -5...5

    /// The standard distribution.
    public init() {}

    /// Draws a task with `shots` support points and `queries` query points.
    public func sample(shots: Int, queries: Int, using generator: inout SeededGenerator) -> SineTask {
        precondition(shots >= 0 && queries >= 0, "\(shots) shots, \(queries) queries")
        let amplitude = generator.uniform(self.amplitude.lowerBound, self.amplitude.upperBound)
        let phase = generator.uniform(self.phase.lowerBound, self.phase.upperBound)
        func points(_ count: Int) -> (Tensor, Tensor) {
            let xs = (0..<count).map { _ in generator.uniform(input.lowerBound, input.upperBound) }
            let ys = xs.map { amplitude * sin($0 - phase) }
            return (Tensor(shape: [count, 1], scalars: xs), Tensor(shape: [count, 1], scalars: ys))
        }
        let (supportX, supportY) = points(shots)
        let (queryX, queryY) = points(queries)
        return SineTask(amplitude: amplitude, phase: phase, supportX: supportX, supportY: supportY, queryX: queryX, queryY: queryY)
    }

    /// Draws a meta-batch of `count` tasks, each from its own generator split off `generator`.
    public func sampleBatch(_ count: Int, shots: Int, queries: Int, using generator: inout SeededGenerator) -> [SineTask] {
        (0..<count).map { _ in
            var taskGenerator = generator.split()
            return sample(shots: shots, queries: queries, using: &taskGenerator)
        }
    }
}
