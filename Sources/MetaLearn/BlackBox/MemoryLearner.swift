import MetaTensor
import MetaNN

/// A memory-augmented neural network (MANN) after Santoro, Bartunov, Botvinick, Wierstra &
/// Lillicrap, "Meta-learning with memory-augmented neural networks" (ICML 2016): an LSTM
/// controller reads the support set as a sequence — each image's embedding together with its
/// one-hot label — and writes one key per step into an external memory; a query is one more
/// step with the label slot empty, whose key reads the memory by content:
///
///     (h, c)ᵢ = LSTM([f(xᵢ), onehot(yᵢ)], (h, c)ᵢ₋₁),  kᵢ = W_k hᵢ + b_k,  Mᵢ ← kᵢ   (support, shuffled order)
///     (ĥ, ·) = LSTM([f(x̂), 0], (h, c)ₙ),  k̂ = W_k ĥ + b_k                        (each query on its own)
///     r = Σᵢ softmax_i(β · cos(k̂, Mᵢ)) Mᵢ,   logits(x̂) = W_o [ĥ, r] + b_o
///     f, LSTM, W_k, β, W_o ← Adam(∇ −log softmax(logits)[y]) over query images, one episode per step
///
/// Writing: Santoro et al.'s least-recently-used access writes each key to a mix of the slot
/// read last and the least-used slot. The memory is wiped at the start of every episode, and
/// on a fresh memory the least-used slots are the empty ones; with the write gate held at
/// "least used" and at least as many slots as support images, every support step therefore
/// writes its key into the next empty slot, and the memory after the support set is exactly
/// the stack of its keys. That is what is implemented (the learned gate is not). Reading:
/// the paper's softmax over cosine similarities, with a learned sharpness β (the key
/// strength of Neural Turing Machines), which lets the read pick one slot or blend several.
///
/// Nothing in the architecture ties a label to an image: a key carries whatever the controller
/// puts in it, and the network must learn to put the label there and to match keys by image
/// (the label permutation test checks it did). The support order is shuffled (by a permutation
/// drawn from the embeddings' values, so it never depends on the labels); otherwise the
/// sampler's class-sorted order would let it predict by position alone. Queries never see each
/// other: each is one step from the support state and reads the support memory alone.
///
/// Hyper-parameters (`Configuration`): Conv-4 64 embedding; LSTM of 128 units; keys of 64;
/// β₀ = 10; Adam 1e-3; label slots and read-out for up to `ways` classes (default 50, the
/// session's largest episode; an episode of fewer ways uses the first slots).
public struct MemoryLearner: EpisodicLearner {
    /// The controller's and the memory's sizes.
    public struct Configuration: Sendable, Equatable {
        /// The largest number of classes an episode may have.
        public var ways: Int
        /// LSTM units.
        public var hiddenSize: Int
        /// The length of a key (a memory slot).
        public var keySize: Int
        /// The read's sharpness β when training starts.
        public var initialSharpness: Float

        /// Sizes (the defaults are in the type's summary).
        public init(ways: Int = 50, hiddenSize: Int = 128, keySize: Int = 64, initialSharpness: Float = 10) {
            precondition(ways >= 1 && hiddenSize >= 1 && keySize >= 1, "memory learner of \(ways) ways, \(hiddenSize) units, keys of \(keySize)")
            self.ways = ways
            self.hiddenSize = hiddenSize
            self.keySize = keySize
            self.initialSharpness = initialSharpness
        }
    }

    /// The embedding network shared by support and query images.
    public let embedding: any Model
    /// The embedding's weights and the learner's own.
    public var parameters: Parameters
    /// The training curve so far.
    public var report = TrainingReport()
    /// The controller's and the memory's sizes.
    public let configuration: Configuration

    /// The largest number of classes an episode may have.
    public var ways: Int { configuration.ways }

