import Foundation
import MetaTensor

/// The ideal form of one glyph class — its strokes and pen width — and how to draw it by hand:
/// each drawing moves the control points, the pen width and the pose a little.
public struct GlyphDesign: Sendable, Equatable {
    /// The strokes, in glyph coordinates, scaled so that the character fills the −1...1 box.
    public let strokes: [GlyphStroke]
    /// The pen width in pixels.
    public let penWidth: Float

    /// A new character: `style.strokeCount` strokes (polylines with corners, quadratic and
    /// cubic curves), each later stroke often starting on an earlier one, as pen strokes do.
    public init(style: GlyphStyle, using generator: inout SeededGenerator) {
        let count = Int.random(in: style.strokeCount, using: &generator)
        var strokes: [GlyphStroke] = []
        while strokes.count < count {
            let stroke = randomStroke(attachedTo: strokes, using: &generator)
            if pathLength(stroke.flattened()) > 0.6 { strokes.append(stroke) }
        }
        self.strokes = fittedToBox(strokes)
        penWidth = generator.uniform(style.penWidth.lowerBound, style.penWidth.upperBound)
    }

    /// One handwritten drawing of the character, `style.side` pixels square.
    public func draw(style: GlyphStyle, using generator: inout SeededGenerator) -> GreyImage {
        let pose = style.pose.transform(using: &generator)
        let centre = Float(style.side) / 2
        let width = penWidth * (1 + generator.uniform(-style.penJitter, style.penJitter))
        var image = GreyImage(width: style.side, height: style.side)
        let rasterizer = StrokeRasterizer(width: width)
        for stroke in strokes {
            let moved = stroke.mapped { point in
                let jittered = point + SIMD2(generator.normal(), generator.normal()) * style.pointJitter
                let placed = pose.apply(jittered.x * style.extent, jittered.y * style.extent)
                return SIMD2(placed.x + centre, placed.y + centre)
            }
            rasterizer.draw(moved.flattened(), into: &image)
        }
        return image
    }
}

/// A random stroke; with some chance (or always, for the third stroke on) it starts on a
/// point of an earlier stroke, so characters hang together.
private func randomStroke(attachedTo previous: [GlyphStroke], using generator: inout SeededGenerator) -> GlyphStroke {
    let start: SIMD2<Float>
    if let base = previous.randomElement(using: &generator), generator.uniform() < 0.7 {
        let ends: [Float] = [0, 1, generator.uniform(0.2, 0.8)]
        start = base.point(at: ends.randomElement(using: &generator)!)
    } else {
        start = SIMD2(generator.uniform(-0.8, 0.8), generator.uniform(-0.8, 0.8))
    }
    let choice = generator.uniform()
    let kind: GlyphStroke.Kind = choice < 0.4 ? .polyline : .bezier
    let pointCount = kind == .polyline ? Int.random(in: 2...4, using: &generator) : (choice < 0.7 ? 3 : 4)
    var points = [start]
    var heading = generator.uniform(0, 2 * .pi)
    while points.count < pointCount {
        heading += generator.uniform(-2.2, 2.2)
        let step = generator.uniform(0.6, 1.3)
        let next = points[points.count - 1] + SIMD2(cos(heading), sin(heading)) * step
        points.append(pointwiseMin(pointwiseMax(next, SIMD2(repeating: -1)), SIMD2(repeating: 1)))
    }
    return GlyphStroke(kind: kind, points: points)
}

/// The strokes moved and scaled so their drawn extent fills −1...1 along the longer side;
/// the shorter side is stretched to at least half the box, so no character is a mere dash.
private func fittedToBox(_ strokes: [GlyphStroke]) -> [GlyphStroke] {
    let all = strokes.flatMap { $0.flattened() }
    let lower = all.reduce(SIMD2(repeating: Float.infinity)) { pointwiseMin($0, $1) }
    let upper = all.reduce(SIMD2(repeating: -Float.infinity)) { pointwiseMax($0, $1) }
    let middle = (lower + upper) / 2
    let size = pointwiseMax(upper - lower, SIMD2(repeating: 0.05))
    let longer = size.max()
    let scale = SIMD2<Float>(repeating: 2 / longer) * pointwiseMax(SIMD2(repeating: 1), SIMD2(repeating: longer / 2) / size)
    return strokes.map { stroke in stroke.mapped { ($0 - middle) * scale } }
}

/// The length of a polyline.
private func pathLength(_ path: [SIMD2<Float>]) -> Float {
    zip(path, path.dropFirst()).reduce(0) { total, pair in
        let step = pair.1 - pair.0
        return total + (step * step).sum().squareRoot()
    }
}
