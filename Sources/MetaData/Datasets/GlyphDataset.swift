import MetaTensor

/// Which part of a dataset's classes: meta-training, validation or test.
public enum DataSplit: String, Sendable, CaseIterable {
    case train, validation, test
}

/// The `glyphs` dataset, MetaLab's embedded default: procedurally generated handwritten-like
/// characters that need no files.
///
/// Class `c` is a character designed from `(seed, c)` — a few strokes, see `GlyphDesign` —
/// and drawing `i` of it is rendered from `(seed, c, i)` with jittered control points, pen
/// width and pose. The same seed gives the same bytes. Class indices are unlimited; the
/// splits take disjoint consecutive ranges (train first, then validation, then test).
public struct GlyphDataset: ClassDataset {
    /// Classes in each split, by default.
    public static let defaultSplitSizes: [DataSplit: Int] = [.train: 4000, .validation: 500, .test: 1000]

    /// The dataset seed.
    public let seed: UInt64
    /// The global class indices this dataset holds; its class `i` is global class `classes.lowerBound + i`.
    public let classes: Range<Int>
    /// How glyphs are drawn.
    public let style: GlyphStyle

    /// The glyph classes in `classes` (any non-negative range: classes are unlimited).
    public init(seed: UInt64, classes: Range<Int>, style: GlyphStyle = GlyphStyle()) {
        precondition(classes.lowerBound >= 0, "negative glyph class index in \(classes)")
        self.seed = seed
        self.classes = classes
        self.style = style
    }

    /// One split, with `sizes` classes per split laid out train, validation, test.
    public init(seed: UInt64, split: DataSplit, sizes: [DataSplit: Int] = defaultSplitSizes, style: GlyphStyle = GlyphStyle()) {
        let counts = DataSplit.allCases.map { sizes[$0] ?? 0 }
        let position = DataSplit.allCases.firstIndex(of: split)!
        let start = counts[..<position].reduce(0, +)
        self.init(seed: seed, classes: start..<start + counts[position], style: style)
    }

    // MARK: ClassDataset (documented on the protocol)

    public var classCount: Int { classes.count }
    public func imageCount(ofClass classID: Int) -> Int { style.drawingsPerClass }
    public func className(_ classID: Int) -> String { "glyph \(classes.lowerBound + classID)" }

    /// The ideal form of class `classID`.
    public func design(ofClass classID: Int) -> GlyphDesign {
        var generator = SeededGenerator(seed: mixedSeed(seed, UInt64(classes.lowerBound + classID)))
        return GlyphDesign(style: style, using: &generator)
    }

    public func image(ofClass classID: Int, at index: Int) -> GreyImage {
        var generator = SeededGenerator(seed: mixedSeed(seed, UInt64(classes.lowerBound + classID), UInt64(index) &+ 1))
        return design(ofClass: classID).draw(style: style, using: &generator)
    }
}