    /// A learner on fresh weights for `embedding` (default: Conv-4, 64 filters, no head).
    public init(embedding: any Model = Conv4(.init(classes: 0)), configuration: Configuration = Configuration(),
                using generator: inout SeededGenerator) {
        self.embedding = embedding
        self.configuration = configuration
        let (input, h, key) = (embeddingSize(of: embedding) + configuration.ways, configuration.hiddenSize, configuration.keySize)
        var forgetBias = [Float](repeating: 0, count: 4 * h)
        for i in h..<(2 * h) { forgetBias[i] = 1 }  // remember by default
        parameters = embedding.initialParameters(using: &generator).appending([
            ("mann.lstm.weight_ih", Initializer.fanInUniform([4 * h, input], fanIn: h, using: &generator)),
            ("mann.lstm.weight_hh", Initializer.fanInUniform([4 * h, h], fanIn: h, using: &generator)),
            ("mann.lstm.bias", Tensor(shape: [4 * h], scalars: forgetBias)),
            ("mann.key.weight", Initializer.fanInUniform([key, h], fanIn: h, using: &generator)),
            ("mann.key.bias", Tensor(zeros: [key])),
            ("mann.sharpness", Tensor(shape: [1], scalars: [configuration.initialSharpness])),
            ("mann.out.weight", Initializer.fanInUniform([configuration.ways, h + key], fanIn: h + key, using: &generator)),
            ("mann.out.bias", Tensor(zeros: [configuration.ways])),
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

    /// The memory after the support set — one key per support image, [S, keySize], in reading
    /// order — and the controller's state after the last one.
    public func write(support: Tensor, supportLabels: [Int], parameters p: Parameters) -> (memory: Tensor, hidden: Tensor, cell: Tensor) {
        let h0 = Tensor(zeros: [1, configuration.hiddenSize])
        var (h, c) = (h0, h0)
        var slots: [Tensor] = []
        for i in Self.readingOrder(support) {
            let x = Tensor.concatenate([support.slice(axis: 0, i..<(i + 1)), Tensor.oneHot([supportLabels[i]], classes: ways)], axis: 1)
            (h, c) = controller(x, h, c, p)
            slots.append(key(h, p))
        }
        return (Tensor.concatenate(slots, axis: 0), h, c)
    }

    /// The read weights of each query over the memory's slots: [Q, S], rows sum to 1.
    public func readWeights(keys: Tensor, memory: Tensor, parameters p: Parameters) -> Tensor {
        (keys.cosineSimilarities(to: memory) * p["mann.sharpness"]).softmax(axis: 1)
    }

    /// Scores [Q, ways] for the queries, each from the controller's state after the support set
    /// and its read of the support memory.
    public func logits(support: Tensor, supportLabels: [Int], query: Tensor, ways: Int, parameters p: Parameters) -> Tensor {
        precondition(ways <= self.ways, "a \(self.ways)-way memory learner cannot answer \(ways)-way episodes")
        let (memory, h, c) = write(support: support, supportLabels: supportLabels, parameters: p)
        let (q, units) = (query.shape[0], configuration.hiddenSize)
        let x = Tensor.concatenate([query, Tensor(zeros: [q, self.ways])], axis: 1)
        let (out, _) = controller(x, h.expand(to: [q, units]), c.expand(to: [q, units]), p)
        let read = readWeights(keys: key(out, p), memory: memory, parameters: p).matmul(memory)
        return Layers.linear(Tensor.concatenate([out, read], axis: 1), weight: p["mann.out.weight"], bias: p["mann.out.bias"])
            .slice(axis: 1, 0..<ways)
    }

    /// One step of the LSTM controller.
    private func controller(_ x: Tensor, _ h: Tensor, _ c: Tensor, _ p: Parameters) -> (Tensor, Tensor) {
        Layers.lstmCell(x, hidden: h, cell: c, inputWeight: p["mann.lstm.weight_ih"], hiddenWeight: p["mann.lstm.weight_hh"], bias: p["mann.lstm.bias"])
    }

    /// The key the controller emits from its hidden state(s) [N, hiddenSize]: [N, keySize].
    private func key(_ h: Tensor, _ p: Parameters) -> Tensor {
        Layers.linear(h, weight: p["mann.key.weight"], bias: p["mann.key.bias"])
    }
}
