/// A small, fast, seeded random number generator (SplitMix64), passed explicitly wherever
/// randomness is needed: MetaLab has no global random state, so a seed reproduces a run.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose whole sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An independent generator for a sub-task (e.g. task `i` of a meta-batch), so parallel
    /// work draws the same numbers whatever order it runs in.
    public mutating func split() -> SeededGenerator { SeededGenerator(seed: next()) }

    /// A uniform Float in [low, high).
    public mutating func uniform(_ low: Float = 0, _ high: Float = 1) -> Float {
        low + (high - low) * Float(next() >> 40) * 0x1p-24
    }

    /// A standard normal Float (Box–Muller).
    public mutating func normal() -> Float {
        let u1 = max(Double(next() >> 11) * 0x1p-53, .leastNonzeroMagnitude)
        let u2 = Double(next() >> 11) * 0x1p-53
        return Float((-2 * _log(u1)).squareRoot() * _cos(2 * .pi * u2))
    }
}

import Foundation
private func _log(_ x: Double) -> Double { Foundation.log(x) }
private func _cos(_ x: Double) -> Double { Foundation.cos(x) }

extension Tensor {
    /// A constant tensor of independent uniform values in [low, high).
    public static func uniform(_ shape: [Int], low: Float, high: Float, using generator: inout SeededGenerator) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shapeCount(shape)).map { _ in generator.uniform(low, high) })
    }

    /// A constant tensor of independent normal values with the given standard deviation.
    public static func normal(_ shape: [Int], std: Float = 1, using generator: inout SeededGenerator) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shapeCount(shape)).map { _ in std * generator.normal() })
    }
}
