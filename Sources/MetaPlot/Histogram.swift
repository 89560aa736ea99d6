/// One group of values of a histogram (e.g. the learned learning rates of one layer).
public struct HistogramGroup: Sendable {
    /// The name shown in the legend.
    public var name: String
    /// The values; non-finite ones are left out.
    public var values: [Double]
    /// The colour; the next palette colour when `nil`.
    public var color: Color?

    /// A group of values.
    public init(name: String, values: [Double], color: Color? = nil) {
        self.name = name
        self.values = values
        self.color = color
    }
}

/// Values counted in equal-width bins and drawn as bars; several groups share the bins and
/// are overlaid translucently.
public struct Histogram: Figure {
    /// How a histogram looks.
    public struct Configuration: Sendable {
        /// Title above the chart ("" for none).
        public var title = ""
        /// Label under the horizontal axis.
        public var xLabel = ""
        /// Label beside the vertical axis.
        public var yLabel = "count"
        /// Number of bins.
        public var bins = 24
        /// The binned range; the data's range when `nil` (values outside are left out).
        public var range: ClosedRange<Double>?
        /// Width in points (pixels at scale 1).
        public var width = 640
        /// Height in points.
        public var height = 420
        /// Pixel density: 2 doubles every length, for slides.
        public var scale = 1

        /// The default look, with optional texts.
        public init(title: String = "", xLabel: String = "") {
            self.title = title
            self.xLabel = xLabel
        }
    }

    /// The groups, drawn in order.
    public var groups: [HistogramGroup]
    /// How the chart looks.
    public var configuration: Configuration

    /// A histogram of `groups`.
    public init(groups: [HistogramGroup], configuration: Configuration = Configuration()) {
        self.groups = groups
        self.configuration = configuration
    }

    /// The bin edges (`bins + 1` of them) shared by all groups.
    public var edges: [Double] {
        let bins = max(configuration.bins, 1)
        var (low, high) = configuration.range.map { ($0.lowerBound, $0.upperBound) }
            ?? finiteExtent(groups.flatMap(\.values)) ?? (0, 1)
        if !low.isFinite || !high.isFinite { (low, high) = finiteExtent(groups.flatMap(\.values)) ?? (0, 1) }
        if !(high > low) { (low, high) = (low - 0.5, low + 0.5) }
        return (0...bins).map { low + (high - low) * Double($0) / Double(bins) }
    }

    /// Each group's count per bin; the last bin includes its upper edge.
    public var counts: [[Int]] {
        let edges = self.edges, bins = edges.count - 1
        let low = edges[0], high = edges[bins]
        return groups.map { group in
            var counts = [Int](repeating: 0, count: bins)
            for value in group.values where value.isFinite && value >= low && value <= high {
                let position = (value - low) / (high - low) * Double(bins)
                if position.isFinite { counts[min(max(Int(position), 0), bins - 1)] += 1 }
            }
            return counts
        }
    }

    /// Where the plot area lies and which values the axes span.
    public func layout() -> ChartLayout { frame(counts: counts).layout() }

    /// Draws the histogram.
    public func render() -> Canvas {
        let counts = self.counts, edges = self.edges, frame = frame(counts: counts), layout = frame.layout()
        var canvas = Canvas(width: frame.width, height: frame.height)
        frame.drawBackground(layout, on: &canvas)
        let opacity = groups.count > 1 ? 0.4 : 0.75
        canvas.withClip(layout.plotArea) { canvas in
            for (index, groupCounts) in counts.enumerated() {
                var outline: [PlotPoint] = [layout.pixel(x: edges[0], y: 0)]
                for (bin, count) in groupCounts.enumerated() {
                    let corner = layout.pixel(x: edges[bin], y: Double(count)), end = layout.pixel(x: edges[bin + 1], y: 0)
                    canvas.fill(PlotRect(x: corner.x, y: corner.y, width: end.x - corner.x, height: end.y - corner.y),
                                color: color(index).withOpacity(opacity))
                    outline += [corner, PlotPoint(end.x, corner.y)]
                }
                outline.append(layout.pixel(x: edges[edges.count - 1], y: 0))
                canvas.strokePolyline(outline, width: 1.5 * Double(frame.style.scale), color: color(index))
            }
        }
        frame.drawForeground(layout, on: &canvas)
        return canvas
    }

    private func color(_ index: Int) -> Color { groups[index].color ?? Palette.color(index) }

    private func frame(counts: [[Int]]) -> CartesianFrame {
        let c = configuration, style = Style(scale: c.scale), edges = self.edges
        let highest = counts.joined().max() ?? 0
        let legend = groups.count > 1 ? groups.indices.map { LegendEntry(name: groups[$0].name, color: color($0), mark: .box) } : []
        return CartesianFrame(width: c.width * style.scale, height: c.height * style.scale, style: style,
                              title: c.title, xLabel: c.xLabel, yLabel: c.yLabel,
                              xRange: (edges[0], edges[edges.count - 1]), yRange: (0, Double(max(highest, 1))),
                              xExtendsToTicks: false, legend: legend)
    }
}
