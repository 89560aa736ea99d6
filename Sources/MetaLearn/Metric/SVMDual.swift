/// The Crammer–Singer multi-class SVM dual, solved exactly in Double by block coordinate
/// descent — the solver behind `SVMHead`.
///
///     min_α  ½ Σᵢⱼ Kᵢⱼ⟨αᵢ, αⱼ⟩ − Σᵢ αᵢ[yᵢ]   s.t.  αᵢ ≤ C·e_{yᵢ},  Σₖ αᵢ[k] = 0
///
/// One block is one support image's row αᵢ. With the other rows fixed the objective in αᵢ is
/// ½Kᵢᵢ‖αᵢ‖² + ⟨αᵢ, gᵢ⟩ with gᵢ = Σ_{j≠i} Kᵢⱼαⱼ − e_{yᵢ}; with βᵢ = C·e_{yᵢ} − αᵢ its feasible
/// set is the simplex {β ≥ 0, Σβ = C}, so the exact block minimiser is the projection of
/// C·e_{yᵢ} + gᵢ/Kᵢᵢ onto that simplex (Duchi et al. 2008: sort, threshold). Each block step
/// lowers the objective; sweeps stop when no entry moves by more than `tolerance`.
public struct SVMDual: Sendable {
    /// The Gram matrix K, row-major [n, n].
    public let gram: [Double]
    /// The class of each support image.
    public let labels: [Int]
    /// The number of classes.
    public let ways: Int
    /// The box bound C.
    public let c: Double

    /// The problem for a Gram matrix [n·n], labels (each in 0..<ways) and C > 0.
    public init(gram: [Double], labels: [Int], ways: Int, c: Double) {
        precondition(gram.count == labels.count * labels.count && labels.allSatisfy { (0..<ways).contains($0) } && c > 0,
                     "SVM dual of a \(gram.count)-entry Gram matrix, labels \(labels), \(ways) ways, C \(c)")
        self.gram = gram
        self.labels = labels
        self.ways = ways
        self.c = c
    }

    /// A solution: α row-major [n, ways], and the flat indices i·ways + k whose bound is tight.
    public struct Solution: Sendable {
        /// α, row-major [n, ways].
        public var alpha: [Double]
        /// Indices i·ways + k with αᵢ[k] = C·δ(k, yᵢ), in increasing order.
        public var tightBounds: [Int]
        /// Sweeps the solver ran.
        public var sweeps: Int
    }

    /// The minimiser, from α = 0 (feasible), by at most `maxSweeps` sweeps over the blocks.
    public func solve(tolerance: Double = 1e-12, maxSweeps: Int = 10_000) -> Solution {
        let n = labels.count
        var alpha = [Double](repeating: 0, count: n * ways)
        var sweeps = 0
        while sweeps < maxSweeps {
            sweeps += 1
            var change = 0.0
            for i in 0..<n {
                let kii = Swift.max(gram[i * n + i], 1e-12)
                var point = [Double](repeating: 0, count: ways)   // C·e_y + g/Kᵢᵢ
                for k in 0..<ways {
                    var g = k == labels[i] ? -1.0 : 0
                    for j in 0..<n where j != i { g += gram[i * n + j] * alpha[j * ways + k] }
                    point[k] = (k == labels[i] ? c : 0) + g / kii
                }
                let beta = Self.projectOntoSimplex(point, total: c)
                for k in 0..<ways {
                    let updated = (k == labels[i] ? c : 0) - beta[k]
                    change = Swift.max(change, Swift.abs(updated - alpha[i * ways + k]))
                    alpha[i * ways + k] = updated
                }
            }
            if change <= tolerance * c { break }
        }
        // The projection leaves exact zeros in β where a bound is tight.
        let tight = alpha.indices.filter { alpha[$0] == (($0 % ways) == labels[$0 / ways] ? c : 0) }
        return Solution(alpha: alpha, tightBounds: tight, sweeps: sweeps)
    }

    /// The Euclidean projection of `v` onto {β ≥ 0, Σβ = total}.
    static func projectOntoSimplex(_ v: [Double], total: Double) -> [Double] {
        let sorted = v.sorted(by: >)
        var cumulative = 0.0, threshold = 0.0
        for (index, value) in sorted.enumerated() {
            cumulative += value
            let candidate = (cumulative - total) / Double(index + 1)
            if value - candidate > 0 { threshold = candidate }
        }
        return v.map { Swift.max($0 - threshold, 0) }
    }

    /// The KKT residual of `alpha`: the largest violation of feasibility, of stationarity
    /// (∂f/∂αᵢ[k] + νᵢ = 0 on free entries, with νᵢ their common value) and of dual
    /// feasibility (μ = −(∂f/∂αᵢ[k] + νᵢ) ≥ 0 on tight entries). Zero at the optimum.
    public func kktResidual(_ alpha: [Double], tightTolerance: Double = 1e-9) -> Double {
        let n = labels.count
        var worst = 0.0
        for i in 0..<n {
            var gradient = [Double](repeating: 0, count: ways), free: [Int] = [], tight: [Int] = []
            var sum = 0.0
            for k in 0..<ways {
                let bound = k == labels[i] ? c : 0, value = alpha[i * ways + k]
                worst = Swift.max(worst, value - bound)                                  // αᵢ ≤ C·e_y
                sum += value
                gradient[k] = (k == labels[i] ? -1 : 0) + (0..<n).reduce(0) { $0 + gram[i * n + $1] * alpha[$1 * ways + k] }
                if bound - value <= tightTolerance * c { tight.append(k) } else { free.append(k) }
            }
            worst = Swift.max(worst, Swift.abs(sum))                                     // Σ αᵢ = 0
            // ν from the free entries (all equal at the optimum); with none free, the smallest
            // ν that keeps every μ non-negative.
            let nu = free.isEmpty ? -tight.map { gradient[$0] }.min()! : -free.map { gradient[$0] }.reduce(0, +) / Double(free.count)
            for k in free { worst = Swift.max(worst, Swift.abs(gradient[k] + nu)) }
            for k in tight { worst = Swift.max(worst, gradient[k] + nu) }               // μ = −(g + ν) ≥ 0
        }
        return worst
    }
}
