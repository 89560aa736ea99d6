/// An RGBA image with 8 bits per channel that figures draw into, with anti-aliased shapes and
/// source-over alpha blending.
public struct Canvas: Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Pixels as rows of RGBA bytes, top row first (`width * height * 4` bytes).
    public private(set) var pixels: [UInt8]
    /// Drawing outside this rectangle is discarded; the whole canvas when `nil`.
    public var clip: PlotRect?

    /// A canvas filled with `background`.
    public init(width: Int, height: Int, background: Color = .white) {
        precondition(width > 0 && height > 0, "canvas of \(width)×\(height) pixels")
        self.width = width
        self.height = height
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        for i in stride(from: 0, to: pixels.count, by: 4) {
            pixels[i] = background.red
            pixels[i + 1] = background.green
            pixels[i + 2] = background.blue
            pixels[i + 3] = background.alpha
        }
        self.pixels = pixels
    }

    /// The colour of pixel (x, y); transparent outside the canvas.
    public subscript(x: Int, y: Int) -> Color {
        guard x >= 0, y >= 0, x < width, y < height else { return .clear }
        let i = (y * width + x) * 4
        return Color(pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3])
    }

    /// Replaces pixel (x, y) without blending (ignored outside the canvas or the clip).
    public mutating func set(x: Int, y: Int, to color: Color) {
        guard isDrawable(x: x, y: y) else { return }
        let i = (y * width + x) * 4
        pixels[i] = color.red
        pixels[i + 1] = color.green
        pixels[i + 2] = color.blue
        pixels[i + 3] = color.alpha
    }

    /// Paints `color` over pixel (x, y) with the given coverage (0...1), source-over.
    public mutating func blend(x: Int, y: Int, color: Color, coverage: Double = 1) {
        guard isDrawable(x: x, y: y), coverage > 0 else { return }
        let sourceAlpha = Double(color.alpha) / 255 * min(coverage, 1)
        guard sourceAlpha > 0 else { return }
        let i = (y * width + x) * 4
        let destinationAlpha = Double(pixels[i + 3]) / 255
        let outAlpha = sourceAlpha + destinationAlpha * (1 - sourceAlpha)
        guard outAlpha > 0 else { return }
        func mix(_ source: UInt8, _ destination: UInt8) -> UInt8 {
            let value = (Double(source) * sourceAlpha + Double(destination) * destinationAlpha * (1 - sourceAlpha)) / outAlpha
            return UInt8(min(max(value.rounded(), 0), 255))
        }
        pixels[i] = mix(color.red, pixels[i])
        pixels[i + 1] = mix(color.green, pixels[i + 1])
        pixels[i + 2] = mix(color.blue, pixels[i + 2])
        pixels[i + 3] = UInt8(min(max((outAlpha * 255).rounded(), 0), 255))
    }

    /// Fills a rectangle; fractional edges are anti-aliased by their area of overlap.
    public mutating func fill(_ rect: PlotRect, color: Color) {
        let bounds = drawableBounds(of: rect)
        guard !bounds.isEmpty else { return }
        for y in bounds.rows {
            let coverY = overlap(Double(y), rect.y, rect.maxY)
            for x in bounds.columns {
                blend(x: x, y: y, color: color, coverage: coverY * overlap(Double(x), rect.x, rect.maxX))
            }
        }
    }

    /// Draws the outline of a rectangle with lines of `width` pixels inside its edges.
    public mutating func stroke(_ rect: PlotRect, width lineWidth: Double, color: Color) {
        let w = min(lineWidth, rect.width / 2, rect.height / 2)
        fill(PlotRect(x: rect.x, y: rect.y, width: rect.width, height: w), color: color)
        fill(PlotRect(x: rect.x, y: rect.maxY - w, width: rect.width, height: w), color: color)
        fill(PlotRect(x: rect.x, y: rect.y + w, width: w, height: rect.height - 2 * w), color: color)
        fill(PlotRect(x: rect.maxX - w, y: rect.y + w, width: w, height: rect.height - 2 * w), color: color)
    }

    /// Runs `body` with drawing restricted to `rect` (within any clip already set).
    public mutating func withClip(_ rect: PlotRect, _ body: (inout Canvas) -> Void) {
        let saved = clip
        clip = saved.map { $0.intersection(rect) } ?? rect
        body(&self)
        clip = saved
    }

    // MARK: Helpers shared by the shape routines

    /// Whether pixel (x, y) is on the canvas and its centre inside the clip.
    func isDrawable(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < width, y < height else { return false }
        guard let clip else { return true }
        return clip.contains(PlotPoint(Double(x) + 0.5, Double(y) + 0.5))
    }

    /// The pixel ranges touched by `rect`, limited to the canvas.
    func drawableBounds(of rect: PlotRect) -> PixelBounds {
        guard rect.x.isFinite, rect.y.isFinite, rect.maxX.isFinite, rect.maxY.isFinite else {
            return PixelBounds(columns: 0..<0, rows: 0..<0)
        }
        let left = max(0, pixelIndex(rect.x.rounded(.down))), right = min(width, pixelIndex(rect.maxX.rounded(.up)))
        let top = max(0, pixelIndex(rect.y.rounded(.down))), bottom = min(height, pixelIndex(rect.maxY.rounded(.up)))
        return PixelBounds(columns: left..<max(left, right), rows: top..<max(top, bottom))
    }
}

/// A block of pixel columns and rows.
struct PixelBounds {
    var columns: Range<Int>
    var rows: Range<Int>
    var isEmpty: Bool { columns.isEmpty || rows.isEmpty }
}

/// The length of the overlap of the pixel [start, start + 1) with [low, high].
func overlap(_ start: Double, _ low: Double, _ high: Double) -> Double {
    max(0, min(start + 1, high) - max(start, low))
}

/// `value` as a pixel index, limited to ±1e9 so far-away or non-finite coordinates cannot trap.
func pixelIndex(_ value: Double) -> Int {
    guard !value.isNaN else { return 0 }
    return Int(min(max(value, -1e9), 1e9))
}
