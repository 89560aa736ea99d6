/// One pen stroke of a glyph, in glyph coordinates (the character's box is −1...1 on both
/// axes, y down): a polyline through its points, or a quadratic (3 points) or cubic
/// (4 points) Bézier curve with them as control points.
public struct GlyphStroke: Sendable, Equatable {
    /// How the points make a curve.
    public enum Kind: Sendable, Equatable {
        /// Straight segments through every point.
        case polyline
        /// A Bézier curve with the points as control points (3 = quadratic, 4 = cubic).
        case bezier
    }

    /// Polyline or Bézier.
    public var kind: Kind
    /// The points (polyline) or control points (Bézier).
    public var points: [SIMD2<Float>]

    /// A stroke of `kind` through or controlled by `points`.
    public init(kind: Kind, points: [SIMD2<Float>]) {
        precondition(points.count >= 2, "a stroke needs at least 2 points")
        self.kind = kind
        self.points = points
    }

    /// The stroke as a polyline: the points themselves, or `segments + 1` points along the curve.
    public func flattened(segments: Int = 16) -> [SIMD2<Float>] {
        guard kind == .bezier else { return points }
        return (0...segments).map { step in deCasteljau(points, at: Float(step) / Float(segments)) }
    }

    /// The point at parameter `t` in 0...1 along the stroke.
    public func point(at t: Float) -> SIMD2<Float> {
        if kind == .bezier { return deCasteljau(points, at: t) }
        let position = t * Float(points.count - 1)
        let index = min(Int(position), points.count - 2)
        let fraction = position - Float(index)
        return points[index] + (points[index + 1] - points[index]) * fraction
    }

    /// The same stroke with every point mapped by `transform`.
    public func mapped(_ transform: (SIMD2<Float>) -> SIMD2<Float>) -> GlyphStroke {
        GlyphStroke(kind: kind, points: points.map(transform))
    }
}

/// The Bézier curve with control points `points` at parameter `t` (repeated interpolation).
private func deCasteljau(_ points: [SIMD2<Float>], at t: Float) -> SIMD2<Float> {
    var level = points
    while level.count > 1 {
        level = (0..<level.count - 1).map { level[$0] + (level[$0 + 1] - level[$0]) * t }
    }
    return level[0]
}
