import MetaTensor
import MetaNN

/// MetaOptNet-SVM (Lee, Maji, Ravichandran & Soatto, CVPR 2019): a multi-class linear SVM
/// (Crammer & Singer 2001) is fitted to the support embeddings of each episode, and the
/// embedding is trained through the SVM's solution.
///
/// With support embeddings X [n, d], labels yᵢ and K = XXᵀ, the SVM's dual is the quadratic
/// programme over α [n, ways]
///
///     min_α  ½ Σᵢⱼ Kᵢⱼ⟨αᵢ, αⱼ⟩ − Σᵢ αᵢ[yᵢ]   s.t.  αᵢ ≤ C·e_{yᵢ},  Σₖ αᵢ[k] = 0   for every i
///     w_k = Σᵢ αᵢ[k] xᵢ,   logits(x̂) = s · ⟨w_k, f(x̂)⟩ = s · (f(x̂)Xᵀα)[k]
///     φ, s ← Adam(∇ −log softmax(logits)[y]) over query images, one episode per step
///
/// Solver: exact block coordinate descent in Double (`SVMDual`): each support image's block is
/// minimised in closed form (substituting βᵢ = C·e_{yᵢ} − αᵢ turns its constraints into the
/// simplex Σβ = C, β ≥ 0, so the block step is one Euclidean projection onto a simplex), sweeps
/// repeated until the KKT conditions hold to 10⁻⁹.
///
/// Differentiation: implicit, through the KKT conditions. At the solution the set of bounds
/// that are tight is known; the KKT conditions restricted to it are a linear system
///
///     [K⊗I  Eᵀ  Pᵀ] [α]   [e_y]
///     [E    0   0 ] [ν] = [0  ]        (E: the n sum constraints, P: the tight bounds)
///     [P    0   0 ] [μ]   [c_P]
///
/// whose solution is α again. Re-solving it with the engine's differentiable `solve` makes α
/// a differentiable function of K (and so of the embeddings) whose derivative is exactly the
/// implicit-function derivative of the KKT conditions (OptNet, Amos & Kolter 2017) wherever the
/// tight set is locally constant (strict complementarity). This was chosen over unrolling a
/// fixed number of solver iterations because the gradient is then that of the true optimum,
/// not of an approximation, and costs one (n·ways + n + |P|)-sized solve whatever the number of
/// iterations the solver needed. A jitter of 10⁻⁵·mean(diag K) on K's diagonal keeps the dual
/// strictly convex, so the solution is unique even when support embeddings coincide.
///
/// Hyper-parameters: Conv-4 64 embedding; Adam 1e-3; C = 0.1 (the paper's); learned logit
/// scale s, starting at 10 (the paper learns it too).
public struct SVMHead: EpisodicLearner {
    /// The head's settings.
    public struct Configuration: Sendable {
        /// The SVM's slack penalty C (the box bound of the dual).
        public var c: Float
        /// The logit scale s when training starts (learned).
        public var initialScale: Float

        /// The defaults: C = 0.1 (the paper's), s = 10 (the paper starts at 1 for ResNet-12
        /// features, whose Gram entries are far larger than Conv-4's 64-number embeddings').
        public init(c: Float = 0.1, initialScale: Float = 10) {
            self.c = c
            self.initialScale = initialScale
        }
    }

    /// The embedding network shared by support and query images.
    public let embedding: any Model
    /// The embedding's weights and the learner's own.
    public var parameters: Parameters
    /// The training curve so far.
    public var report = TrainingReport()
    /// The slack penalty C.
    public let c: Float

    /// Name of the logit scale in `parameters`.
    public static let scaleName = "svm.scale"

    /// A head on fresh weights for `embedding` (default: Conv-4, 64 filters, no head). Throws
    /// `EpisodicSettingError` unless C is positive.
    public init(embedding: any Model = Conv4(.init(classes: 0)), configuration: Configuration = Configuration(),
                using generator: inout SeededGenerator) throws(EpisodicSettingError) {
        guard configuration.c > 0 && configuration.c.isFinite else {
            throw .invalid(name: "c", value: "\(configuration.c)", expected: "a positive number")
        }
        self.embedding = embedding
        c = configuration.c
        parameters = embedding.initialParameters(using: &generator)
            .appending([(Self.scaleName, Tensor(shape: [1], scalars: [configuration.initialScale]))])
    }

    /// The dual solution α [n, ways] for support embeddings X [n, d], differentiable with respect
    /// to X through the KKT conditions (see the type's summary).
    public static func dualSolution(_ x: Tensor, labels: [Int], ways: Int, c: Float) -> Tensor {
        let n = x.shape[0], m = n * ways
        var gram = x.matmul(x, transposeOther: true)                                        // n x n
        let values = gram.scalars
        let jitter = 1e-5 * Swift.max((0..<n).map { values[$0 * (n + 1)] }.reduce(0, +) / Float(n), 1e-6)
        gram = gram + Tensor.identity(n) * jitter
        let dual = SVMDual(gram: gram.scalars.map(Double.init), labels: labels, ways: ways, c: Double(c))
        let tight = dual.solve().tightBounds
        // K ⊗ I_ways: entry ((i,k),(j,l)) = Kᵢⱼ·δₖₗ
        let kron = (gram.reshaped([n, 1, n, 1]) * Tensor.identity(ways).reshaped([1, ways, 1, ways])).reshaped([m, m])
        let rows = n + tight.count
        var constraints = [Float](repeating: 0, count: rows * m)                            // [E; P]
        for i in 0..<n { for k in 0..<ways { constraints[i * m + i * ways + k] = 1 } }
        for (row, index) in tight.enumerated() { constraints[(n + row) * m + index] = 1 }
        let a = Tensor(shape: [rows, m], scalars: constraints)
        let top = Tensor.concatenate([kron, a.transposed], axis: 1)
        let bottom = Tensor.concatenate([a, Tensor(zeros: [rows, rows])], axis: 1)
        var rhs = [Float](repeating: 0, count: m + rows)
        for i in 0..<n { rhs[i * ways + labels[i]] = 1 }
        for (row, index) in tight.enumerated() where index % ways == labels[index / ways] { rhs[m + n + row] = c }
        let solution = Tensor.concatenate([top, bottom], axis: 0).solve(Tensor(shape: [m + rows, 1], scalars: rhs))
        return solution.slice(axis: 0, 0..<m).reshaped([n, ways])
    }

    /// s · f(x̂)Xᵀα with α the SVM's dual solution on the support set: [Q, ways].
    public func logits(support: Tensor, supportLabels: [Int], query: Tensor, ways: Int, parameters: Parameters) -> Tensor {
        let alpha = Self.dualSolution(support, labels: supportLabels, ways: ways, c: c)
        return query.matmul(support, transposeOther: true).matmul(alpha) * parameters[Self.scaleName]
    }
}
