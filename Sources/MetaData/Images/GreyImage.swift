/// A small grey-scale image: `width × height` Float pixels in 0...1, row-major, where 1.0 is
/// ink (a stroke) and 0.0 is background — bright strokes on a dark ground, the way a network
/// sees them. Files with dark strokes on white paper are inverted when decoded.
public struct GreyImage: Sendable, Equatable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// The pixels, row by row, 0 = background, 1 = ink.
    public var pixels: [Float]

    /// An image with the given pixels in row-major order.
    public init(width: Int, height: Int, pixels: [Float]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height,
                     "\(pixels.count) pixels for a \(width)×\(height) image")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image filled with `value` (0 = blank).
    public init(width: Int, height: Int, repeating value: Float = 0) {
        self.init(width: width, height: height, pixels: [Float](repeating: value, count: width * height))
    }

    /// The pixel in column `x`, row `y`.
    public subscript(x: Int, y: Int) -> Float {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }

    /// The mean pixel value: the fraction of the image covered by ink.
    public var inkFraction: Float {
        pixels.isEmpty ? 0 : pixels.reduce(0, +) / Float(pixels.count)
    }

    /// The smallest box holding every pixel above `threshold`, or `nil` for a blank image.
    public func inkBounds(threshold: Float = 0) -> PixelBox? {
        var box: PixelBox?
        for y in 0..<height {
            for x in 0..<width where self[x, y] > threshold {
                if let old = box {
                    box = PixelBox(minX: min(old.minX, x), minY: min(old.minY, y), maxX: max(old.maxX, x), maxY: max(old.maxY, y))
                } else {
                    box = PixelBox(minX: x, minY: y, maxX: x, maxY: y)
                }
            }
        }
        return box
    }

    /// The coordinates `(x, y)` of every pixel above `threshold`, row by row.
    public func inkPoints(threshold: Float = 0.5) -> [(x: Int, y: Int)] {
        var points: [(x: Int, y: Int)] = []
        for y in 0..<height {
            for x in 0..<width where self[x, y] > threshold { points.append((x, y)) }
        }
        return points
    }
}

/// An inclusive rectangle of pixels.
public struct PixelBox: Sendable, Equatable {
    /// The leftmost column.
    public let minX: Int
    /// The top row.
    public let minY: Int
    /// The rightmost column.
    public let maxX: Int
    /// The bottom row.
    public let maxY: Int

    /// A box from its inclusive corners.
    public init(minX: Int, minY: Int, maxX: Int, maxY: Int) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }
}
