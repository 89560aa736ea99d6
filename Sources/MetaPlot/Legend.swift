/// How a legend entry shows its series.
enum LegendMark: Sendable {
    /// A short line (line charts).
    case line
    /// A filled square (bars).
    case box
    /// A filled dot (scatter points).
    case dot
    /// A larger dot with a dark outline (marked points such as prototypes).
    case ring
}

/// One row of a legend.
struct LegendEntry: Sendable {
    let name: String
    let color: Color
    let mark: LegendMark
}

/// A column of legend entries, drawn at the right of a plot.
struct Legend: Sendable {
    let entries: [LegendEntry]
    let style: Style

    private var swatchWidth: Double { Double(16 * style.scale) }
    private var rowHeight: Double { style.textHeight + style.gap }

    /// The legend's size; zero when there are no entries.
    var size: (width: Double, height: Double) {
        guard !entries.isEmpty else { return (0, 0) }
        let labels = entries.map { style.textWidth($0.name) }.max() ?? 0
        return (swatchWidth + style.gap + labels, Double(entries.count) * rowHeight - style.gap)
    }

    /// Draws the legend with its top-left corner at `origin`.
    func draw(at origin: PlotPoint, on canvas: inout Canvas) {
        for (row, entry) in entries.enumerated() {
            let top = origin.y + Double(row) * rowHeight
            let middle = top + Double(BitmapFont.capHeight * style.textScale) / 2
            let swatch = PlotRect(x: origin.x, y: top, width: swatchWidth, height: Double(BitmapFont.capHeight * style.textScale))
            switch entry.mark {
            case .line:
                canvas.strokeLine(from: PlotPoint(swatch.x + style.hairline, middle), to: PlotPoint(swatch.maxX - style.hairline, middle),
                                  width: style.lineWidth, color: entry.color)
            case .box:
                canvas.fill(swatch, color: entry.color)
            case .dot:
                canvas.fillCircle(center: swatch.center, radius: 3 * Double(style.scale), color: entry.color)
            case .ring:
                MarkedPoint.draw(at: swatch.center, color: entry.color, style: style, on: &canvas)
            }
            style.text(entry.name, at: PlotPoint(swatch.maxX + style.gap, top), on: &canvas)
        }
    }
}

/// The symbol of a marked point (a prototype): a large disc with a dark outline.
enum MarkedPoint {
    /// Draws the symbol centred on `center`.
    static func draw(at center: PlotPoint, color: Color, style: Style, on canvas: inout Canvas) {
        let radius = 5.5 * Double(style.scale)
        canvas.fillCircle(center: center, radius: radius, color: color)
        canvas.strokeCircle(center: center, radius: radius, width: 1.5 * Double(style.scale), color: .ink)
    }
}
