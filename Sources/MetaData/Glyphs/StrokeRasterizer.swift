/// Draws polylines with a round pen into a grey image, anti-aliased by analytic coverage:
/// a pixel whose centre lies at distance `d` from the pen's path gets ink
/// `clamp(width/2 − d + 1/2, 0, 1)`, so edges fade over one pixel.
struct StrokeRasterizer {
    /// The pen's diameter in pixels.
    var width: Float

    /// Adds the polyline `path` (pixel coordinates, pixel centres at +0.5) to `image`,
    /// keeping the darker ink where strokes overlap.
    func draw(_ path: [SIMD2<Float>], into image: inout GreyImage) {
        let reach = width / 2 + 0.5
        for (start, end) in zip(path, path.dropFirst()) {
            let lower = pointwiseMin(start, end) - reach, upper = pointwiseMax(start, end) + reach
            let x0 = max(0, Int(lower.x.rounded(.down))), x1 = min(image.width - 1, Int(upper.x.rounded(.up)))
            let y0 = max(0, Int(lower.y.rounded(.down))), y1 = min(image.height - 1, Int(upper.y.rounded(.up)))
            guard x0 <= x1, y0 <= y1 else { continue }
            for y in y0...y1 {
                for x in x0...x1 {
                    let centre = SIMD2<Float>(Float(x) + 0.5, Float(y) + 0.5)
                    let coverage = min(1, max(0, reach - distance(centre, toSegment: start, end)))
                    if coverage > image[x, y] { image[x, y] = coverage }
                }
            }
        }
    }
}

/// The distance from `point` to the segment from `start` to `end`.
private func distance(_ point: SIMD2<Float>, toSegment start: SIMD2<Float>, _ end: SIMD2<Float>) -> Float {
    let direction = end - start
    let lengthSquared = (direction * direction).sum()
    let t = lengthSquared > 0 ? min(1, max(0, ((point - start) * direction).sum() / lengthSquared)) : 0
    let offset = point - (start + direction * t)
    return (offset * offset).sum().squareRoot()
}
