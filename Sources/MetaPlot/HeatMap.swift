/// A matrix drawn as coloured cells (e.g. a confusion matrix), with row and column labels, a
/// colour bar, and the values written in the cells when the matrix is small.
public struct HeatMap: Figure {
    /// How a heat map looks.
    public struct Configuration: Sendable {
        /// Title above the map ("" for none).
        public var title = ""
        /// Label under the column labels (e.g. "predicted").
        public var xLabel = ""
        /// Label beside the row labels (e.g. "true class").
        public var yLabel = ""
        /// A label per row, top first.
        public var rowLabels: [String] = []
        /// A label per column, left first.
        public var columnLabels: [String] = []
        /// The colour map.
        public var colorMap = ColorMap.sequential
        /// The values the colour map spans; the data's range when `nil`.
        public var range: ClosedRange<Double>?
        /// Whether to write values in cells; when `nil`, only for matrices up to 12 × 12.
        public var showsValues: Bool?
        /// Points per cell; fitted to about 360 points in all when `nil`.
        public var cellSize: Int?
        /// Pixel density: 2 doubles every length, for slides.
        public var scale = 1

        /// The default look, with optional texts.
        public init(title: String = "", xLabel: String = "", yLabel: String = "") {
            self.title = title
            self.xLabel = xLabel
            self.yLabel = yLabel
        }
    }

    /// The matrix, row by row (short rows are padded with missing cells).
    public var values: [[Double]]
    /// How the map looks.
    public var configuration: Configuration

    /// A heat map of `values`.
    public init(values: [[Double]], configuration: Configuration = Configuration()) {
        self.values = values
        self.configuration = configuration
    }

    /// The rectangle of the cell at (row, column), in canvas pixels.
    public func cellRect(row: Int, column: Int) -> PlotRect { cellRect(row: row, column: column, in: geometry) }

    private func cellRect(row: Int, column: Int, in g: Geometry) -> PlotRect {
        PlotRect(x: g.grid.x + Double(column) * g.cell, y: g.grid.y + Double(row) * g.cell, width: g.cell, height: g.cell)
    }

    /// Draws the map.
    public func render() -> Canvas {
        let g = geometry, style = g.style, c = configuration
        var canvas = Canvas(width: g.width, height: g.height)
        if !c.title.isEmpty { style.title(c.title, centerX: Double(g.width) / 2, top: style.margin, on: &canvas) }
        let integral = values.joined().allSatisfy { !$0.isFinite || $0 == $0.rounded() }
        for row in 0..<g.rows {
            for column in 0..<g.columns {
                let value = column < values[row].count ? values[row][column] : .nan
                let cell = cellRect(row: row, column: column, in: g)
                let t = value.isFinite ? (value - g.range.0) / (g.range.1 - g.range.0) : .nan
                let fill = c.colorMap.color(at: t)
                canvas.fill(cell, color: fill)
                guard g.showsValues, value.isFinite else { continue }
                let text = integral ? NumberFormat.fixed(value, decimals: 0) : NumberFormat.compact(value, significant: 2)
                guard style.textWidth(text) <= cell.width - 2 * Double(style.scale) else { continue }
                style.text(text, centeredAt: cell.center, color: fill.luminance < 0.5 ? .white : .ink, on: &canvas)
            }
        }
        canvas.stroke(g.grid.insetBy(-style.hairline), width: style.hairline, color: .grey)
        for (row, label) in c.rowLabels.prefix(g.rows).enumerated() {
            let cell = cellRect(row: row, column: 0, in: g)
            style.text(label, centeredAt: PlotPoint(cell.x - style.gap - style.textWidth(label) / 2, cell.center.y), on: &canvas)
        }
        for (column, label) in c.columnLabels.prefix(g.columns).enumerated() {
            let cell = cellRect(row: g.rows - 1, column: column, in: g)
            let top = cell.maxY + style.gap
            if g.upright {
                style.text(label, at: PlotPoint(cell.center.x - style.textWidth(label) / 2, top), on: &canvas)
            } else {
                canvas.drawText(label, at: PlotPoint(cell.center.x - style.textHeight / 2, top), scale: style.textScale,
                                direction: .upward, font: style.font)
            }
        }
        if !c.xLabel.isEmpty {
            style.text(c.xLabel, at: PlotPoint(g.grid.center.x - style.textWidth(c.xLabel) / 2,
                                               g.grid.maxY + style.gap + g.columnLabelHeight + style.gap), on: &canvas)
        }
        if !c.yLabel.isEmpty {
            canvas.drawText(c.yLabel, at: PlotPoint(style.margin, g.grid.center.y - style.textWidth(c.yLabel) / 2),
                            scale: style.textScale, direction: .upward, font: style.font)
        }
        let bar = ColorBar(map: c.colorMap, low: g.range.0, high: g.range.1, style: style)
        bar.draw(in: PlotRect(x: g.grid.maxX + 3 * style.gap, y: g.grid.y, width: bar.barWidth, height: g.grid.height), on: &canvas)
        return canvas
    }

    private struct Geometry {
        let style: Style
        let rows: Int
        let columns: Int
        let cell: Double
        let grid: PlotRect
        let range: (Double, Double)
        let showsValues: Bool
        let upright: Bool
        let columnLabelHeight: Double
        let width: Int
        let height: Int
    }

    private var geometry: Geometry {
        let c = configuration, style = Style(scale: c.scale)
        let rows = values.count, columns = values.map(\.count).max() ?? 0
        let cell = Double(max(1, c.cellSize ?? min(48, max(6, 360 / max(rows, columns, 1)))) * style.scale)
        var range = c.range.map { ($0.lowerBound, $0.upperBound) } ?? finiteExtent(values.joined()) ?? (0, 1)
        if !(range.1 > range.0) { range = (range.0 - 0.5, range.0 + 0.5) }
        let widestColumnLabel = c.columnLabels.map(style.textWidth).max() ?? 0
        let upright = widestColumnLabel <= cell - style.gap / 2
        let columnLabelHeight = c.columnLabels.isEmpty ? 0 : (upright ? style.textHeight : widestColumnLabel)
        let rowLabelWidth = c.rowLabels.map(style.textWidth).max() ?? 0
        let left = style.margin + (c.yLabel.isEmpty ? 0 : style.textHeight + style.gap) + rowLabelWidth + style.gap
        let top = style.margin + (c.title.isEmpty ? 0 : style.titleHeight + 2 * style.gap) + style.halfTextHeight
        let grid = PlotRect(x: left.rounded(), y: top.rounded(), width: cell * Double(columns), height: cell * Double(rows))
        let bar = ColorBar(map: c.colorMap, low: range.0, high: range.1, style: style)
        let width = max(grid.maxX + 3 * style.gap + bar.width + style.margin, 2 * style.margin + style.titleWidth(c.title))
        let height = grid.maxY + style.gap + columnLabelHeight + (c.xLabel.isEmpty ? 0 : style.gap + style.textHeight)
            + max(style.margin, style.halfTextHeight + style.gap)
        return Geometry(style: style, rows: rows, columns: columns, cell: cell, grid: grid, range: range,
                        showsValues: c.showsValues ?? (rows <= 12 && columns <= 12), upright: upright,
                        columnLabelHeight: columnLabelHeight, width: Int(width.rounded(.up)), height: Int(height.rounded(.up)))
    }
}
