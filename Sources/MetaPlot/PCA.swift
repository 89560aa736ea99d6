/// Principal component analysis down to two dimensions, by power iteration on the
/// covariance matrix (small feature counts: Conv-4 embeddings have 64).
public enum PCA {
    /// Each row projected onto the two directions of largest variance.
    public static func project(_ rows: [[Double]]) -> [(x: Double, y: Double)] {
        guard let width = rows.first?.count, width > 0 else { return rows.map { _ in (0, 0) } }
        let count = Double(rows.count)
        let mean = (0..<width).map { j in rows.map { $0[j] }.reduce(0, +) / count }
        let centred = rows.map { row in zip(row, mean).map { $0 - $1 } }
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: width), count: width)
        for row in centred {
            for i in 0..<width where row[i] != 0 {
                for j in 0..<width { covariance[i][j] += row[i] * row[j] / count }
            }
        }
        let first = dominant(covariance, orthogonalTo: nil)
        let second = dominant(covariance, orthogonalTo: first)
        return centred.map { row in (dot(row, first), dot(row, second)) }
    }

    private static func dominant(_ matrix: [[Double]], orthogonalTo other: [Double]?) -> [Double] {
        let width = matrix.count
        var vector = (0..<width).map { 1 + Double($0 % 7) * 0.1 }
        for _ in 0..<200 {
            if let other { let overlap = dot(vector, other); vector = zip(vector, other).map { $0 - overlap * $1 } }
            var next = matrix.map { dot($0, vector) }
            let length = dot(next, next).squareRoot()
            guard length > 1e-12 else { return [Double](repeating: 0, count: width) }
            next = next.map { $0 / length }
            vector = next
        }
        return vector
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { $0 * $1 }.reduce(0, +) }
}
