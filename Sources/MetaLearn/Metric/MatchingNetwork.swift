import MetaTensor
import MetaNN

/// Matching Networks (Vinyals, Blundell, Lillicrap, Kavukcuoglu & Wierstra, NeurIPS 2016),
/// without full-context embeddings.
///
/// A query's label distribution is an attention-weighted sum of the support labels, the
/// attention being a softmax over scaled cosine similarities of embeddings:
///
///     a(x̂, xᵢ) = exp(s·cos(f(x̂), g(xᵢ))) / Σⱼ exp(s·cos(f(x̂), g(xⱼ)))
///     P(ŷ = k | x̂, S) = Σ_{i: yᵢ = k} a(x̂, xᵢ)
///     θ ← Adam(θ, ∇θ −log P(y | x̂, S)) over query images, one episode per step
///
/// f = g (one Conv-4 for both sets). Cosine similarities lie in [−1, 1], so without the
/// scale s the softmax is nearly flat and the network trains slowly; s starts at 10 and is
/// learned (or held fixed). As s → ∞ the attention picks the nearest support image under
/// cosine similarity.
///
/// Hyper-parameters: Conv-4 64 embedding; Adam 1e-3; the scale s (`initialScale`, `learnsScale`).
public struct MatchingNetwork: EpisodicLearner {
    /// The attention's hyper-parameters.
    public struct Configuration: Sendable {
        /// The scale s on cosine similarities when training starts.
        public var initialScale: Float
        /// Whether s is learned with the embedding.
        public var learnsScale: Bool

        /// Attention settings (the defaults: s = 10, learned).
        public init(initialScale: Float = 10, learnsScale: Bool = true) {
            self.initialScale = initialScale
            self.learnsScale = learnsScale
        }
    }

    /// The embedding network shared by support and query images.
    public let embedding: any Model
    /// The attention's hyper-parameters.
    public let configuration: Configuration
    /// The embedding's weights and the learner's own.
    public var parameters: Parameters
    /// The training curve so far.
    public var report = TrainingReport()

    /// The name of the attention scale in `parameters`.
    public static let scaleName = "matching.scale"

    /// A network with fresh weights for `embedding` (default: Conv-4, 64 filters, no head).
    public init(embedding: any Model = Conv4(.init(classes: 0)), configuration: Configuration = Configuration(),
                using generator: inout SeededGenerator) {
        self.embedding = embedding
        self.configuration = configuration
        parameters = embedding.initialParameters(using: &generator)
        if configuration.learnsScale {
            parameters = parameters.appending([(Self.scaleName, Tensor(shape: [1], scalars: [configuration.initialScale]))])
        }
    }

    /// The attention scale s.
    public func scale(_ parameters: Parameters) -> Tensor {
        configuration.learnsScale ? parameters[Self.scaleName] : Tensor(shape: [1], scalars: [configuration.initialScale])
    }

    /// The attention a(x̂, xᵢ) of each query over the support images: [Q, S], rows sum to 1.
    public func attention(support: Tensor, query: Tensor, parameters: Parameters) -> Tensor {
        (query.cosineSimilarities(to: support) * scale(parameters)).softmax(axis: 1)
    }

    /// log P(ŷ = k | x̂, S) up to a per-query constant: log Σ_{i: yᵢ = k} exp(s·cos), [Q, ways].
    public func logits(support: Tensor, supportLabels: [Int], query: Tensor, ways: Int, parameters: Parameters) -> Tensor {
        let similarities = query.cosineSimilarities(to: support) * scale(parameters)   // Q x S
        return poolByClass(similarities, supportLabels: supportLabels, ways: ways, .logSumExp)
    }
}
