import MetaTensor
import MetaNN

/// Prototypical Networks (Snell, Swersky & Zemel, NeurIPS 2017).
///
/// Each class is represented by a prototype, the mean embedding of its support images, and a
/// query is classified by a softmax over negative squared Euclidean distances to them:
///
///     c_k = 1/|S_k| Σ_{x ∈ S_k} f_φ(x)
///     p(y = k | x) ∝ exp(−‖f_φ(x) − c_k‖²)
///     φ ← Adam(φ, ∇φ −log p(y | x)) over query images, one episode per step
///
/// There is nothing to adapt at test time. With one shot the prototypes are the support
/// embeddings, so the classifier is nearest neighbour in embedding space.
///
/// Hyper-parameters (paper, Omniglot): Conv-4 64 embedding; Adam 1e-3, halved every 2000
/// episodes; training episodes of 60 ways, 5 queries per class (more ways than at test time).
public struct PrototypicalNetwork: EpisodicLearner {
    /// The embedding network shared by support and query images.
    public let embedding: any Model
    /// The embedding's weights and the learner's own.
    public var parameters: Parameters
    /// The training curve so far.
    public var report = TrainingReport()

    /// A network with fresh weights for `embedding` (default: Conv-4, 64 filters, no head).
    public init(embedding: any Model = Conv4(.init(classes: 0)), using generator: inout SeededGenerator) {
        self.embedding = embedding
        parameters = embedding.initialParameters(using: &generator)
    }

    /// Negative squared distances to the class prototypes: [Q, ways].
    public func logits(support: Tensor, supportLabels: [Int], query: Tensor, ways: Int, parameters: Parameters) -> Tensor {
        let prototypes = Self.prototypes(support, labels: supportLabels, ways: ways)  // ways x D
        return -query.squaredDistances(to: prototypes)                                 // Q x ways
    }

    /// The mean embedding of each class: support [S, D] with labels → [ways, D].
    public static func prototypes(_ support: Tensor, labels: [Int], ways: Int) -> Tensor {
        let y = Tensor.oneHot(labels, classes: ways)                                   // S x ways
        let counts = y.sum(axes: [0]).map { 1 / Swift.max($0, 1) }.reshaped([ways, 1])  // ways x 1
        return y.matmul(support, transposeSelf: true) * counts                         // ways x D
    }
}
