/// One class of a scatter plot: its points and optional marked points (e.g. its prototype).
public struct ScatterGroup: Sendable {
    /// The name shown in the legend.
    public var name: String
    /// The points, in data coordinates.
    public var points: [PlotPoint]
    /// Points drawn large with a dark outline, such as the class prototype.
    public var marked: [PlotPoint]
    /// The colour; the next palette colour when `nil`.
    public var color: Color?

    /// A class of points.
    public init(name: String, points: [PlotPoint], marked: [PlotPoint] = [], color: Color? = nil) {
        self.name = name
        self.points = points
        self.marked = marked
        self.color = color
    }
}

/// Two-dimensional points coloured by class, with optional marked points and a legend.
public struct ScatterPlot: Figure {
    /// How a scatter plot looks.
    public struct Configuration: Sendable {
        /// Title above the plot ("" for none).
        public var title = ""
        /// Label under the horizontal axis.
        public var xLabel = ""
        /// Label beside the vertical axis.
        public var yLabel = ""
        /// The legend's name for marked points ("" to leave them out of the legend).
        public var markedName = "prototype"
        /// Radius of an ordinary point in points.
        public var pointRadius = 3.0
        /// Width in points (pixels at scale 1).
        public var width = 600
        /// Height in points.
        public var height = 480
        /// Pixel density: 2 doubles every length, for slides.
        public var scale = 1

        /// The default look, with optional texts.
        public init(title: String = "", xLabel: String = "", yLabel: String = "") {
            self.title = title
            self.xLabel = xLabel
            self.yLabel = yLabel
        }
    }

    /// The classes, drawn in order.
    public var groups: [ScatterGroup]
    /// How the plot looks.
    public var configuration: Configuration

    /// A scatter plot of `groups`.
    public init(groups: [ScatterGroup], configuration: Configuration = Configuration()) {
        self.groups = groups
        self.configuration = configuration
    }

    /// Where the plot area lies and which values the axes span.
    public func layout() -> ChartLayout { frame.layout() }

    /// Draws the plot.
    public func render() -> Canvas {
        let frame = self.frame, layout = frame.layout(), style = frame.style
        var canvas = Canvas(width: frame.width, height: frame.height)
        frame.drawBackground(layout, on: &canvas)
        canvas.withClip(layout.plotArea) { canvas in
            for (index, group) in groups.enumerated() {
                for point in group.points {
                    canvas.fillCircle(center: layout.pixel(x: point.x, y: point.y),
                                      radius: configuration.pointRadius * Double(style.scale), color: color(index).withOpacity(0.75))
                }
            }
            for (index, group) in groups.enumerated() {
                for point in group.marked {
                    MarkedPoint.draw(at: layout.pixel(x: point.x, y: point.y), color: color(index), style: style, on: &canvas)
                }
            }
        }
        frame.drawForeground(layout, on: &canvas)
        return canvas
    }

    private func color(_ index: Int) -> Color { groups[index].color ?? Palette.color(index) }

    private var frame: CartesianFrame {
        let c = configuration, style = Style(scale: c.scale)
        let all = groups.flatMap { $0.points + $0.marked }
        func padded(_ extent: (Double, Double)?) -> (Double, Double) {
            guard let (low, high) = extent else { return (0, 1) }
            let pad = (high - low) * 0.05
            return (low - pad, high + pad)
        }
        var legend = groups.indices.map { LegendEntry(name: groups[$0].name, color: color($0), mark: .dot) }
        if !c.markedName.isEmpty, groups.contains(where: { !$0.marked.isEmpty }) {
            legend.append(LegendEntry(name: c.markedName, color: .white, mark: .ring))
        }
        return CartesianFrame(width: c.width * style.scale, height: c.height * style.scale, style: style,
                              title: c.title, xLabel: c.xLabel, yLabel: c.yLabel,
                              xRange: padded(finiteExtent(all.map(\.x))), yRange: padded(finiteExtent(all.map(\.y))),
                              legend: legend)
    }
}
