import MetaTensor
import MetaNN

/// What the metric and closed-form meta-learners have in common: an embedding network shared
/// by support and query images, and a rule that turns the support embeddings into scores for
/// the queries. Nothing is fine-tuned at test time, so "adapting" to a task is one forward pass.
///
/// Prototypical, Matching and Siamese networks and the ridge-regression head conform; they
/// share one episodic training loop (`train(_:classes:validation:hooks:)`) and one evaluation
/// (`evaluate(tasks:count:using:)`).
public protocol EpisodicLearner: Sendable {
    /// The embedding network: images [N, C, H, W] → embeddings [N, D] (Conv-4 without a head).
    var embedding: any Model { get }
    /// Everything training updates: the embedding's weights and the learner's own (scale, λ…).
    var parameters: Parameters { get set }
    /// The training curve so far.
    var report: TrainingReport { get set }

    /// Query scores [queries, ways] (larger is likelier) from support embeddings [S, D] with
    /// their labels and query embeddings [Q, D].
    func logits(support: Tensor, supportLabels: [Int], query: Tensor, ways: Int, parameters: Parameters) -> Tensor

    /// The training loss of one episode, differentiable with respect to `parameters`, and the
    /// training accuracy on its queries. The default is the cross-entropy of `logits`.
    func loss(on task: ClassificationTask, parameters: Parameters) -> (loss: Tensor, accuracy: Float)
}

extension EpisodicLearner {
    /// The cross-entropy of the query logits, and the query accuracy.
    public func loss(on task: ClassificationTask, parameters: Parameters) -> (loss: Tensor, accuracy: Float) {
        let scores = logits(for: task, parameters: parameters)
        return (scores.crossEntropy(labels: task.queryLabels), accuracy(scores.argmaxRows(), task.queryLabels))
    }

    /// Support and query embeddings of a task, from one pass of the network over both sets
    /// (batch norm sees the whole episode, as in the papers' code).
    public func embed(_ task: ClassificationTask, parameters: Parameters) -> (support: Tensor, query: Tensor) {
        let count = task.support.shape[0]
        let all = embedding(Tensor.concatenate([task.support, task.query], axis: 0), parameters: parameters)
        precondition(all.rank == 2, "the embedding network must return [N, D], got \(all.shape)")
        return (all.slice(axis: 0, 0..<count), all.slice(axis: 0, count..<all.shape[0]))
    }

    /// Support and query embeddings of a task for testing: transductive is `embed(_:parameters:)`;
    /// inductive embeds the support set as one batch and each query with its statistics.
    public func embed(_ task: ClassificationTask, parameters: Parameters, inference: Inference) -> (support: Tensor, query: Tensor) {
        switch inference {
        case .transductive:
            return embed(task, parameters: parameters)
        case .inductive:
            return (embedding(task.support, parameters: parameters),
                    inference.outputs(of: embedding, query: task.query, support: task.support, parameters: parameters))
        }
    }

    /// Query scores [queries, ways] for a task (transductive, as in training, unless told).
    public func logits(for task: ClassificationTask, parameters: Parameters, inference: Inference = .transductive) -> Tensor {
        let (support, query) = embed(task, parameters: parameters, inference: inference)
        return logits(support: support, supportLabels: task.supportLabels, query: query, ways: task.ways, parameters: parameters)
    }

    /// The predicted label of each query image of `task`, with the current parameters.
    public func predictions(for task: ClassificationTask, inference: Inference = .inductive) -> [Int] {
        logits(for: task, parameters: parameters.detached(), inference: inference).argmaxRows()
    }
}

/// How per-support-image scores become per-class scores.
enum ClassPooling {
    /// log Σ exp over the class's support images (Matching Networks' attention, in log space).
    case logSumExp
    /// The best of the class's support images (Siamese networks' nearest support).
    case max
}

/// Pools scores [Q, S] over the support images of each class: [Q, ways]. Works for any label
/// order: a constant mask of 0 (same class) or −10⁹ (other class) is added before pooling.
func poolByClass(_ scores: Tensor, supportLabels: [Int], ways: Int, _ pooling: ClassPooling) -> Tensor {
    let (q, s) = (scores.shape[0], scores.shape[1])
    precondition(s == supportLabels.count, "scores \(scores.shape) for \(supportLabels.count) support labels")
    let mask = Tensor.oneHot(supportLabels, classes: ways).map { $0 > 0 ? 0 : -1e9 }  // S x ways
    let masked = scores.reshaped([q, s, 1]) + mask.reshaped([1, s, ways])            // Q x S x ways
    switch pooling {
    case .logSumExp: return masked.logSumExp(axis: 1)
    case .max: return masked.max(axis: 1)
    }
}

extension Parameters {
    /// These parameters followed by `entries` (a learner's own weights after its network's).
    func appending(_ entries: [(String, Tensor)]) -> Parameters {
        Parameters(Array(zip(names, tensors)) + entries)
    }
}

/// The length of the embeddings a model returns (Conv-4 without a head, or an MLP).
func embeddingSize(of model: any Model) -> Int {
    switch model {
    case let conv as Conv4: return conv.configuration.classes > 0 ? conv.configuration.classes : conv.featureCount
    case let mlp as MLP: return mlp.sizes[mlp.sizes.count - 1]
    default: preconditionFailure("cannot tell the embedding size of \(model.summary)")
    }
}
