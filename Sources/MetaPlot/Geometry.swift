/// A point in pixel or data coordinates; in pixels, (0, 0) is the top-left corner of the canvas
/// and the centre of pixel (i, j) is (i + 0.5, j + 0.5).
public struct PlotPoint: Sendable, Hashable {
    /// Horizontal coordinate, growing rightwards.
    public var x: Double
    /// Vertical coordinate (in pixels growing downwards; in data, upwards).
    public var y: Double

    /// A point from its coordinates.
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// An axis-aligned rectangle in pixel coordinates.
public struct PlotRect: Sendable, Hashable {
    /// Left edge.
    public var x: Double
    /// Top edge.
    public var y: Double
    /// Width (non-negative).
    public var width: Double
    /// Height (non-negative).
    public var height: Double

    /// A rectangle from its top-left corner and size.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = max(width, 0)
        self.height = max(height, 0)
    }

    /// Right edge.
    public var maxX: Double { x + width }
    /// Bottom edge.
    public var maxY: Double { y + height }
    /// Centre point.
    public var center: PlotPoint { PlotPoint(x + width / 2, y + height / 2) }

    /// The rectangle grown by `amount` on every side (shrunk when negative).
    public func insetBy(_ amount: Double) -> PlotRect {
        PlotRect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }

    /// Whether `point` lies inside (edges included).
    public func contains(_ point: PlotPoint) -> Bool {
        point.x >= x && point.x <= maxX && point.y >= y && point.y <= maxY
    }

    /// The overlap of two rectangles (empty when they do not meet).
    public func intersection(_ other: PlotRect) -> PlotRect {
        let left = max(x, other.x), top = max(y, other.y)
        return PlotRect(x: left, y: top, width: min(maxX, other.maxX) - left, height: min(maxY, other.maxY) - top)
    }
}
