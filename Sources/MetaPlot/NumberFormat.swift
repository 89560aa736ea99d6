import Foundation

/// Turns numbers into short labels for ticks, colour bars and cells.
enum NumberFormat {
    /// A tick label for `value` on a linear axis whose ticks are `step` apart.
    static func tick(_ value: Double, step: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        let snapped = abs(value) < abs(step) * 1e-9 ? 0 : value
        let magnitude = max(abs(snapped), abs(step))
        if step > 0, step < 1e-3 || magnitude >= 1e6 { return scientific(snapped) }
        let decimals = step > 0 ? max(0, Int(-(log10(step) + 1e-9).rounded(.down))) : 0
        return fixed(snapped, decimals: decimals)
    }

    /// A tick label for `value` on a logarithmic axis.
    static func logTick(_ value: Double) -> String {
        guard value > 0, value.isFinite else { return tick(value, step: 1) }
        let exponent = Int((log10(value) + 1e-9).rounded(.down))
        if exponent < -3 || exponent > 5 { return scientific(value) }
        return fixed(value, decimals: max(0, -exponent))
    }

    /// `value` with at most `significant` significant digits, trailing zeros removed.
    static func compact(_ value: Double, significant: Int = 3) -> String {
        guard value.isFinite else { return tick(value, step: 1) }
        if value == 0 { return "0" }
        let exponent = Int((log10(abs(value)) + 1e-9).rounded(.down))
        if exponent < -3 || exponent >= 6 { return scientific(value) }
        let decimals = max(0, significant - 1 - exponent)
        var text = fixed(value, decimals: decimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// `value` rounded to `decimals` places, never "-0".
    static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(min(decimals, 12))f", value)
        let isZero = text.allSatisfy { "-0.".contains($0) }
        return isZero ? String(text.drop { $0 == "-" }) : text
    }

    /// `value` as a mantissa with up to two significant digits and a power of ten, as "2.5e-5".
    static func scientific(_ value: Double) -> String {
        guard value != 0 else { return "0" }
        var exponent = Int((log10(abs(value)) + 1e-9).rounded(.down))
        var mantissa = (value / pow(10, Double(exponent)) * 10).rounded() / 10
        if abs(mantissa) >= 10 {
            mantissa /= 10
            exponent += 1
        }
        let digits = mantissa == mantissa.rounded() ? fixed(mantissa, decimals: 0) : fixed(mantissa, decimals: 1)
        return "\(digits)e\(exponent)"
    }
}
