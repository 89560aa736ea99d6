import MetaTensor

/// An episode as its learner sees it: the embeddings of its support and query images and the
/// class prototypes (mean support embeddings), as plain rows for plotting.
public struct EpisodeEmbeddings: Sendable, Equatable {
    /// One row per support image.
    public var support: [[Float]]
    /// The label of each support row.
    public var supportLabels: [Int]
    /// One row per query image.
    public var query: [[Float]]
    /// The label of each query row.
    public var queryLabels: [Int]
    /// Row k is the mean support embedding of class k.
    public var prototypes: [[Float]]

    /// Embeddings given row by row.
    public init(support: [[Float]], supportLabels: [Int], query: [[Float]], queryLabels: [Int], prototypes: [[Float]]) {
        self.support = support
        self.supportLabels = supportLabels
        self.query = query
        self.queryLabels = queryLabels
        self.prototypes = prototypes
    }

    /// The same episode in the plane of its two main directions of variation (PCA fitted on
    /// the support and query embeddings), ready for a scatter plot.
    public func projectedToPlane() -> EpisodeEmbeddings {
        let pca = PrincipalComponents(fitting: support + query, count: 2)
        return EpisodeEmbeddings(support: pca.project(support), supportLabels: supportLabels,
                                 query: pca.project(query), queryLabels: queryLabels, prototypes: pca.project(prototypes))
    }
}

extension EpisodicLearner {
    /// The embeddings of `task`'s images and its class prototypes, with the current parameters
    /// (the queries embedded as `inference` says: inductive unless told).
    public func embeddings(of task: ClassificationTask, inference: Inference = .inductive) -> EpisodeEmbeddings {
        let (support, query) = embed(task, parameters: parameters.detached(), inference: inference)
        let prototypes = PrototypicalNetwork.prototypes(support, labels: task.supportLabels, ways: task.ways)
        return EpisodeEmbeddings(support: rows(support), supportLabels: task.supportLabels,
                                 query: rows(query), queryLabels: task.queryLabels, prototypes: rows(prototypes))
    }
}

/// The rows of a matrix.
func rows(_ matrix: Tensor) -> [[Float]] {
    let values = matrix.scalars, width = matrix.shape[1]
    return (0..<matrix.shape[0]).map { Array(values[($0 * width)..<(($0 + 1) * width)]) }
}

/// Principal component analysis by power iteration: the mean of some points and the leading
/// directions of their covariance, found one at a time (each kept orthogonal to the ones
/// before, which deflates the covariance), to project points onto.
public struct PrincipalComponents: Sendable {
    /// The mean of the fitted points.
    public let mean: [Float]
    /// Unit directions, most variance first (a zero vector where the points do not vary).
    public let components: [[Float]]

    /// The leading `count` components of `points` (rows of equal length), each from
    /// `iterations` steps of v ← Cv / ‖Cv‖, where C is the covariance of the points.
    public init(fitting points: [[Float]], count: Int = 2, iterations: Int = 300) {
        let d = points.first?.count ?? 0
        precondition(points.allSatisfy { $0.count == d }, "PCA of rows of different lengths")
        let n = Double(Swift.max(points.count, 1))
        var center = [Double](repeating: 0, count: d)
        for p in points { for j in 0..<d { center[j] += Double(p[j]) / n } }
        let centred = points.map { p in (0..<d).map { Double(p[$0]) - center[$0] } }
        // v ↦ Cv = 1/n Σ x (x·v), without forming C
        func covarianceTimes(_ v: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: d)
            for x in centred {
                let dot = zip(x, v).reduce(0) { $0 + $1.0 * $1.1 }
                for j in 0..<d { out[j] += x[j] * dot / n }
            }
            return out
        }
        var found: [[Double]] = []
        for index in 0..<Swift.min(count, d) {
            // A fixed, non-symmetric start, so results are reproducible without a generator.
            var v = (0..<d).map { 1 + Double(($0 * 7 + index * 3) % 11) / 11 }
            for _ in 0..<iterations {
                v = covarianceTimes(v)
                for u in found {  // Gram-Schmidt against the components already found
                    let dot = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
                    v = zip(v, u).map { $0 - dot * $1 }
                }
                let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
                guard norm > 1e-12 else { v = [Double](repeating: 0, count: d); break }
                v = v.map { $0 / norm }
            }
            found.append(v)
        }
        mean = center.map(Float.init)
        components = found.map { $0.map(Float.init) }
    }

    /// Each point's coordinates along the components: rows of length `components.count`.
    public func project(_ points: [[Float]]) -> [[Float]] {
        points.map { p in
            components.map { u in zip(zip(p, mean), u).reduce(Float(0)) { $0 + ($1.0.0 - $1.0.1) * $1.1 } }
        }
    }
}
