/// A mean with its 95% confidence interval, as few-shot papers report accuracies
/// (mean ± 1.96·s/√n over test tasks).
public struct MeanEstimate: Sendable, Equatable, CustomStringConvertible {
    public let mean: Double
    /// Half-width of the 95% interval.
    public let interval95: Double
    public let count: Int

    /// The estimate from independent samples.
    public init(_ samples: [Double]) {
        count = samples.count
        guard !samples.isEmpty else { mean = .nan; interval95 = .nan; return }
        let average = samples.reduce(0, +) / Double(samples.count)
        mean = average
        guard samples.count > 1 else { interval95 = 0; return }
        let variance = samples.map { ($0 - average) * ($0 - average) }.reduce(0, +) / Double(samples.count - 1)
        interval95 = 1.96 * (variance / Double(samples.count)).squareRoot()
    }

    /// e.g. "0.8123 ± 0.0091 (n = 600)".
    public var description: String {
        String(format: "%.4f ± %.4f (n = %d)", mean, interval95, count)
    }
}

import Foundation
