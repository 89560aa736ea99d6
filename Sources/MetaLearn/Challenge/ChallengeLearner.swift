import MetaTensor
import MetaNN

/// A few-shot classifier as the Omniglot challenge drives it: one training step per episode
/// (or meta-batch), predictions for a task, and snapshots for model selection.
public protocol ChallengeLearner: Sendable {
    /// The algorithm's name, for reports.
    var name: String { get }
    /// One step of training on `tasks` (an episodic learner uses the first; a meta-learner
    /// treats them as one meta-batch). Returns the training loss and accuracy.
    mutating func trainingStep(on tasks: [ClassificationTask], iteration: Int, learningRate: Float) throws -> (loss: Float, accuracy: Float)
    /// How many tasks one training step takes.
    var tasksPerStep: Int { get }
    /// The predicted label of each query image, tested as `inference` says.
    func predictions(for task: ClassificationTask, inference: Inference) -> [Int]
    /// Whether `predictions(for:averaging:inference:)` can average embeddings over shifted copies.
    var supportsShiftAveraging: Bool { get }
    /// Predictions with test-time shift averaging (learners without embeddings ignore it).
    func predictions(for task: ClassificationTask, averaging: ShiftAveraging, inference: Inference) -> [Int]
    /// The weights to keep when validation is best.
    var snapshot: Parameters { get set }
    /// The statistics of a training batch that feed batch norm's running averages (nil for
    /// learners that keep none): see the conforming type for which batch.
    func trainingBatchStatistics(_ task: ClassificationTask) -> [ChannelStatistics]?
    /// Predictions with every image normalised by `statistics` (PyTorch's `eval()` mode with
    /// running averages); nil for learners that keep none.
    func predictions(for task: ClassificationTask, normalisedWith statistics: [ChannelStatistics]) -> [Int]?
    /// Told the fraction of the training budget used so far (Reptile anneals ε with it).
    mutating func noteProgress(_ fraction: Float)
}

extension ChallengeLearner {
    public mutating func noteProgress(_ fraction: Float) {}
    public func trainingBatchStatistics(_ task: ClassificationTask) -> [ChannelStatistics]? { nil }
    public func predictions(for task: ClassificationTask, normalisedWith statistics: [ChannelStatistics]) -> [Int]? { nil }
    public var supportsShiftAveraging: Bool { false }
    public func predictions(for task: ClassificationTask, averaging: ShiftAveraging, inference: Inference) -> [Int] {
        predictions(for: task, inference: inference)
    }
}

/// A metric or closed-form learner (ProtoNets, Matching, Siamese, ridge head) in the challenge.
public struct EpisodicChallengeLearner: ChallengeLearner {
    public var learner: any EpisodicLearner
    public let name: String
    private var optimizer = Adam(learningRate: 1e-3)

    public init(_ learner: any EpisodicLearner, name: String) {
        self.learner = learner
        self.name = name
    }

    public var tasksPerStep: Int { 1 }

    public mutating func trainingStep(on tasks: [ClassificationTask], iteration: Int, learningRate: Float) throws -> (loss: Float, accuracy: Float) {
        optimizer.learningRate = learningRate
        return try learner.trainingStep(on: tasks[0], optimizer: &optimizer, iteration: iteration)
    }

    public func predictions(for task: ClassificationTask, inference: Inference) -> [Int] { learner.predictions(for: task, inference: inference) }

    public var supportsShiftAveraging: Bool { true }

    public func predictions(for task: ClassificationTask, averaging: ShiftAveraging, inference: Inference) -> [Int] {
        learner.predictions(for: task, averaging: averaging, inference: inference)
    }

    public var snapshot: Parameters {
        get { learner.parameters }
        set { learner.parameters = newValue }
    }

    /// A training episode's support and query images as one batch (`EpisodicLearner.trainingBatchStatistics`).
    public func trainingBatchStatistics(_ task: ClassificationTask) -> [ChannelStatistics]? {
        learner.trainingBatchStatistics(task)
    }

    public func predictions(for task: ClassificationTask, normalisedWith statistics: [ChannelStatistics]) -> [Int]? {
        let weights = learner.parameters.detached(), embed = learner.embedding
        let support = embed(task.support, parameters: weights, normalisation: .given(statistics))
        let query = embed(task.query, parameters: weights, normalisation: .given(statistics))
        return learner.logits(support: support, supportLabels: task.supportLabels, query: query, ways: task.ways, parameters: weights).argmaxRows()
    }
}

/// A gradient-based meta-learner (MAML, first-order MAML, ANIL, Meta-SGD, Reptile) in the challenge.
public struct GradientChallengeLearner<Learner: GradientMetaLearner>: ChallengeLearner where Learner.Task == ClassificationTask {
    public var learner: Learner
    public let name: String
    public let tasksPerStep: Int
    private var optimizer: Adam?
    private var progress: Float = 0

    public init(_ learner: Learner, name: String, metaBatch: Int) {
        self.learner = learner
        self.name = name
        tasksPerStep = metaBatch
        optimizer = learner.makeOuterOptimizer()
    }

    /// One meta-update with Adam at `learningRate` (Reptile's ε follows `progress` instead).
    public mutating func trainingStep(on tasks: [ClassificationTask], iteration: Int, learningRate: Float) throws -> (loss: Float, accuracy: Float) {
        optimizer?.learningRate = learningRate
        let result = try learner.metaStep(on: tasks, iteration: iteration, progress: progress, optimizer: &optimizer)
        return (result.loss, result.score)
    }

    public func predictions(for task: ClassificationTask, inference: Inference) -> [Int] {
        learner.queryOutputs(for: task, inference: inference).argmaxRows()
    }

    public var snapshot: Parameters {
        get { learner.metaParameters }
        set { learner.metaParameters = newValue }
    }

    public mutating func noteProgress(_ fraction: Float) { progress = fraction }

    /// The query pass of a meta-training task (`GradientMetaLearner.trainingBatchStatistics`).
    public func trainingBatchStatistics(_ task: ClassificationTask) -> [ChannelStatistics]? {
        learner.trainingBatchStatistics(task)
    }
}
