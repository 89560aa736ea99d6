/// The modified Hausdorff distance classifier (Dubuisson & Jain 1994), the baseline Lake et
/// al. run on their 20 one-shot runs: an image is the set of its ink-pixel coordinates at the
/// original resolution, and
///
///     d(A, B) = max( mean_{a∈A} min_{b∈B} ‖a − b‖,  mean_{b∈B} min_{a∈A} ‖b − a‖ ).
///
/// A test image takes the class of the training image at least distance. As in Lake's
/// reference code, each point set is first centred on its mean, so the distance ignores
/// where on the page the character was drawn (`centred: false` compares raw positions).
public struct ModifiedHausdorff: Sendable {
    /// Whether point sets are centred on their means before comparison.
    public var centred: Bool
    /// Pixels with ink above this count as points.
    public var threshold: Float

    /// The classifier; by default as in Lake's code (centred, ink > 0.5).
    public init(centred: Bool = true, threshold: Float = 0.5) {
        self.centred = centred
        self.threshold = threshold
    }

    /// The ink points of `image`, as (x, y), centred if configured.
    public func points(of image: GreyImage) -> [SIMD2<Float>] {
        let raw = image.inkPoints(threshold: threshold).map { SIMD2(Float($0.x), Float($0.y)) }
        guard centred, !raw.isEmpty else { return raw }
        let mean = raw.reduce(SIMD2<Float>.zero, +) / Float(raw.count)
        return raw.map { $0 - mean }
    }

    /// d(A, B) between two point sets; infinite when either is empty.
    public static func distance(_ a: [SIMD2<Float>], _ b: [SIMD2<Float>]) -> Float {
        guard !a.isEmpty, !b.isEmpty else { return .infinity }
        return max(meanNearest(from: a, to: b), meanNearest(from: b, to: a))
    }

    /// For each test image of `run`, the index of the nearest training image.
    public func predictions(for run: OneShotRun) -> [Int] {
        let training = run.training.map(points(of:))
        return run.test.map { image in
            let test = points(of: image)
            let distances = training.map { Self.distance(test, $0) }
            return distances.indices.min { distances[$0] < distances[$1] } ?? 0
        }
    }

    /// The fraction of `run`'s test images classified wrongly.
    public func errorRate(on run: OneShotRun) -> Double {
        let predicted = predictions(for: run)
        let wrong = zip(predicted, run.answers).filter { $0 != $1 }.count
        return Double(wrong) / Double(max(predicted.count, 1))
    }
}

/// The mean over `from` of the distance to the nearest point of `to`. `to` is sorted by x,
/// so each search scans outwards from the nearest x and stops once the x gap alone exceeds
/// the best distance so far.
private func meanNearest(from: [SIMD2<Float>], to: [SIMD2<Float>]) -> Float {
    let sorted = to.sorted { $0.x < $1.x }
    var total: Float = 0
    for point in from {
        var lower = 0, upper = sorted.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if sorted[middle].x < point.x { lower = middle + 1 } else { upper = middle }
        }
        var nearest = Float.infinity
        var right = lower
        while right < sorted.count {
            let offset = sorted[right] - point
            if offset.x * offset.x >= nearest { break }
            nearest = min(nearest, (offset * offset).sum())
            right += 1
        }
        var left = lower - 1
        while left >= 0 {
            let offset = sorted[left] - point
            if offset.x * offset.x >= nearest { break }
            nearest = min(nearest, (offset * offset).sum())
            left -= 1
        }
        total += nearest.squareRoot()
    }
    return total / Float(from.count)
}
