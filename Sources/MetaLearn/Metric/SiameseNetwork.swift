import MetaTensor
import MetaNN

/// Siamese networks for one-shot recognition (Koch, Zemel & Salakhutdinov, ICML Deep Learning
/// Workshop 2015).
///
/// Twin copies of one embedding network f look at two images; a learned weighted L1 distance
/// of their embeddings, through a sigmoid, is the probability that both show the same class:
///
///     p(same | a, b) = σ(Σⱼ wⱼ |f(a)ⱼ − f(b)ⱼ| + b)
///     θ ← Adam(θ, ∇θ BCE(p, same)) over pairs of training images
///
/// Pairs come from the episode's own images (support and query together): every ordered pair
/// of distinct images, same-class and different-class pairs weighted to count equally. A test
/// query takes the class of the support image it is most likely paired with — the network is
/// trained for verification and used for one-shot classification.
///
/// Hyper-parameters: Conv-4 64 embedding (the paper uses a larger net on 105×105 images);
/// Adam 1e-3.
public struct SiameseNetwork: EpisodicLearner {
    /// The embedding network shared by support and query images.
    public let embedding: any Model
    /// The embedding's weights and the learner's own.
    public var parameters: Parameters
    /// The training curve so far.
    public var report = TrainingReport()

    /// Names of the distance layer's parameters in `parameters`.
    public static let weightName = "siamese.weight", biasName = "siamese.bias"

    /// A network with fresh weights for `embedding` (default: Conv-4, 64 filters, no head).
    /// The distance weights start small, random and negative (uniform in (−2/√D, 0]): a larger
    /// distance starts out meaning "less likely the same class". With random signs some runs
    /// begin with that relation reversed and stall near chance.
    public init(embedding: any Model = Conv4(.init(classes: 0)), using generator: inout SeededGenerator) {
        self.embedding = embedding
        let features = embeddingSize(of: embedding)
        parameters = embedding.initialParameters(using: &generator).appending([
            (Self.weightName, -Initializer.fanInUniform([features, 1], fanIn: features, using: &generator).abs().scaled(by: 2)),
            (Self.biasName, Tensor(shape: [1], scalars: [0])),
        ])
    }

    /// The logit of p(same) for every pair of rows of a [A, D] and b [B, D]: [A, B].
    public func pairLogits(_ a: Tensor, _ b: Tensor, parameters: Parameters) -> Tensor {
        let (na, nb, d) = (a.shape[0], b.shape[0], a.shape[1])
        let distance = (a.reshaped([na, 1, d]) - b.reshaped([1, nb, d])).abs().reshaped([na * nb, d])  // AB x D
        return distance.matmul(parameters[Self.weightName]).reshaped([na, nb]) + parameters[Self.biasName]
    }

    /// The most likely pairing with each class's support images: [Q, ways].
    public func logits(support: Tensor, supportLabels: [Int], query: Tensor, ways: Int, parameters: Parameters) -> Tensor {
        poolByClass(pairLogits(query, support, parameters: parameters), supportLabels: supportLabels, ways: ways, .max)
    }

    /// Balanced binary cross-entropy over all pairs of distinct images of the episode; the
    /// accuracy is the one-shot classification accuracy of its queries.
    public func loss(on task: ClassificationTask, parameters: Parameters) -> (loss: Tensor, accuracy: Float) {
        let (support, query) = embed(task, parameters: parameters)
        let labels = task.supportLabels + task.queryLabels
        let all = Tensor.concatenate([support, query], axis: 0)
        let z = pairLogits(all, all, parameters: parameters)                 // n x n
        let (targets, weights) = Self.pairTargets(labels)
        let loss = ((z.softplus() - z * targets) * weights).sum()         // weighted BCE on logits
        let count = task.support.shape[0]                                   // queries × support block:
        let scores = poolByClass(z.slice(axis: 0, count..<labels.count).slice(axis: 1, 0..<count),
                                 supportLabels: task.supportLabels, ways: task.ways, .max)
        return (loss, accuracy(scores.argmaxRows(), task.queryLabels))
    }

    /// For images with `labels`, the pair targets [n, n] (1: same class) and loss weights
    /// [n, n]: 0 on the diagonal, and same-class and different-class pairs each summing to ½.
    static func pairTargets(_ labels: [Int]) -> (targets: Tensor, weights: Tensor) {
        let n = labels.count
        let same = labels.flatMap { a in labels.map { b in a == b ? Float(1) : 0 } }
        let positives = max(same.reduce(0, +) - Float(n), 1), negatives = max(Float(n * n) - same.reduce(0, +), 1)
        let weights = (0..<n * n).map { i -> Float in i / n == i % n ? 0 : same[i] > 0 ? 0.5 / positives : 0.5 / negatives }
        return (Tensor(shape: [n, n], scalars: same), Tensor(shape: [n, n], scalars: weights))
    }
}
