/// One named curve of a line chart, with an optional shaded band (e.g. a 95% confidence interval).
public struct LineSeries: Sendable {
    /// The name shown in the legend.
    public var name: String
    /// Horizontal positions.
    public var x: [Double]
    /// Values, one per position.
    public var y: [Double]
    /// The band's lower edge, one per position (no band when `nil`).
    public var lower: [Double]?
    /// The band's upper edge, one per position (no band when `nil`).
    public var upper: [Double]?
    /// The colour; the next palette colour when `nil`.
    public var color: Color?

    /// A series at positions `x`; points with a non-finite coordinate leave a gap in the line.
    public init(name: String, x: [Double], y: [Double], lower: [Double]? = nil, upper: [Double]? = nil, color: Color? = nil) {
        self.name = name
        self.x = x
        self.y = y
        self.lower = lower
        self.upper = upper
        self.color = color
    }

    /// A series at positions 0, 1, 2, ...
    public init(name: String, y: [Double], lower: [Double]? = nil, upper: [Double]? = nil, color: Color? = nil) {
        self.init(name: name, x: y.indices.map(Double.init), y: y, lower: lower, upper: upper, color: color)
    }

    /// The band as (x, lower, upper) triples, limited to the points all three arrays have.
    var bandPoints: [(x: Double, lower: Double, upper: Double)] {
        guard let lower, let upper else { return [] }
        return (0..<min(x.count, lower.count, upper.count)).map { (x[$0], lower[$0], upper[$0]) }
    }
}

/// A chart of several named curves against a common horizontal axis.
public struct LineChart: Figure {
    /// How a line chart looks.
    public struct Configuration: Sendable {
        /// Title above the chart ("" for none).
        public var title = ""
        /// Label under the horizontal axis.
        public var xLabel = ""
        /// Label beside the vertical axis.
        public var yLabel = ""
        /// Whether the vertical axis is logarithmic (values ≤ 0 are then left out).
        public var logarithmicY = false
        /// A fixed vertical range instead of one fitted to the data.
        public var yRange: ClosedRange<Double>?
        /// Whether to show the legend.
        public var showsLegend = true
        /// Width in points (pixels at scale 1).
        public var width = 720
        /// Height in points.
        public var height = 440
        /// Pixel density: 2 doubles every length, for slides.
        public var scale = 1

        /// The default look, with optional texts.
        public init(title: String = "", xLabel: String = "", yLabel: String = "") {
            self.title = title
            self.xLabel = xLabel
            self.yLabel = yLabel
        }
    }

    /// The curves, drawn in order.
    public var series: [LineSeries]
    /// How the chart looks.
    public var configuration: Configuration

    /// A chart of `series`.
    public init(series: [LineSeries], configuration: Configuration = Configuration()) {
        self.series = series
        self.configuration = configuration
    }

    /// Where the plot area lies and which values the axes span.
    public func layout() -> ChartLayout { frame.layout() }

    /// Draws the chart.
    public func render() -> Canvas {
        let frame = self.frame, layout = frame.layout()
        var canvas = Canvas(width: frame.width, height: frame.height)
        frame.drawBackground(layout, on: &canvas)
        canvas.withClip(layout.plotArea) { canvas in
            for (index, line) in series.enumerated() {
                drawBand(of: line, color: color(index), layout: layout, on: &canvas)
            }
            for (index, line) in series.enumerated() {
                let points = zip(line.x, line.y).map { layout.pixel(x: $0, y: $1) }
                canvas.strokePolyline(points, width: frame.style.lineWidth, color: color(index))
            }
        }
        frame.drawForeground(layout, on: &canvas)
        return canvas
    }

    private func color(_ index: Int) -> Color { series[index].color ?? Palette.color(index) }

    /// The band as polygons, one per run of drawable points.
    private func drawBand(of line: LineSeries, color: Color, layout: ChartLayout, on canvas: inout Canvas) {
        var run: [(PlotPoint, PlotPoint)] = []
        func flush() {
            if run.count >= 2 { canvas.fillPolygon(run.map(\.0) + run.reversed().map(\.1), color: color.withOpacity(0.2)) }
            run = []
        }
        for point in line.bandPoints {
            let low = layout.pixel(x: point.x, y: point.lower), high = layout.pixel(x: point.x, y: point.upper)
            if [low.x, low.y, high.y].allSatisfy(\.isFinite) { run.append((low, high)) } else { flush() }
        }
        flush()
    }

    private var frame: CartesianFrame {
        let c = configuration, style = Style(scale: c.scale)
        let usable: (Double) -> Bool = { $0.isFinite && (!c.logarithmicY || $0 > 0) }
        let ys = series.flatMap { $0.y + ($0.lower ?? []) + ($0.upper ?? []) }.filter(usable)
        let yRange = c.yRange.map { ($0.lowerBound, $0.upperBound) } ?? finiteExtent(ys) ?? (c.logarithmicY ? (1, 10) : (0, 1))
        let xRange = finiteExtent(series.flatMap(\.x)) ?? (0, 1)
        let legend = c.showsLegend ? series.indices.map { LegendEntry(name: series[$0].name, color: color($0), mark: .line) } : []
        return CartesianFrame(width: c.width * style.scale, height: c.height * style.scale, style: style,
                              title: c.title, xLabel: c.xLabel, yLabel: c.yLabel, xRange: xRange, yRange: yRange,
                              yLogarithmic: c.logarithmicY, legend: legend)
    }
}
