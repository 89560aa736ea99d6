/// A continuous colour scale for matrices and filters.
public enum ColorMap: Sendable {
    /// Blue through near-white to red (ColorBrewer RdBu), for signed values centred on zero.
    case diverging
    /// Near-white to dark blue (ColorBrewer Blues), for counts and probabilities.
    case sequential
    /// Dark purple through green to yellow (viridis), perceptually uniform.
    case viridis

    /// The colour at the middle of the diverging map, where zero lands.
    public static let neutral = Color(hex: 0xF7F7F7)
    /// The colour of missing or non-finite values.
    public static let missing = Color(hex: 0xCCCCCC)

    /// The colour at position `t` (0...1, clamped); `missing` when `t` is NaN.
    public func color(at t: Double) -> Color {
        guard !t.isNaN else { return Self.missing }
        let stops = self.stops
        let position = min(max(t, 0), 1) * Double(stops.count - 1)
        let index = min(Int(position), stops.count - 2)
        return stops[index].mixed(with: stops[index + 1], position - Double(index))
    }

    private var stops: [Color] {
        switch self {
        case .diverging:
            return [0x2166AC, 0x67A9CF, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xEF8A62, 0xB2182B].map(Color.init(hex:))
        case .sequential:
            return [0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C, 0x08306B].map(Color.init(hex:))
        case .viridis:
            return [0x440154, 0x482878, 0x3E4989, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C, 0xFDE725].map(Color.init(hex:))
        }
    }
}

/// A vertical colour bar with tick labels, shared by heat maps and filter grids.
struct ColorBar {
    let map: ColorMap
    let axis: AxisScale
    let style: Style

    /// A bar for values `low...high`, with ticks that stay inside that range.
    init(map: ColorMap, low: Double, high: Double, style: Style) {
        self.map = map
        self.style = style
        axis = AxisScale(covering: low, high, tickCount: 5, extendToTicks: false)
    }

    var barWidth: Double { Double(14 * style.scale) }

    /// The labelled values: the axis ticks, plus both ends when no tick is near them.
    var marks: [(value: Double, label: String)] {
        var marks = zip(axis.ticks, axis.labels).map { (value: $0, label: $1) }
        let span = axis.upper - axis.lower
        for end in [axis.lower, axis.upper] where !axis.ticks.contains(where: { abs($0 - end) < 0.12 * span }) {
            marks.append((end, NumberFormat.compact(end, significant: 2)))
        }
        return marks
    }

    /// The total width: bar, ticks and labels.
    var width: Double {
        barWidth + style.tickLength + style.gap + (marks.map { style.textWidth($0.label) }.max() ?? 0)
    }

    /// Draws the bar in `bar` (its labels go to the right of it), `upper` at the top.
    func draw(in rect: PlotRect, on canvas: inout Canvas) {
        let bar = PlotRect(x: rect.x.rounded(), y: rect.y.rounded(), width: rect.width.rounded(), height: rect.height.rounded())
        let rows = max(Int(bar.height), 1)
        for row in 0..<rows {
            let t = 1 - (Double(row) + 0.5) / Double(rows)
            canvas.fill(PlotRect(x: bar.x, y: bar.y + Double(row), width: bar.width, height: 1), color: map.color(at: t))
        }
        canvas.stroke(bar.insetBy(-style.hairline), width: style.hairline, color: .grey)
        for (tick, label) in marks {
            let y = min((bar.maxY - axis.fraction(tick) * bar.height).rounded(.down), bar.maxY - style.hairline)
            guard y.isFinite else { continue }
            canvas.fill(PlotRect(x: bar.maxX + style.hairline, y: y, width: style.tickLength, height: style.hairline), color: .grey)
            style.text(label, at: PlotPoint(bar.maxX + style.hairline + style.tickLength + style.gap,
                                            y - Double(BitmapFont.capHeight * style.textScale) / 2), on: &canvas)
        }
    }
}
