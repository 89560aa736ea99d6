import MetaLesson
import MetaLearn

// Each command's arguments as a struct, decoded once from the validated line: the only place
// that reads arguments by name. Options a command leaves out are nil (the handler falls back
// to the session's settings).

extension ValidatedCommand {
    func givenInt(_ name: String) -> Int? { isGiven(name) ? int(name) : nil }
    func givenFloat(_ name: String) -> Double? { isGiven(name) ? float(name) : nil }
    func givenWord(_ name: String) -> String? { isGiven(name) ? word(name) : nil }
    func givenWords(_ name: String) -> [String]? { isGiven(name) ? words(name) : nil }
    func givenBool(_ name: String) -> Bool? { isGiven(name) ? bool(name) : nil }
    func givenSeed() -> UInt64? { givenInt("seed").map(UInt64.init) }
    /// `inference=` (validated against `Inference`'s words), inductive when not given.
    func givenInference() -> Inference { givenWord("inference").flatMap(Inference.init(rawValue:)) ?? .inductive }
}

/// `paired A B`.
struct PairedArguments: CommandArguments {
    var first: String
    var second: String
    var name: String?

    init(_ command: ValidatedCommand) {
        first = command.word("first")
        second = command.word("second")
        name = command.givenWord("as")
    }
}

/// `show TOPIC|PATH` and `print PATH`.
struct ShowArguments: CommandArguments {
    /// A topic, or nil for a result's dotted path.
    var topic: ShowTopic?
    var path: String
    var of: String?

    init(_ command: ValidatedCommand) {
        path = command.word("path")
        topic = ShowTopic(rawValue: path)
        of = command.givenWord("of")
    }
}

/// `expect PATH OP VALUE`.
struct ExpectArguments: CommandArguments {
    var path: String
    var comparison: Comparison
    var value: String
    var tolerance: Double
    /// `times=`: VALUE is multiplied by this factor.
    var times: Double

    init(_ command: ValidatedCommand) {
        path = command.word("path")
        comparison = command.choice("comparison")
        value = command.word("value")
        tolerance = command.float("tolerance")
        times = command.float("times")
    }
}

/// `save model|filters` and `load model`.
struct CheckpointArguments: CommandArguments {
    var target: SaveTarget
    /// `save of=`.
    var of: String
    /// `save to=`, or `load FILE`.
    var file: String
    var layer: Int
    var name: String?

    init(_ command: ValidatedCommand) {
        target = command.choice("what")
        of = command.givenWord("of") ?? ""
        file = command.givenWord("to") ?? command.word("file")
        layer = command.givenInt("layer") ?? 1
        name = command.givenWord("as")
    }
}

/// `episode` and `plot`.
struct FigureArguments: CommandArguments {
    /// `plot WHAT` (nil for `episode`).
    var kind: PlotKind?
    var of: [String]
    var file: String?
    var episodes: EpisodeOptions
    var steps: Int?
    var count: Int?
    var metric: String?
    var seed: UInt64?
    var title: String?

    init(_ command: ValidatedCommand) {
        kind = command.givenWord("what").flatMap(PlotKind.init(rawValue:))
        of = command.givenWords("of") ?? []
        file = command.givenWord("to")
        episodes = EpisodeOptions(command)
        steps = command.givenInt("steps")
        count = command.givenInt("episodes")
        metric = command.givenWord("metric")
        seed = command.givenSeed()
        title = command.givenWord("title")
    }
}

/// `seed N`, `data SOURCE [PATH]`, `model KIND`, `set …`.
struct SetupArguments: CommandArguments {
    var value: Int?
    var source: DataSource?
    var path: String?
    var rotations: Bool
    /// `data mnist PATH train-digits=`: the digits to train on (the others are the test classes).
    var trainDigits: [Int]?
    var network: NetworkKind?
    var channels: Int?
    var blocks: Int?
    var sizes: [Int]?
    var seed: UInt64?
    var out: String?
    var ways: Int?
    var shots: Int?
    var queries: Int?
    var episodes: Int?
    var iterations: Int?
    var timings: Bool?
    var width: Int?
    /// The options as typed, `name = value`, for `set` to echo.
    var given: [String]

    init(_ command: ValidatedCommand) {
        value = command.givenInt("value")
        source = command.givenWord("source").flatMap(DataSource.init(rawValue:))
        path = command.givenWord("path")
        rotations = command.givenBool("rotations") ?? false
        trainDigits = command.isGiven("train-digits") ? command.list("train-digits").compactMap { if case let .int(v) = $0 { return v }; return nil } : nil
        network = command.givenWord("kind").flatMap(NetworkKind.init(rawValue:))
        channels = command.givenInt("channels")
        blocks = command.givenInt("blocks")
        sizes = command.isGiven("sizes") ? command.list("sizes").map { if case let .int(v) = $0 { return v }; return 1 } : nil
        seed = command.givenSeed()
        out = command.givenWord("out")
        ways = command.givenInt("ways")
        shots = command.givenInt("shots")
        queries = command.givenInt("queries")
        episodes = command.givenInt("episodes")
        iterations = command.givenInt("iterations")
        timings = command.givenBool("timings")
        width = command.givenInt("width")
        given = command.parsed.options.map { option in "\(option.name) = \(command[option.name]!)" }
    }
}

/// `open LESSON` and `help [COMMAND]`: one word.
struct WordArgument: CommandArguments {
    var word: String?

    init(_ command: ValidatedCommand) {
        word = command.givenWord("lesson") ?? command.givenWord("command")
    }
}
