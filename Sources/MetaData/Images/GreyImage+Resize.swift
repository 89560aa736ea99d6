extension GreyImage {
    /// Resizes by area averaging: each output pixel is the mean of the source area it covers,
    /// with partly covered source pixels weighted by the covered fraction (105 → 28 averages
    /// 3.75 × 3.75 source pixels per output pixel). Exact and separable.
    public func areaResized(width targetWidth: Int, height targetHeight: Int) -> GreyImage {
        precondition(targetWidth > 0 && targetHeight > 0, "resize to \(targetWidth)×\(targetHeight)")
        if targetWidth == width && targetHeight == height { return self }
        let columns = areaWeights(from: width, to: targetWidth)
        let rows = areaWeights(from: height, to: targetHeight)
        // Rows first: height × targetWidth, then columns.
        var narrow = [Float](repeating: 0, count: height * targetWidth)
        for y in 0..<height {
            for (x, taps) in columns.enumerated() {
                var sum: Float = 0
                for tap in taps { sum += tap.weight * pixels[y * width + tap.index] }
                narrow[y * targetWidth + x] = sum
            }
        }
        var result = [Float](repeating: 0, count: targetHeight * targetWidth)
        for (y, taps) in rows.enumerated() {
            for tap in taps {
                for x in 0..<targetWidth { result[y * targetWidth + x] += tap.weight * narrow[tap.index * targetWidth + x] }
            }
        }
        return GreyImage(width: targetWidth, height: targetHeight, pixels: result)
    }

    /// Area-resized to a square `side × side` (28 for the standard few-shot benchmarks).
    public func areaResized(side: Int) -> GreyImage { areaResized(width: side, height: side) }
}

/// For each of `target` output cells along one axis, the source cells it overlaps and the
/// overlapped length as a fraction of the output cell (weights of one output sum to 1).
private func areaWeights(from source: Int, to target: Int) -> [[(index: Int, weight: Float)]] {
    let scale = Double(source) / Double(target)
    return (0..<target).map { output in
        let start = Double(output) * scale, end = Double(output + 1) * scale
        var taps: [(index: Int, weight: Float)] = []
        var cell = Int(start.rounded(.down))
        while Double(cell) < end && cell < source {
            let overlap = min(Double(cell + 1), end) - max(Double(cell), start)
            if overlap > 1e-12 { taps.append((cell, Float(overlap / scale))) }
            cell += 1
        }
        return taps
    }
}
