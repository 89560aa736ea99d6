/// Where a chart's plot area lies and which values its axes span; maps data to pixels.
public struct ChartLayout: Sendable {
    /// The rectangle, in canvas pixels, that data is drawn in.
    public let plotArea: PlotRect
    /// The horizontal axis.
    public let xAxis: AxisScale
    /// The vertical axis.
    public let yAxis: AxisScale

    /// The canvas position of the data point (x, y); non-finite when the point cannot be
    /// shown (for example y ≤ 0 on a log axis).
    public func pixel(x: Double, y: Double) -> PlotPoint {
        PlotPoint(plotArea.x + xAxis.fraction(x) * plotArea.width,
                  plotArea.maxY - yAxis.fraction(y) * plotArea.height)
    }
}

/// The parts every two-axis chart shares: title, axis labels, ticks, grid and legend. Line
/// charts, scatter plots and histograms describe themselves with one and draw their data in
/// between `drawBackground` and `drawForeground`.
struct CartesianFrame {
    var width: Int
    var height: Int
    var style: Style
    var title: String
    var xLabel: String
    var yLabel: String
    var xRange: (Double, Double)
    var yRange: (Double, Double)
    var yLogarithmic = false
    /// Whether the horizontal axis is stretched to whole tick steps (otherwise it fits the data).
    var xExtendsToTicks = true
    var legend: [LegendEntry] = []

    private var legendBox: Legend { Legend(entries: legend, style: style) }

    /// Places the plot area so that every label fits, and picks ticks that do not collide.
    func layout() -> ChartLayout {
        let top = style.margin + (title.isEmpty ? 0 : style.titleHeight + style.gap) + style.halfTextHeight
        let bottom = Double(height) - style.margin - (xLabel.isEmpty ? 0 : style.textHeight + style.gap)
            - style.textHeight - style.gap - style.tickLength
        let plotHeight = max(bottom - top, 1)
        let yAxis = AxisScale(covering: yRange.0, yRange.1, logarithmic: yLogarithmic,
                              tickCount: min(max(Int(plotHeight / (40 * Double(style.scale))), 2), 10))
        let tickLabelWidth = yAxis.labels.map(style.textWidth).max() ?? 0
        let left = (style.margin + (yLabel.isEmpty ? 0 : style.textHeight + style.gap) + tickLabelWidth
            + style.gap + style.tickLength).rounded()
        let legendWidth = legendBox.size.width
        let reserved = legendWidth > 0 ? legendWidth + 2 * style.gap : 0

        var right = Double(width) - style.margin - reserved
        var xAxis = self.xAxis(plotWidth: right - left)
        let overhang = style.textWidth(xAxis.labels.last ?? "") / 2
        right = Double(width) - style.margin - max(reserved, overhang)
        xAxis = self.xAxis(plotWidth: right - left)
        let area = PlotRect(x: left, y: top.rounded(), width: max(right.rounded() - left, 1), height: plotHeight.rounded())
        return ChartLayout(plotArea: area, xAxis: xAxis, yAxis: yAxis)
    }

    /// The horizontal axis with as many ticks as fit without their labels touching.
    private func xAxis(plotWidth: Double) -> AxisScale {
        var count = min(max(Int(plotWidth / (70 * Double(style.scale))), 2), 10)
        while true {
            let axis = AxisScale(covering: xRange.0, xRange.1, tickCount: count, extendToTicks: xExtendsToTicks)
            let widest = axis.labels.map(style.textWidth).max() ?? 0
            let spacing = plotWidth / Double(max(axis.ticks.count - 1, 1))
            if widest + 2 * style.gap <= spacing || count <= 2 { return axis }
            count -= 1
        }
    }

    /// Draws the title and the grid lines behind the data.
    func drawBackground(_ layout: ChartLayout, on canvas: inout Canvas) {
        let area = layout.plotArea
        if !title.isEmpty { style.title(title, centerX: Double(width) / 2, top: style.margin, on: &canvas) }
        for tick in layout.yAxis.ticks {
            let y = layout.pixel(x: layout.xAxis.lower, y: tick).y
            canvas.fill(PlotRect(x: area.x, y: crisp(y), width: area.width, height: style.hairline), color: .gridGrey)
        }
        for tick in layout.xAxis.ticks {
            let x = layout.pixel(x: tick, y: layout.yAxis.lower).x
            canvas.fill(PlotRect(x: crisp(x), y: area.y, width: style.hairline, height: area.height), color: .gridGrey)
        }
    }

    /// Draws the axes, ticks, tick labels, axis labels and legend over the data.
    func drawForeground(_ layout: ChartLayout, on canvas: inout Canvas) {
        let area = layout.plotArea, axisColor = Color.grey, h = style.hairline
        canvas.fill(PlotRect(x: area.x - h, y: area.y, width: h, height: area.height + h), color: axisColor)
        canvas.fill(PlotRect(x: area.x - h, y: area.maxY, width: area.width + h, height: h), color: axisColor)
        for (tick, label) in zip(layout.yAxis.ticks, layout.yAxis.labels) {
            let y = crisp(layout.pixel(x: layout.xAxis.lower, y: tick).y)
            canvas.fill(PlotRect(x: area.x - h - style.tickLength, y: y, width: style.tickLength, height: h), color: axisColor)
            let labelRight = area.x - h - style.tickLength - style.gap
            style.text(label, centeredAt: PlotPoint(labelRight - style.textWidth(label) / 2, y + h / 2), on: &canvas)
        }
        for (tick, label) in zip(layout.xAxis.ticks, layout.xAxis.labels) {
            let x = crisp(layout.pixel(x: tick, y: layout.yAxis.lower).x)
            canvas.fill(PlotRect(x: x, y: area.maxY + h, width: h, height: style.tickLength), color: axisColor)
            style.text(label, at: PlotPoint(x + h / 2 - style.textWidth(label) / 2, area.maxY + h + style.tickLength + style.gap), on: &canvas)
        }
        if !xLabel.isEmpty {
            let top = area.maxY + h + style.tickLength + style.gap + style.textHeight + style.gap
            style.text(xLabel, at: PlotPoint(area.center.x - style.textWidth(xLabel) / 2, top), on: &canvas)
        }
        if !yLabel.isEmpty {
            let length = style.textWidth(yLabel)
            canvas.drawText(yLabel, at: PlotPoint(style.margin, area.center.y - length / 2), scale: style.textScale,
                            color: .ink, direction: .upward, font: style.font)
        }
        legendBox.draw(at: PlotPoint(area.maxX + 2 * style.gap, area.y), on: &canvas)
    }

    /// `value` snapped to a whole pixel so that hairlines stay sharp.
    private func crisp(_ value: Double) -> Double { value.isFinite ? value.rounded(.down) : -1 }
}

/// The smallest and largest finite value among `values` (`nil` when there is none).
func finiteExtent<S: Sequence>(_ values: S) -> (Double, Double)? where S.Element == Double {
    var low = Double.infinity, high = -Double.infinity
    for value in values where value.isFinite {
        low = min(low, value)
        high = max(high, value)
    }
    return low <= high ? (low, high) : nil
}
