/// A small grey-level image: row-major pixels, nominally 0…1 (or signed, for filters).
public struct GreyImage: Hashable, Sendable {
    /// Columns.
    public var width: Int
    /// Rows.
    public var height: Int
    /// `height × width` values, row by row.
    public var pixels: [Float]

    /// An image; `pixels.count` must be `width × height`.
    public init(width: Int, height: Int, pixels: [Float]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height,
                     "GreyImage \(width)×\(height) needs \(width * height) pixels, got \(pixels.count)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The value at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> Float { pixels[y * width + x] }
}

/// How pixel values map to colours.
public enum ImagePalette: Hashable, Sendable {
    /// 0 black … 1 white, values clamped.
    case grey
    /// Signed values scaled by the image's largest magnitude: negative blue, zero black,
    /// positive red (for filters).
    case diverging
}

/// Images drawn in the terminal with half-block characters (`▀`: the top pixel in the
/// foreground colour, the bottom one in the background), or ASCII shades when styling is off.
public enum TerminalImage {
    /// The shades for plain grey output, dark to bright.
    public static let greyShades: [Character] = Array(" .:-=+*#%@")
    /// The shades for plain diverging output: negative values, then positive, weak to strong.
    public static let negativeShades: [Character] = Array(" -=#")
    /// See `negativeShades`.
    public static let positiveShades: [Character] = Array(" +*@")

    /// One image as lines: `ceil(height / 2)` lines of `width` columns.
    public static func render(_ image: GreyImage, palette: ImagePalette = .grey, style: TerminalStyle) -> [String] {
        let values = normalized(image, palette)
        return stride(from: 0, to: image.height, by: 2).map { y in
            let hasBottom = y + 1 < image.height
            var line = ""
            var lastCodes = ""
            for x in 0..<image.width {
                let top = values[y * image.width + x]
                let bottom = hasBottom ? values[(y + 1) * image.width + x] : nil
                guard style.isEnabled else {
                    line.append(shade(bottom.map { (top + $0) / 2 } ?? top, palette))
                    continue
                }
                let codes = style.colorCode(color(top, palette), background: false)
                    + (bottom.map { style.colorCode(color($0, palette), background: true) } ?? "\u{1B}[49m")
                if codes != lastCodes { line += codes; lastCodes = codes }
                line += "▀"
            }
            return line + style.reset
        }
    }

    /// Images side by side, `gap` columns apart, top-aligned, with optional labels centred
    /// (and cut to the image width) underneath.
    public static func renderRow(_ images: [GreyImage], palette: ImagePalette = .grey, style: TerminalStyle,
                                 gap: Int = 1, labels: [String]? = nil) -> [String] {
        let rendered = images.map { render($0, palette: palette, style: style) }
        let height = rendered.map(\.count).max() ?? 0
        let spacer = String(repeating: " ", count: max(0, gap))
        var lines = (0..<height).map { row in
            zip(images, rendered).map { image, lines in
                row < lines.count ? lines[row] : String(repeating: " ", count: image.width)
            }.joined(separator: spacer)
        }
        if let labels {
            let cells = images.enumerated().map { i, image -> String in
                let label = String((i < labels.count ? labels[i] : "").prefix(image.width))
                let spare = image.width - DisplayWidth.of(label)
                return String(repeating: " ", count: spare / 2) + label + String(repeating: " ", count: spare - spare / 2)
            }
            lines.append(cells.joined(separator: spacer).trimmingTrailingSpaces())
        }
        return lines
    }

    /// Values in 0…1 (grey) or −1…1 (diverging); NaN becomes 0.
    private static func normalized(_ image: GreyImage, _ palette: ImagePalette) -> [Float] {
        let clean = image.pixels.map { $0.isNaN ? 0 : $0 }
        switch palette {
        case .grey:
            return clean.map { min(1, max(0, $0)) }
        case .diverging:
            let scale = clean.map { abs($0) }.filter(\.isFinite).max() ?? 0
            return clean.map { scale > 0 ? min(1, max(-1, $0 / scale)) : 0 }
        }
    }

    private static func color(_ v: Float, _ palette: ImagePalette) -> RGB {
        func channel(_ x: Float) -> UInt8 { UInt8(min(255, max(0, (x * 255).rounded()))) }
        switch palette {
        case .grey:
            return RGB(red: channel(v), green: channel(v), blue: channel(v))
        case .diverging:
            let a = abs(v)
            return v < 0 ? RGB(red: channel(0.25 * a), green: channel(0.45 * a), blue: channel(a))
                         : RGB(red: channel(a), green: channel(0.3 * a), blue: channel(0.2 * a))
        }
    }

    private static func shade(_ v: Float, _ palette: ImagePalette) -> Character {
        func pick(_ shades: [Character], _ level: Float) -> Character {
            shades[min(shades.count - 1, Int(level * Float(shades.count)))]
        }
        switch palette {
        case .grey: return pick(greyShades, v)
        case .diverging: return v < 0 ? pick(negativeShades, -v) : pick(positiveShades, v)
        }
    }
}
