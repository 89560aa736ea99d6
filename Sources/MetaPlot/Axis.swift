import Foundation

/// The value range of one chart axis, its tick positions and labels, linear or logarithmic.
public struct AxisScale: Sendable {
    /// The value at the start of the axis (left or bottom).
    public let lower: Double
    /// The value at the end of the axis (right or top).
    public let upper: Double
    /// Whether values are spaced by their logarithm.
    public let isLogarithmic: Bool
    /// Tick values, increasing, all within `lower...upper`.
    public let ticks: [Double]
    /// Tick labels, one per tick.
    public let labels: [String]

    /// An axis covering `low...high` with about `tickCount` ticks at 1-2-5 steps (linear) or at
    /// powers of ten (logarithmic); `extendToTicks` stretches the ends to the outer ticks.
    /// Non-finite bounds, an empty range or (on a log axis) non-positive bounds are repaired.
    public init(covering low: Double, _ high: Double, logarithmic: Bool = false,
                tickCount: Int = 6, extendToTicks: Bool = true) {
        let target = max(tickCount, 2)
        if logarithmic {
            self = AxisScale.logarithmic(low, high, target: target)
        } else {
            self = AxisScale.linear(low, high, target: target, extend: extendToTicks)
        }
    }

    private init(lower: Double, upper: Double, isLogarithmic: Bool, ticks: [Double], labels: [String]) {
        self.lower = lower
        self.upper = upper
        self.isLogarithmic = isLogarithmic
        self.ticks = ticks
        self.labels = labels
    }

    /// Where `value` falls along the axis: 0 at `lower`, 1 at `upper` (outside for values
    /// beyond; NaN for non-positive values on a log axis).
    public func fraction(_ value: Double) -> Double {
        if isLogarithmic {
            guard value > 0 else { return .nan }
            return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
        return (value - lower) / (upper - lower)
    }

    /// The 1-2-5 step closest to `span / target`.
    static func niceStep(span: Double, target: Int) -> Double {
        let raw = span / Double(target)
        let magnitude = pow(10, log10(raw).rounded(.down))
        let normalized = raw / magnitude
        let factor: Double = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10
        return factor * magnitude
    }

    private static func linear(_ low: Double, _ high: Double, target: Int, extend: Bool) -> AxisScale {
        var low = low.isFinite ? low : 0, high = high.isFinite ? high : 1
        if low > high { swap(&low, &high) }
        if high - low < max(abs(high), abs(low), 1e-300) * 1e-12 {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let step = niceStep(span: high - low, target: target)
        let first = (low / step + 1e-9).rounded(.down), last = (high / step - 1e-9).rounded(.up)
        guard step.isFinite, step > 0, last - first <= 1000 else {
            return AxisScale(lower: low, upper: high, isLogarithmic: false, ticks: [low, high],
                             labels: [NumberFormat.compact(low), NumberFormat.compact(high)])
        }
        let lower = extend ? first * step : low, upper = extend ? last * step : high
        let ticks = stride(from: first, through: last, by: 1).map { $0 * step }
            .filter { $0 >= lower - step * 1e-9 && $0 <= upper + step * 1e-9 }
        return AxisScale(lower: lower, upper: upper, isLogarithmic: false, ticks: ticks,
                         labels: ticks.map { NumberFormat.tick($0, step: step) })
    }

    private static func logarithmic(_ low: Double, _ high: Double, target: Int) -> AxisScale {
        var low = low.isFinite && low > 0 ? low : 1, high = high.isFinite && high > 0 ? high : 10
        if low > high { swap(&low, &high) }
        let firstDecade = Int((log10(low) + 1e-9).rounded(.down))
        let lastDecade = max(Int((log10(high) - 1e-9).rounded(.up)), firstDecade + 1)
        let decades = lastDecade - firstDecade
        var ticks: [Double] = []
        if decades <= 2 {
            for decade in firstDecade...lastDecade {
                for factor in [1.0, 2, 5] where decade < lastDecade || factor == 1 {
                    ticks.append(factor * pow(10, Double(decade)))
                }
            }
        } else {
            let stride = max(1, (decades + target - 1) / target)
            for decade in Swift.stride(from: firstDecade, through: lastDecade, by: stride) {
                ticks.append(pow(10, Double(decade)))
            }
        }
        let lower = pow(10, Double(firstDecade)), upper = pow(10, Double(lastDecade))
        return AxisScale(lower: lower, upper: upper, isLogarithmic: true, ticks: ticks,
                         labels: ticks.map(NumberFormat.logTick))
    }
}
