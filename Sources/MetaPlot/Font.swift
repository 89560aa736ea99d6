/// The direction text runs in.
public enum TextDirection: Sendable {
    /// Left to right (ordinary text).
    case horizontal
    /// Bottom to top, rotated a quarter turn anticlockwise (vertical axis labels).
    case upward
}

/// The size of a piece of text in pixels.
public struct TextSize: Sendable, Hashable {
    /// Extent along the text.
    public var width: Int
    /// Extent across the text, from the top of capitals to the bottom of descenders.
    public var height: Int
}

/// MetaLab's proportional pixel font: capitals 7 pixels tall, descenders 2 more, drawn at an
/// integer scale so that it stays crisp.
public struct BitmapFont: Sendable {
    /// One character's bitmap: `rows[r]` has bit `c` set when column `c` of row `r` is ink.
    struct Glyph: Sendable {
        let width: Int
        let rows: [UInt32]

        init(drawing: String) {
            let lines = drawing.split(separator: "|", omittingEmptySubsequences: false)
            width = lines.map(\.count).max() ?? 0
            rows = lines.map { line in
                line.enumerated().reduce(UInt32(0)) { bits, pair in pair.element == "#" ? bits | (1 << UInt32(pair.offset)) : bits }
            }
        }

        func isInk(column: Int, row: Int) -> Bool {
            row < rows.count && rows[row] & (1 << UInt32(column)) != 0
        }
    }

    /// Rows from the top of a capital to the bottom of a descender.
    public static let cellHeight = 9
    /// Rows from the top of a capital to the baseline.
    public static let capHeight = 7
    /// Blank columns between neighbouring glyphs.
    public static let letterSpacing = 1

    private let glyphs: [Unicode.Scalar: Glyph]
    private let missing: Glyph

    /// The font with every glyph in `FontGlyphs.swift`.
    public static let standard = BitmapFont(drawings: glyphDrawings, missing: missingGlyphDrawing)

    init(drawings: [(Character, String)], missing: String) {
        var table: [Unicode.Scalar: Glyph] = [:]
        for (character, drawing) in drawings {
            if let scalar = character.unicodeScalars.first { table[scalar] = Glyph(drawing: drawing) }
        }
        glyphs = table
        self.missing = Glyph(drawing: missing)
    }

    /// Whether the font has a glyph for `scalar` (others are drawn as an empty box).
    public func hasGlyph(for scalar: Unicode.Scalar) -> Bool { glyphs[scalar] != nil }

    /// The size of `text` drawn at `scale` (a single line).
    public func measure(_ text: String, scale: Int = 1) -> TextSize {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return TextSize(width: 0, height: 0) }
        let columns = scalars.reduce(0) { $0 + glyph($1).width } + Self.letterSpacing * (scalars.count - 1)
        return TextSize(width: columns * scale, height: Self.cellHeight * scale)
    }

    /// Calls `ink(x, y)` for every ink pixel of `text` at scale 1, x along the text, y downwards.
    func forEachInkPixel(of text: String, _ ink: (Int, Int) -> Void) {
        var penX = 0
        for scalar in text.unicodeScalars {
            let glyph = glyph(scalar)
            for row in 0..<glyph.rows.count {
                for column in 0..<glyph.width where glyph.isInk(column: column, row: row) {
                    ink(penX + column, row)
                }
            }
            penX += glyph.width + Self.letterSpacing
        }
    }

    private func glyph(_ scalar: Unicode.Scalar) -> Glyph { glyphs[scalar] ?? missing }
}

extension Canvas {
    /// Draws one line of text whose box (see `BitmapFont.measure`) has its top-left corner at
    /// `origin`; for `.upward` text the box is rotated, so it is `height` wide and `width` tall.
    public mutating func drawText(_ text: String, at origin: PlotPoint, scale: Int = 1, color: Color = .ink,
                                  direction: TextDirection = .horizontal, font: BitmapFont = .standard) {
        let s = max(scale, 1)
        let left = origin.x.rounded(), top = origin.y.rounded()
        let length = font.measure(text, scale: s).width
        font.forEachInkPixel(of: text) { column, row in
            let x: Double, y: Double
            switch direction {
            case .horizontal:
                x = left + Double(column * s)
                y = top + Double(row * s)
            case .upward:
                x = left + Double(row * s)
                y = top + Double(length - (column + 1) * s)
            }
            fill(PlotRect(x: x, y: y, width: Double(s), height: Double(s)), color: color)
        }
    }
}
