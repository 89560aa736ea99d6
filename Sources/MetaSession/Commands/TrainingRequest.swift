import MetaData
import MetaTensor
import MetaLesson
import MetaLearn

/// Everything `train` (and `compare`, `sweep`) needs, read from a command and the session,
/// with every check done before any work starts.
struct TrainingRequest {
    let algorithm: Algorithm
    let data: DataChoice
    let shape: EpisodeShape
    let setup: LearnerSetup
    let plan: TrainingPlan
    let seed: UInt64
    let episodes: Int
    /// How the test treats the queries (`inference=`; inductive unless given).
    let inference: Inference

    init(_ arguments: TrainingArguments, algorithm name: String, context: SessionContext,
         innerLearningRate: Double? = nil, outerLearningRate: Double? = nil) throws {
        algorithm = try context.algorithm(name)
        data = try context.data(arguments.episodes.dataset)
        let kind = data.kind
        guard data.fixedShape == nil else {
            throw SessionError.wrongData("the one-shot runs are test episodes only: train on glyphs or omniglot, then 'data runs PATH' and 'eval'")
        }
        if case .navigation = data, algorithm.ownTasks == nil { throw DataChoice.navigationOnly }
        guard algorithm.kinds.contains(kind) else {
            throw SessionError.wrongData("\(algorithm.name) learns \(algorithm.kinds.map(\.rawValue).joined(separator: " and ")), but \(data.name) is \(kind.rawValue)")
        }
        var network = context.state.network ?? algorithm.preferredNetwork.flatMap { $0.kind == kind ? $0 : nil } ?? .standard(for: kind)
        if network.kind != kind {
            guard context.state.network == nil || arguments.episodes.dataset != nil else {
                throw SessionError.wrongData("the model is \(network.command), which does not take \(data.name)")
            }
            network = .standard(for: kind)
        }
        shape = context.shape(arguments.episodes, kind: kind, data: data)
        var hyper = algorithm.defaults(kind)
        if let rate = innerLearningRate ?? arguments.innerLearningRate { hyper.innerLearningRate = rate }
        if let rate = outerLearningRate ?? arguments.outerLearningRate { hyper.outerLearningRate = rate }
        if let steps = arguments.innerSteps { hyper.innerSteps = steps }
        if let steps = arguments.testSteps { hyper.testSteps = steps }
        if let batch = arguments.metaBatch { hyper.metaBatch = batch }
        if let firstOrder = arguments.firstOrder { hyper.firstOrder = firstOrder }
        if let blocks = arguments.tunedBlocks { hyper.tunedBlocks = blocks }
        try MemoryBudget.check(network: network, shape: shape, hyper: hyper, secondOrder: algorithm.secondOrder,
                               parallelTasks: ComputeThreads.available)
        var classes: (any ClassDataset)?
        if case let .images(images) = data { classes = images.train }
        setup = LearnerSetup(kind: kind, network: network, ways: shape.ways, hyper: hyper, trainingClasses: classes?.classCount ?? 0)
        seed = context.seed(arguments.seed)
        plan = TrainingPlan(iterations: arguments.iterations ?? context.state.settings.iterations,
                            metaBatch: hyper.metaBatch,
                            validationInterval: arguments.validationInterval,
                            classes: classes, shape: shape, seed: seed)
        episodes = arguments.testEpisodes ?? context.state.settings.episodes
        inference = arguments.inference
    }

    /// `glyphs 5-way 1-shot, 15 queries` or `sines 10-shot`.
    var dataDescription: String {
        algorithm.ownTasks ?? data.describe(shape)
    }
}
