import MetaTensor
import MetaNN

/// A black-box meta-learner in the manner of Santoro, Bartunov, Botvinick, Wierstra & Lillicrap
/// (ICML 2016), LSTM-only (no external memory): a recurrent network *reads* the support set —
/// each image's embedding together with its one-hot label — and its state after the last one is
/// all it knows about the task. Each query is then one more step from that state, with the
/// label slot empty, and a linear read-out of the new hidden state scores the classes:
///
///     (h, c)ᵢ = LSTM([f(xᵢ), onehot(yᵢ)], (h, c)ᵢ₋₁),   i = 1…n   (support, in a shuffled order)
///     logits(x̂) = W · LSTM([f(x̂), 0], (h, c)ₙ).h + b           (each query on its own)
///     φ, LSTM, W, b ← Adam(∇ −log softmax(logits)[y]) over query images, one episode per step
///
/// Nothing in the architecture ties a label to an image: the network must learn to bind them
/// from the sequence (the label permutation test checks it did). The support order is shuffled
/// (by a permutation drawn from the embeddings' values, so it never depends on the labels);
/// otherwise the sampler's class-sorted order would let it predict by position alone. Queries
/// never see each other: each is one step from the support state.
///
/// Hyper-parameters: Conv-4 64 embedding; LSTM of 128 units; Adam 1e-3; label slots and
/// read-out for up to `ways` classes (default 50, the session's largest episode; an episode of
/// fewer ways uses the first slots).
public struct MemoryLearner: EpisodicLearner {
    /// The embedding network shared by support and query images.
    public let embedding: any Model
    /// The embedding's weights and the learner's own.
    public var parameters: Parameters
    /// The training curve so far.
    public var report = TrainingReport()
    /// The largest number of classes an episode may have.
    public let ways: Int
    /// LSTM units.
    public let hiddenSize: Int

    /// A learner on fresh weights for `embedding` (default: Conv-4, 64 filters, no head).
    public init(embedding: any Model = Conv4(.init(classes: 0)), ways: Int = 50, hiddenSize: Int = 128,
                using generator: inout SeededGenerator) {
        precondition(ways >= 1 && hiddenSize >= 1, "memory learner of \(ways) ways, \(hiddenSize) units")
        self.embedding = embedding
        self.ways = ways
        self.hiddenSize = hiddenSize
        let (input, h) = (embeddingSize(of: embedding) + ways, hiddenSize)
        var forgetBias = [Float](repeating: 0, count: 4 * h)
        for i in h..<(2 * h) { forgetBias[i] = 1 }  // remember by default
        parameters = embedding.initialParameters(using: &generator).appending([
            ("mann.lstm.weight_ih", Initializer.fanInUniform([4 * h, input], fanIn: h, using: &generator)),
            ("mann.lstm.weight_hh", Initializer.fanInUniform([4 * h, h], fanIn: h, using: &generator)),
            ("mann.lstm.bias", Tensor(shape: [4 * h], scalars: forgetBias)),
            ("mann.out.weight", Initializer.fanInUniform([ways, h], fanIn: h, using: &generator)),
            ("mann.out.bias", Tensor(zeros: [ways])),
        ])
    }

    /// The reading order of n support images: a permutation drawn from the embeddings' values.
    static func readingOrder(_ support: Tensor) -> [Int] {
        var seed: UInt64 = 0x9E37_79B9
        for value in support.scalars.prefix(64) { seed = (seed ^ UInt64(value.bitPattern)) &* 0x100_0000_01B3 }
        var generator = SeededGenerator(seed: seed)
        var order = Array(0..<support.shape[0])
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(generator.uniform() * Float(i + 1)) % (i + 1)) }
        return order
    }

    /// Scores [Q, ways] for the queries, each from the LSTM state after reading the support set.
    public func logits(support: Tensor, supportLabels: [Int], query: Tensor, ways: Int, parameters p: Parameters) -> Tensor {
        precondition(ways <= self.ways, "a \(self.ways)-way memory learner cannot answer \(ways)-way episodes")
        let cell = { (x: Tensor, h: Tensor, c: Tensor) in
            Layers.lstmCell(x, hidden: h, cell: c, inputWeight: p["mann.lstm.weight_ih"], hiddenWeight: p["mann.lstm.weight_hh"], bias: p["mann.lstm.bias"])
        }
        var (h, c) = (Tensor(zeros: [1, hiddenSize]), Tensor(zeros: [1, hiddenSize]))
        for i in Self.readingOrder(support) {
            let x = Tensor.concatenate([support.slice(axis: 0, i..<(i + 1)), Tensor.oneHot([supportLabels[i]], classes: self.ways)], axis: 1)
            (h, c) = cell(x, h, c)
        }
        let q = query.shape[0]
        let x = Tensor.concatenate([query, Tensor(zeros: [q, self.ways])], axis: 1)
        let (out, _) = cell(x, h.expand(to: [q, hiddenSize]), c.expand(to: [q, hiddenSize]))
        return Layers.linear(out, weight: p["mann.out.weight"], bias: p["mann.out.bias"]).slice(axis: 1, 0..<ways)
    }
}
