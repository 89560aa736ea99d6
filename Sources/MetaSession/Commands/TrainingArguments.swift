import MetaLesson
import MetaLearn

/// Which episodes: `dataset=`, `ways=`, `shots=`, `queries=` as given.
struct EpisodeOptions {
    var dataset: DataSource?
    var ways: Int?
    var shots: Int?
    var queries: Int?

    init(_ command: ValidatedCommand) {
        dataset = command.givenWord("dataset").flatMap(DataSource.init(rawValue:))
        ways = command.givenInt("ways")
        shots = command.givenInt("shots")
        queries = command.givenInt("queries")
    }
}

/// `train`, `compare`, `sweep` (and `explain`, which builds the same request with fresh weights).
struct TrainingArguments: CommandArguments {
    /// `train ALGO`, `sweep ALGO`, `explain ALGO`: one; `compare algos=`: several.
    var algorithms: [String]
    var episodes: EpisodeOptions
    /// `sweep lrs=`: the learning rates to try.
    var innerLearningRates: [Double]
    /// `sweep rate=`: which learning rate they are (nil: the algorithm's inner rate if it has one).
    var sweepRate: SweepRate?
    var innerLearningRate: Double?
    var outerLearningRate: Double?
    var innerSteps: Int?
    var testSteps: Int?
    var metaBatch: Int?
    var iterations: Int?
    var firstOrder: Bool?
    /// `finetune blocks=`: backbone blocks tuned, counted from the last.
    var tunedBlocks: Int?
    var validationInterval: Int
    var testEpisodes: Int?
    /// `inference=`: how the test treats the queries (inductive unless given).
    var inference: Inference
    var seed: UInt64?
    var name: String?
    var plot: String?
    /// `explain of=`: a trained result.
    var of: String?

    init(_ command: ValidatedCommand) {
        algorithms = command.givenWords("algos") ?? [command.word("algo")]
        episodes = EpisodeOptions(command)
        innerLearningRates = command.isGiven("lrs") ? command.floats("lrs") : []
        sweepRate = command.givenWord("rate").flatMap(SweepRate.init(rawValue:))
        innerLearningRate = command.givenFloat("inner-lr")
        outerLearningRate = command.givenFloat("outer-lr")
        innerSteps = command.givenInt("inner-steps")
        testSteps = command.givenInt("test-steps")
        metaBatch = command.givenInt("meta-batch")
        iterations = command.givenInt("iterations")
        firstOrder = command.givenBool("first-order")
        tunedBlocks = command.givenInt("blocks")
        validationInterval = command.givenInt("validate") ?? 0
        testEpisodes = command.givenInt("episodes")
        inference = command.givenInference()
        seed = command.givenSeed()
        name = command.givenWord("as")
        plot = command.givenWord("to")
        of = command.givenWord("of")
    }
}

/// `eval RESULT` and `adapt RESULT`.
struct ResultTestArguments: CommandArguments {
    var result: String
    var episodes: EpisodeOptions
    var testEpisodes: Int?
    /// `eval inference=`: how the test treats the queries (inductive unless given).
    var inference: Inference
    /// `adapt steps=`.
    var steps: Int
    var seed: UInt64?
    /// `eval as=`: keep the test as a new result.
    var name: String?

    init(_ command: ValidatedCommand) {
        result = command.word("result")
        episodes = EpisodeOptions(command)
        testEpisodes = command.givenInt("episodes")
        inference = command.givenInference()
        // `adapt`'s steps, given or its default (`eval` has no steps=).
        if case let .int(value)? = command["steps"] { steps = value } else { steps = 0 }
        seed = command.givenSeed()
        name = command.givenWord("as")
    }
}

/// `layers RESULT`.
struct LayerChangeArguments: CommandArguments {
    var result: String
    /// Adaptation steps.
    var steps: Int
    /// Test episodes to average over.
    var episodes: Int
    var seed: UInt64?
    /// `to=`: the figure.
    var file: String?

    init(_ command: ValidatedCommand) {
        result = command.word("result")
        steps = command.int("steps")
        episodes = command.int("episodes")
        seed = command.givenSeed()
        file = command.givenWord("to")
    }
}

/// `challenge`.
struct ChallengeArguments: CommandArguments {
    var algorithm: String
    var minutes: Double
    var runs: String
    var backgrounds: [String]?
    var seed: UInt64?

    init(_ command: ValidatedCommand) {
        algorithm = command.word("algo")
        minutes = command.float("minutes")
        runs = command.word("runs")
        backgrounds = command.givenWords("background")
        seed = command.givenSeed()
    }
}

/// `gradcheck ALGO`.
struct GradientCheckArguments: CommandArguments {
    var algorithm: String
    var seed: UInt64?
    var name: String?

    init(_ command: ValidatedCommand) {
        algorithm = command.word("algo")
        seed = command.givenSeed()
        name = command.givenWord("as")
    }
}
