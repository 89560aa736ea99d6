/// Where the parts of a filter grid lie on its canvas.
public struct FilterGridLayout: Sendable {
    /// Canvas width in pixels.
    public let width: Int
    /// Canvas height in pixels.
    public let height: Int
    /// Each filter's cells, in the order given.
    public let filterRects: [PlotRect]
    /// The colour bar (without its labels).
    public let colorBar: PlotRect
    /// The colour scale spans `-limit...limit`.
    public let limit: Double
}

/// Convolution filters side by side, coloured by one diverging scale centred on zero and
/// shared by all filters, with a colour bar.
public struct FilterGrid: Figure {
    /// How a filter grid looks.
    public struct Configuration: Sendable {
        /// Title above the grid ("" for none).
        public var title = ""
        /// Filters per row; about a square grid when `nil`.
        public var columns: Int?
        /// Screen points per filter weight; about 30 points per filter when `nil`.
        public var upscale: Int?
        /// The colour map (a diverging one keeps zero neutral).
        public var colorMap = ColorMap.diverging
        /// Pixel density: 2 doubles every length, for slides.
        public var scale = 1

        /// The default look, with an optional title.
        public init(title: String = "") { self.title = title }
    }

    /// Each filter's weights, row by row (`kernelHeight * kernelWidth` each; missing or
    /// non-finite weights show as `ColorMap.missing`).
    public var filters: [[Float]]
    /// Weights per filter row.
    public var kernelWidth: Int
    /// Rows per filter.
    public var kernelHeight: Int
    /// How the grid looks.
    public var configuration: Configuration

    /// A grid of square `kernelSize` × `kernelSize` filters.
    public init(filters: [[Float]], kernelSize: Int, configuration: Configuration = Configuration()) {
        self.init(filters: filters, kernelWidth: kernelSize, kernelHeight: kernelSize, configuration: configuration)
    }

    /// A grid of `kernelWidth` × `kernelHeight` filters.
    public init(filters: [[Float]], kernelWidth: Int, kernelHeight: Int, configuration: Configuration = Configuration()) {
        self.filters = filters
        self.kernelWidth = max(kernelWidth, 1)
        self.kernelHeight = max(kernelHeight, 1)
        self.configuration = configuration
    }

    /// The largest finite |weight| of all filters (1 when all are zero): the colour scale's end.
    public var limit: Double {
        let largest = filters.joined().lazy.filter(\.isFinite).map { abs(Double($0)) }.max() ?? 0
        return largest > 0 ? largest : 1
    }

    /// Where every filter and the colour bar go.
    public func layout() -> FilterGridLayout { geometry.layout }

    /// Draws the grid.
    public func render() -> Canvas {
        let g = geometry, style = g.style, limit = g.layout.limit
        var canvas = Canvas(width: g.layout.width, height: g.layout.height)
        if !configuration.title.isEmpty {
            style.title(configuration.title, centerX: Double(g.layout.width) / 2, top: style.margin, on: &canvas)
        }
        for (filter, box) in zip(filters, g.layout.filterRects) {
            for row in 0..<kernelHeight {
                for column in 0..<kernelWidth {
                    let index = row * kernelWidth + column
                    let weight = index < filter.count && filter[index].isFinite ? Double(filter[index]) : .nan
                    let cell = PlotRect(x: box.x + Double(column) * g.cell, y: box.y + Double(row) * g.cell, width: g.cell, height: g.cell)
                    canvas.fill(cell, color: configuration.colorMap.color(at: (weight / limit + 1) / 2))
                }
            }
            canvas.stroke(box.insetBy(-style.hairline), width: style.hairline, color: .grey)
        }
        ColorBar(map: configuration.colorMap, low: -limit, high: limit, style: style).draw(in: g.layout.colorBar, on: &canvas)
        return canvas
    }

    private struct Geometry {
        let style: Style
        let cell: Double
        let layout: FilterGridLayout
    }

    private var geometry: Geometry {
        let c = configuration, style = Style(scale: c.scale), limit = self.limit
        let columns = max(1, c.columns ?? Int(Double(filters.count).squareRoot().rounded(.up)))
        let rows = max(1, (filters.count + columns - 1) / columns)
        let cell = Double(max(1, c.upscale ?? 30 / max(kernelWidth, kernelHeight)) * style.scale)
        let filterWidth = cell * Double(kernelWidth), filterHeight = cell * Double(kernelHeight)
        let spacing = Double(4 * style.scale)
        let top = style.margin + (c.title.isEmpty ? 0 : style.titleHeight + 2 * style.gap) + style.halfTextHeight
        let left = style.margin
        let rects = filters.indices.map { index in
            PlotRect(x: left + Double(index % columns) * (filterWidth + spacing), y: top + Double(index / columns) * (filterHeight + spacing),
                     width: filterWidth, height: filterHeight)
        }
        let gridWidth = Double(columns) * (filterWidth + spacing) - spacing
        let gridHeight = Double(rows) * (filterHeight + spacing) - spacing
        let bar = ColorBar(map: c.colorMap, low: -limit, high: limit, style: style)
        let barHeight = max(gridHeight, Double(120 * style.scale))
        let barRect = PlotRect(x: left + gridWidth + 3 * style.gap, y: top, width: bar.barWidth, height: barHeight)
        let width = max(barRect.x + bar.width + style.margin, 2 * style.margin + style.titleWidth(c.title))
        let height = top + max(gridHeight, barHeight) + style.halfTextHeight + style.margin
        return Geometry(style: style, cell: cell,
                        layout: FilterGridLayout(width: Int(width.rounded(.up)), height: Int(height.rounded(.up)),
                                                 filterRects: rects, colorBar: barRect, limit: limit))
    }
}
