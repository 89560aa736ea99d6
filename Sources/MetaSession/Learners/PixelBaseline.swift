import MetaTensor
import MetaNN
import MetaData
import MetaLearn

/// The session's adapter for `PixelNearestNeighbour`, the baseline every few-shot learner must
/// beat. Nothing is learned; `train` only tests it, so its `test.accuracy` is the bar of
/// lessons 3 onwards.
struct PixelBaseline: SessionLearner {
    var model: any Model { Conv4(.init(classes: 0)) }
    var weights: Parameters { Parameters([]) }
    var checkpoint: Parameters { Parameters([]) }
    var report = TrainingReport()

    mutating func restore(_ checkpoint: Parameters) {}

    mutating func train(_ plan: TrainingPlan, tasks: TaskStream, validation: TaskStream?, hooks: TrainingHooks,
                        using generator: inout SeededGenerator) throws {}

    /// Each query is compared with the support images alone: inductive whatever `inference` says.
    func score(on task: AnyTask, inference: Inference) -> Float {
        guard case let .classification(task) = task else { return .nan }
        return accuracy(predictions(for: task, inference: inference), task.queryLabels)
    }

    func predictions(for task: ClassificationTask, inference: Inference) -> [Int] {
        PixelNearestNeighbour.predictions(support: task.support, supportLabels: task.supportLabels, query: task.query)
    }
}

extension Algorithm {
    /// Pixel nearest neighbour, the baseline.
    static let pixelNearestNeighbour = Algorithm(
        name: "pixel-nn", title: "Pixel nearest neighbour (baseline)", citation: "the standard few-shot baseline",
        kinds: [.classification], knobs: [],
        formulas: [#"\hat{y}(x) = y_{j^*}, \quad j^* = \arg\min_j \|x - x_j\|^2"#],
        example: .episodeLoss, hasMetaGradient: false,
        defaults: { _ in HyperParameters(innerLearningRate: 0, outerLearningRate: 0, innerSteps: 0, metaBatch: 1) },
        make: { _, _ in PixelBaseline() },
        gradcheckRefusal: "pixel-nn learns nothing, so it has no gradient to check: try 'gradcheck maml'")
}
