import MetaTensor
import MetaNN

/// How much each layer of a Conv-4 changes while it adapts to tasks, in its weights and in
/// what it computes: the question of Raghu, Raghu, Bengio & Vinyals (ICLR 2020), "Rapid
/// learning or feature reuse?" — does MAML's inner loop change the features, or reuse them?
///
/// For the inner-loop path θ₀, θ₁, …, θ_K on a task, after k steps layer l has
/// - a **weight change** ‖θ_k,l − θ₀,l‖ / ‖θ₀,l‖ (a block's convolution and batch-norm
///   weights; the head's weights and bias), and
/// - a **representation similarity**: the linear CKA between the layer's outputs for the
///   task's query images at θ₀ and at θ_k — 1 when adapting left its features the same up to
///   rotation and scale, lower the more they changed.
///
/// Each query is normalised with the support set's batch statistics at the weights at hand,
/// as inductive testing does, so a representation depends on the support set and the query alone.
public struct LayerChange: Sendable {
    /// The layers: `block 1` … `block B`, then `head`.
    public let layers: [String]
    /// `weightChange[l][k]`: layer l's relative weight change after k steps, over the tasks (k = 0 … K).
    public let weightChange: [[MeanEstimate]]
    /// `similarity[l][k]`: CKA of layer l's query outputs at θ₀ and at θ_k, over the tasks.
    public let similarity: [[MeanEstimate]]
    /// K, the inner steps of each path.
    public var steps: Int { (weightChange.first?.count ?? 1) - 1 }

    /// The measurements of `network` along `paths`, one path θ₀ … θ_K (all of one length) per
    /// task, averaged over the tasks (computed on all cores).
    public init<Task: SupervisedTask>(network: Conv4, paths: [(task: Task, path: [Parameters])]) {
        precondition(!paths.isEmpty && paths.allSatisfy { !$0.path.isEmpty && $0.path.count == paths[0].path.count },
                     "LayerChange needs paths of one length, at least θ₀")
        let groups = network.layerParameters
        let perTask = parallelMap(paths.count) { index in
            Self.measure(network, groups: groups.map(\.names), task: paths[index].task, path: paths[index].path)
        }
        layers = groups.map(\.layer)
        func pooled(_ pick: (TaskMeasurement) -> [[Double]]) -> [[MeanEstimate]] {
            groups.indices.map { layer in
                paths[0].path.indices.map { step in MeanEstimate(perTask.map { pick($0)[layer][step] }.filter(\.isFinite)) }
            }
        }
        weightChange = pooled(\.weightChange)
        similarity = pooled(\.similarity)
    }

    /// One task's values, `[layer][step]`.
    private struct TaskMeasurement: Sendable {
        var weightChange: [[Double]]
        var similarity: [[Double]]
    }

    private static func measure<Task: SupervisedTask>(_ network: Conv4, groups: [[String]], task: Task, path: [Parameters]) -> TaskMeasurement {
        let start = path[0]
        let before = representations(network, task: task, parameters: start)
        var change = groups.map { _ in [Double]() }, similarity = change
        for theta in path {
            let after = representations(network, task: task, parameters: theta)
            for (layer, names) in groups.enumerated() {
                change[layer].append(relativeChange(names, from: start, to: theta))
                similarity[layer].append(RepresentationSimilarity.linearCKA(before[layer], after[layer]))
            }
        }
        return TaskMeasurement(weightChange: change, similarity: similarity)
    }

    /// Each layer's output for the queries (the blocks', then the head's when there is one),
    /// normalised with the support set's statistics at `parameters`.
    private static func representations<Task: SupervisedTask>(_ network: Conv4, task: Task, parameters: Parameters) -> [Tensor] {
        let weights = parameters.detached()
        let normalisation = Normalisation.given(network.batchStatistics(of: task.supportInput, parameters: weights))
        let blocks = network.blockOutputs(task.queryInput, parameters: weights, normalisation: normalisation)
        guard network.configuration.classes > 0, let last = blocks.last else { return blocks }
        return blocks + [network.head(last.reshaped([last.shape[0], network.featureCount]), parameters: weights)]
    }

    /// ‖b − a‖ / ‖a‖ over the tensors `names`.
    private static func relativeChange(_ names: [String], from a: Parameters, to b: Parameters) -> Double {
        var moved = 0.0, size = 0.0
        for name in names {
            for (x, y) in zip(a[name].scalars, b[name].scalars) {
                moved += Double(y - x) * Double(y - x)
                size += Double(x) * Double(x)
            }
        }
        return size > 0 ? (moved / size).squareRoot() : (moved > 0 ? .infinity : 0)
    }
}
