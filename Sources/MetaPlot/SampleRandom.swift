import Foundation

/// A seeded SplitMix64 generator for the synthetic data of the sample figures (MetaPlot does
/// not depend on MetaTensor, whose `SeededGenerator` is the project-wide one).
struct SampleRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [low, high).
    mutating func uniform(_ low: Double = 0, _ high: Double = 1) -> Double {
        low + (high - low) * Double(next() >> 11) * 0x1p-53
    }

    /// A normal value (Box–Muller).
    mutating func normal(mean: Double = 0, std: Double = 1) -> Double {
        let u1 = max(uniform(), .leastNonzeroMagnitude), u2 = uniform()
        return mean + std * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}
