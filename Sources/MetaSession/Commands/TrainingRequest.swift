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

    init(_ command: ValidatedCommand, algorithm name: String, context: SessionContext,
         innerLearningRate: Double? = nil) throws {
        algorithm = try context.algorithm(name)
        data = try context.data(command)
        let kind = data.kind
        guard data.fixedShape == nil else {
            throw SessionError.wrongData("the one-shot runs are test episodes only: train on glyphs or omniglot, then 'data runs PATH' and 'eval'")
        }
        guard algorithm.kinds.contains(kind) else {
            throw SessionError.wrongData("\(algorithm.name) learns \(algorithm.kinds.map(\.rawValue).joined(separator: " and ")), but \(data.name) is \(kind.rawValue)")
        }
        var network = context.state.network ?? algorithm.preferredNetwork.flatMap { $0.kind == kind ? $0 : nil } ?? .standard(for: kind)
        if network.kind != kind {
            guard context.state.network == nil || command.isGiven("dataset") else {
                throw SessionError.wrongData("the model is \(network.command), which does not take \(data.name)")
            }
            network = .standard(for: kind)
        }
        shape = context.shape(command, kind: kind, data: data)
        var hyper = algorithm.defaults(kind)
        if let innerLearningRate { hyper.innerLearningRate = innerLearningRate }
        else if command.isGiven("inner-lr") { hyper.innerLearningRate = command.float("inner-lr") }
        if command.isGiven("outer-lr") { hyper.outerLearningRate = command.float("outer-lr") }
        if command.isGiven("inner-steps") { hyper.innerSteps = command.int("inner-steps") }
        if command.isGiven("test-steps") { hyper.testSteps = command.int("test-steps") }
        if command.isGiven("meta-batch") { hyper.metaBatch = command.int("meta-batch") }
        if command.isGiven("first-order") { hyper.firstOrder = command.bool("first-order") }
        try MemoryBudget.check(network: network, shape: shape, hyper: hyper, secondOrder: algorithm.secondOrder,
                               parallelTasks: ComputeThreads.available)
        var classes: (any ClassDataset)?
        if case let .images(images) = data { classes = images.train }
        setup = LearnerSetup(kind: kind, network: network, ways: shape.ways, hyper: hyper, trainingClasses: classes?.classCount ?? 0)
        seed = context.seed(command)
        plan = TrainingPlan(iterations: context.int(command, "iterations", or: context.state.settings.iterations),
                            metaBatch: hyper.metaBatch,
                            validationInterval: command["validate"] == nil ? 0 : command.int("validate"),
                            classes: classes, shape: shape, seed: seed)
        episodes = context.int(command, "episodes", or: context.state.settings.episodes)
        inference = TrainingCommands.inference(command)
    }

    /// `glyphs 5-way 1-shot, 15 queries` or `sines 10-shot`.
    var dataDescription: String {
        if let own = algorithm.ownTasks { return own }
        return setup.kind == .regression
            ? "\(data.name) \(shape.shots)-shot"
            : "\(data.name) \(shape.ways)-way \(shape.shots)-shot, \(shape.queries) queries"
    }
}
