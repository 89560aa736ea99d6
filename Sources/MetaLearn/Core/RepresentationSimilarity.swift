import MetaTensor

/// How alike two representations of the same inputs are, whatever their bases.
public enum RepresentationSimilarity {
    /// Linear centred kernel alignment (Kornblith, Norouzi, Lee & Hinton, ICML 2019) between
    /// `x` [n, p] and `y` [n, q], two representations of the same n inputs (rows):
    ///
    ///     CKA(X, Y) = ⟨HKH, HLH⟩ / (‖HKH‖ ‖HLH‖),   K = XXᵀ, L = YYᵀ, H = I − 11ᵀ/n
    ///
    /// (Frobenius inner product and norms). 1 when Y is X up to rotation, isotropic scale and
    /// translation; near 0 for unrelated representations. NaN when either is constant over the
    /// inputs. Inputs of any rank are flattened to one row per input.
    public static func linearCKA(_ x: Tensor, _ y: Tensor) -> Double {
        precondition(x.shape[0] == y.shape[0] && x.shape[0] > 1, "CKA needs the same inputs (more than one) on both sides: \(x.shape), \(y.shape)")
        let k = centredGram(x), l = centredGram(y)
        var cross = 0.0, kk = 0.0, ll = 0.0
        for i in k.indices {
            cross += k[i] * l[i]
            kk += k[i] * k[i]
            ll += l[i] * l[i]
        }
        guard kk > 0, ll > 0 else { return .nan }
        return cross / (kk * ll).squareRoot()
    }

    /// HKH for K = XXᵀ, row-major n × n, in Double.
    private static func centredGram(_ x: Tensor) -> [Double] {
        let n = x.shape[0]
        let rows = x.detached().reshaped([n, x.count / n])
        let gram = rows.matmul(rows, transposeOther: true).scalars.map(Double.init)
        var rowMeans = [Double](repeating: 0, count: n)
        for i in 0..<n { for j in 0..<n { rowMeans[i] += gram[i * n + j] } }
        for i in 0..<n { rowMeans[i] /= Double(n) }
        let total = rowMeans.reduce(0, +) / Double(n)
        // K is symmetric, so its column means are its row means.
        return (0..<n * n).map { index in gram[index] - rowMeans[index / n] - rowMeans[index % n] + total }
    }
}
