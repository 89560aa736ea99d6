/// How procedural glyphs are designed and drawn: the settings that make them more or less
/// alike within a class (and so the few-shot task easier or harder).
public struct GlyphStyle: Sendable {
    /// The side of the square images, in pixels.
    public var side: Int = 28
    /// Strokes per character.
    public var strokeCount: ClosedRange<Int> = 2...4
    /// Half the side of the character's box, in pixels.
    public var extent: Float = 8.5
    /// The pen width of a class, in pixels.
    public var penWidth: ClosedRange<Float> = 1.6...2.6
    /// How much a drawing's pen width varies, relative (0.15 = ±15%).
    public var penJitter: Float = 0.15
    /// The standard deviation of each control point's displacement in a drawing, in glyph
    /// units (the box is −1...1).
    public var pointJitter: Float = 0.14
    /// The random placement of a drawing: rotation, scale, shear, shift (in pixels).
    public var pose = RandomAffine(maxRotation: 0.25, scale: 0.85...1.15, maxShear: 0.25, maxShift: 3)
    /// Drawings per class (like Omniglot's 20 drawers).
    public var drawingsPerClass: Int = 20

    /// The default style.
    public init() {}
}
