import MetaTensor
import MetaNN

/// How a few-shot test treats its query images — recorded with every result.
///
/// **Inductive** (the default everywhere): each query's prediction depends only on the support
/// set and the query itself. The support set is the task's training data and may be used as
/// one batch; the queries never see each other. MetaLab's batch norms normalise the queries
/// with the statistics of the support set at the weights being tested — the adapted weights
/// for MAML and the other gradient-based learners, the embedding's weights for the metric
/// learners — so one query's output is the same whatever the other queries are.
///
/// **Transductive**: the queries are one batch, so batch norm normalises each with statistics
/// of all of them (Finn et al.'s MAML code, and most ProtoNet code). Nichol et al. (2018) showed
/// it inflates few-shot accuracy; MetaLab offers it for comparison and labels it.
public enum Inference: String, Sendable, CaseIterable, CustomStringConvertible {
    case inductive
    case transductive

    /// The label printed beside a figure tested this way.
    public var description: String { rawValue }

    /// Query outputs of `model` at `parameters` for a task with `support` images: the queries
    /// as one batch (transductive) or each normalised by the support set's statistics (inductive).
    public func outputs(of model: any Model, query: Tensor, support: Tensor, parameters: Parameters) -> Tensor {
        switch self {
        case .transductive:
            return model(query, parameters: parameters)
        case .inductive:
            let statistics = model.batchStatistics(of: support, parameters: parameters)
            return model(query, parameters: parameters, normalisation: .given(statistics))
        }
    }
}
