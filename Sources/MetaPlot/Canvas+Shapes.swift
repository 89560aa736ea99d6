/// Anti-aliased lines, circles and polygons. Each shape first computes a coverage value per
/// pixel (the fraction of the pixel the shape covers) and then blends once, so overlapping
/// parts of one translucent shape are not painted twice.
extension Canvas {
    /// Draws a straight line of `width` pixels with round ends.
    public mutating func strokeLine(from start: PlotPoint, to end: PlotPoint, width lineWidth: Double, color: Color) {
        strokePolyline([start, end], width: lineWidth, color: color)
    }

    /// Draws connected line segments of `width` pixels with round joins and ends.
    /// Points with non-finite coordinates break the line into separate pieces.
    public mutating func strokePolyline(_ points: [PlotPoint], width lineWidth: Double, color: Color) {
        let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
        guard !finite.isEmpty, lineWidth > 0 else { return }
        let reach = lineWidth / 2 + 1
        var mask = CoverageMask(around: finite, margin: reach, canvas: self)
        let halfWidth = lineWidth / 2
        var previous: PlotPoint?
        for point in points {
            guard point.x.isFinite, point.y.isFinite else { previous = nil; continue }
            let start = previous ?? point
            mask.accumulate(in: PlotRect(x: min(start.x, point.x) - reach, y: min(start.y, point.y) - reach,
                                         width: abs(start.x - point.x) + 2 * reach,
                                         height: abs(start.y - point.y) + 2 * reach)) { centre in
                halfWidth + 0.5 - distance(from: centre, toSegment: start, point)
            }
            previous = point
        }
        mask.paint(on: &self, color: color)
    }

    /// Fills a disc.
    public mutating func fillCircle(center: PlotPoint, radius: Double, color: Color) {
        guard radius > 0, center.x.isFinite, center.y.isFinite else { return }
        var mask = CoverageMask(around: [center], margin: radius + 1, canvas: self)
        mask.accumulate(in: mask.rect) { centre in
            radius + 0.5 - hypot(centre.x - center.x, centre.y - center.y)
        }
        mask.paint(on: &self, color: color)
    }

    /// Draws a circle outline of `width` pixels centred on the radius.
    public mutating func strokeCircle(center: PlotPoint, radius: Double, width lineWidth: Double, color: Color) {
        guard radius > 0, center.x.isFinite, center.y.isFinite else { return }
        var mask = CoverageMask(around: [center], margin: radius + lineWidth / 2 + 1, canvas: self)
        mask.accumulate(in: mask.rect) { centre in
            lineWidth / 2 + 0.5 - abs(hypot(centre.x - center.x, centre.y - center.y) - radius)
        }
        mask.paint(on: &self, color: color)
    }

    /// Fills a polygon (non-zero winding rule), anti-aliased with 4 sub-scanlines per pixel
    /// and exact horizontal coverage.
    public mutating func fillPolygon(_ points: [PlotPoint], color: Color) {
        guard points.count >= 3, points.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { return }
        var mask = CoverageMask(around: points, margin: 1, canvas: self)
        let subRows = 4
        let edges = zip(points, points.dropFirst() + [points[0]]).filter { $0.0.y != $0.1.y }
        for row in mask.bounds.rows {
            for sub in 0..<subRows {
                let y = Double(row) + (Double(sub) + 0.5) / Double(subRows)
                var crossings: [(x: Double, winding: Int)] = []
                for (a, b) in edges where (a.y <= y && b.y > y) || (b.y <= y && a.y > y) {
                    crossings.append((a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x), a.y < b.y ? 1 : -1))
                }
                crossings.sort { $0.x < $1.x }
                var winding = 0
                for (index, crossing) in crossings.enumerated() {
                    winding += crossing.winding
                    if winding != 0, index + 1 < crossings.count {
                        mask.addSpan(row: row, from: crossing.x, to: crossings[index + 1].x, weight: 1 / Double(subRows))
                    }
                }
            }
        }
        mask.paint(on: &self, color: color)
    }
}

/// Per-pixel coverage over a block of the canvas.
struct CoverageMask {
    let bounds: PixelBounds
    private var values: [Double]

    /// A mask over the pixels within `margin` of the points' bounding box.
    init(around points: [PlotPoint], margin: Double, canvas: Canvas) {
        let xs = points.map(\.x), ys = points.map(\.y)
        let box = PlotRect(x: (xs.min() ?? 0) - margin, y: (ys.min() ?? 0) - margin,
                           width: (xs.max() ?? 0) - (xs.min() ?? 0) + 2 * margin,
                           height: (ys.max() ?? 0) - (ys.min() ?? 0) + 2 * margin)
        bounds = canvas.drawableBounds(of: box)
        values = [Double](repeating: 0, count: bounds.columns.count * bounds.rows.count)
    }

    /// The mask's block as a rectangle.
    var rect: PlotRect {
        PlotRect(x: Double(bounds.columns.lowerBound), y: Double(bounds.rows.lowerBound),
                 width: Double(bounds.columns.count), height: Double(bounds.rows.count))
    }

    /// Raises each pixel in `area` to the coverage `coverage(pixel centre)` (clamped to 0...1).
    mutating func accumulate(in area: PlotRect, _ coverage: (PlotPoint) -> Double) {
        let columns = bounds.columns.clamped(to: pixelRange(area.x, area.maxX))
        let rows = bounds.rows.clamped(to: pixelRange(area.y, area.maxY))
        for y in rows {
            for x in columns {
                let value = min(max(coverage(PlotPoint(Double(x) + 0.5, Double(y) + 0.5)), 0), 1)
                let i = index(x, y)
                if value > values[i] { values[i] = value }
            }
        }
    }

    /// Adds `weight` × the covered fraction of each pixel of `row` between `from` and `to`.
    mutating func addSpan(row: Int, from start: Double, to end: Double, weight: Double) {
        guard end > start else { return }
        let first = max(bounds.columns.lowerBound, pixelIndex(start.rounded(.down)))
        let last = min(bounds.columns.upperBound, pixelIndex(end.rounded(.up)))
        guard first < last else { return }
        for x in first..<last {
            values[index(x, row)] += weight * overlap(Double(x), start, end)
        }
    }

    /// Blends `color` onto the canvas with this coverage.
    func paint(on canvas: inout Canvas, color: Color) {
        for y in bounds.rows {
            for x in bounds.columns {
                let value = values[index(x, y)]
                if value > 0 { canvas.blend(x: x, y: y, color: color, coverage: min(value, 1)) }
            }
        }
    }

    private func index(_ x: Int, _ y: Int) -> Int {
        (y - bounds.rows.lowerBound) * bounds.columns.count + (x - bounds.columns.lowerBound)
    }
}

/// The pixel indices touched by the interval [low, high].
func pixelRange(_ low: Double, _ high: Double) -> Range<Int> {
    let first = pixelIndex(low.rounded(.down))
    return first..<max(first, pixelIndex(high.rounded(.up)))
}

/// The distance from `p` to the segment from `a` to `b`.
func distance(from p: PlotPoint, toSegment a: PlotPoint, _ b: PlotPoint) -> Double {
    let dx = b.x - a.x, dy = b.y - a.y
    let lengthSquared = dx * dx + dy * dy
    let t = lengthSquared > 0 ? min(max(((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared, 0), 1) : 0
    return hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy))
}

/// The length of the vector (x, y).
func hypot(_ x: Double, _ y: Double) -> Double { (x * x + y * y).squareRoot() }
