extension GreyImage {
    /// The image turned by `quarterTurns` × 90° clockwise (negative turns go anticlockwise).
    public func rotated90(_ quarterTurns: Int) -> GreyImage {
        let turns = ((quarterTurns % 4) + 4) % 4
        if turns == 0 { return self }
        let (newWidth, newHeight) = turns == 2 ? (width, height) : (height, width)
        var result = GreyImage(width: newWidth, height: newHeight)
        for y in 0..<height {
            for x in 0..<width {
                let (nx, ny): (Int, Int)
                switch turns {
                case 1: (nx, ny) = (height - 1 - y, x)
                case 2: (nx, ny) = (width - 1 - x, height - 1 - y)
                default: (nx, ny) = (y, width - 1 - x)
                }
                result[nx, ny] = self[x, y]
            }
        }
        return result
    }

    /// The image moved by `transform` (about the image centre), sampled bilinearly; what
    /// comes from outside the image is background. A singular transform gives a blank image.
    public func warped(by transform: AffineTransform) -> GreyImage {
        var result = GreyImage(width: width, height: height)
        guard let inverse = transform.inverse else { return result }
        let centreX = Float(width) / 2, centreY = Float(height) / 2
        for y in 0..<height {
            for x in 0..<width {
                let source = inverse.apply(Float(x) + 0.5 - centreX, Float(y) + 0.5 - centreY)
                result[x, y] = bilinear(source.x + centreX - 0.5, source.y + centreY - 0.5)
            }
        }
        return result
    }

    /// The value at fractional pixel position (`x`, `y`) (pixel centres at integers), 0 outside.
    public func bilinear(_ x: Float, _ y: Float) -> Float {
        // Also rejects NaN and infinities, which cannot become Ints.
        guard x > -1, x < Float(width), y > -1, y < Float(height) else { return 0 }
        let x0 = Int(x.rounded(.down)), y0 = Int(y.rounded(.down))
        let fx = x - Float(x0), fy = y - Float(y0)
        func at(_ px: Int, _ py: Int) -> Float {
            px >= 0 && px < width && py >= 0 && py < height ? self[px, py] : 0
        }
        let top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx
        let bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx
        return top * (1 - fy) + bottom * fy
    }
}
