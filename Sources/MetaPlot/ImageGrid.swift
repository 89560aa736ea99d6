/// How an image in a grid is framed.
public enum ImageMark: Sendable {
    /// No frame.
    case none
    /// A green frame: classified correctly.
    case correct
    /// A red frame: classified wrongly.
    case wrong
}

/// A small grey image for an image grid: values in 0 (black) ... 1 (white), row by row.
public struct GridImage: Sendable {
    /// Width in image pixels.
    public var width: Int
    /// Height in image pixels.
    public var height: Int
    /// Grey values, `width * height` of them, top row first (missing ones show mid grey).
    public var pixels: [Float]
    /// Text under the image ("" for none).
    public var caption: String
    /// The frame around the image.
    public var mark: ImageMark

    /// An image with an optional caption and frame.
    public init(width: Int, height: Int, pixels: [Float], caption: String = "", mark: ImageMark = .none) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        self.pixels = pixels
        self.caption = caption
        self.mark = mark
    }

    /// The grey value of pixel (x, y), clamped to 0...1; 0.5 when missing or NaN.
    func value(x: Int, y: Int) -> Float {
        let index = y * width + x
        guard index < pixels.count, !pixels[index].isNaN else { return 0.5 }
        return min(max(pixels[index], 0), 1)
    }
}

/// Where the parts of an image grid lie on its canvas.
public struct ImageGridLayout: Sendable {
    /// Canvas width in pixels.
    public let width: Int
    /// Canvas height in pixels.
    public let height: Int
    /// Each image's upscaled pixels, in the order given.
    public let imageRects: [PlotRect]
    /// Each caption's text box (zero-sized when the image has no caption).
    public let captionRects: [PlotRect]
}

/// Small grey images in rows and columns, upscaled without smoothing, with captions, coloured
/// frames and row labels — e.g. an episode's support and query images.
public struct ImageGrid: Figure {
    /// How an image grid looks.
    public struct Configuration: Sendable {
        /// Title above the grid ("" for none).
        public var title = ""
        /// Images per row; about a square grid when `nil`.
        public var columns: Int?
        /// Labels at the left of each row (missing ones are blank).
        public var rowLabels: [String] = []
        /// Screen points per image pixel; about 56 points per image when `nil`.
        public var upscale: Int?
        /// Pixel density: 2 doubles every length, for slides.
        public var scale = 1

        /// The default look, with optional title and columns.
        public init(title: String = "", columns: Int? = nil) {
            self.title = title
            self.columns = columns
        }
    }

    /// The images, row by row.
    public var images: [GridImage]
    /// How the grid looks.
    public var configuration: Configuration

    /// A grid of `images`.
    public init(images: [GridImage], configuration: Configuration = Configuration()) {
        self.images = images
        self.configuration = configuration
    }

    /// Where every image and caption goes.
    public func layout() -> ImageGridLayout { geometry.layout }

    /// Draws the grid.
    public func render() -> Canvas {
        let g = geometry, style = g.style
        var canvas = Canvas(width: g.layout.width, height: g.layout.height)
        if !configuration.title.isEmpty {
            style.title(configuration.title, centerX: Double(g.layout.width) / 2, top: style.margin, on: &canvas)
        }
        for (row, label) in configuration.rowLabels.enumerated() where row * g.columns < images.count {
            let box = g.layout.imageRects[row * g.columns]
            style.text(label, at: PlotPoint(style.margin, box.center.y - Double(BitmapFont.capHeight * style.textScale) / 2), on: &canvas)
        }
        for (index, image) in images.enumerated() {
            let box = g.layout.imageRects[index]
            let pixel = box.width / Double(max(image.width, 1))
            for y in 0..<image.height {
                for x in 0..<image.width {
                    let grey = UInt8((image.value(x: x, y: y) * 255).rounded())
                    canvas.fill(PlotRect(x: box.x + Double(x) * pixel, y: box.y + Double(y) * pixel, width: pixel, height: pixel),
                                color: Color(grey, grey, grey))
                }
            }
            switch image.mark {
            case .none: canvas.stroke(box.insetBy(-style.hairline), width: style.hairline, color: .gridGrey)
            case .correct: canvas.stroke(box.insetBy(-g.border), width: g.border, color: .correct)
            case .wrong: canvas.stroke(box.insetBy(-g.border), width: g.border, color: .wrong)
            }
            style.text(image.caption, at: PlotPoint(g.layout.captionRects[index].x, g.layout.captionRects[index].y), on: &canvas)
        }
        return canvas
    }

    /// Sizes and positions, computed once per call.
    private struct Geometry {
        let style: Style
        let columns: Int
        let rows: Int
        let border: Double
        let layout: ImageGridLayout
    }

    private var geometry: Geometry {
        let c = configuration, style = Style(scale: c.scale)
        let columns = max(1, c.columns ?? Int(Double(images.count).squareRoot().rounded(.up)))
        let rows = max(1, (images.count + columns - 1) / columns)
        let largest = images.map { max($0.width, $0.height) }.max() ?? 1
        let upscale = Double(max(1, c.upscale ?? 56 / max(largest, 1)) * style.scale)
        let imageWidth = Double(images.map(\.width).max() ?? 0) * upscale
        let imageHeight = Double(images.map(\.height).max() ?? 0) * upscale
        let border = Double(3 * style.scale)
        let hasCaptions = images.contains { !$0.caption.isEmpty }
        let captionWidth = images.map { style.textWidth($0.caption) }.max() ?? 0
        let cellWidth = max(imageWidth + 2 * border, captionWidth)
        let cellHeight = imageHeight + 2 * border + (hasCaptions ? style.gap + style.textHeight : 0)
        let spacing = 2 * style.gap
        let labelWidth = c.rowLabels.map(style.textWidth).max().map { $0 + 2 * style.gap } ?? 0
        let top = style.margin + (c.title.isEmpty ? 0 : style.titleHeight + 2 * style.gap)
        let left = style.margin + labelWidth
        var imageRects: [PlotRect] = [], captionRects: [PlotRect] = []
        for (index, image) in images.enumerated() {
            let cellX = left + Double(index % columns) * (cellWidth + spacing)
            let cellY = top + Double(index / columns) * (cellHeight + spacing)
            let box = PlotRect(x: (cellX + (cellWidth - Double(image.width) * upscale) / 2).rounded(), y: cellY + border,
                               width: Double(image.width) * upscale, height: Double(image.height) * upscale)
            imageRects.append(box)
            let captionSize = style.font.measure(image.caption, scale: style.textScale)
            captionRects.append(PlotRect(x: (cellX + (cellWidth - Double(captionSize.width)) / 2).rounded(),
                                         y: cellY + imageHeight + 2 * border + style.gap,
                                         width: Double(captionSize.width), height: Double(captionSize.height)))
        }
        let gridWidth = Double(columns) * cellWidth + Double(columns - 1) * spacing
        let width = max(left + gridWidth + style.margin, 2 * style.margin + style.titleWidth(c.title))
        let height = top + Double(rows) * cellHeight + Double(rows - 1) * spacing + style.margin
        return Geometry(style: style, columns: columns, rows: rows, border: border,
                        layout: ImageGridLayout(width: Int(width.rounded(.up)), height: Int(height.rounded(.up)),
                                                imageRects: imageRects, captionRects: captionRects))
    }
}
