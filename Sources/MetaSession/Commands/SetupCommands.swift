import MetaData
import MetaTensor
import MetaLesson

/// `seed`, `data`, `model` and `set`.
enum SetupCommands {
    static var handlers: [String: Handler] {
        [
            "seed": { context, command in
                context.state.settings.seed = UInt64(command.int("value"))
                context.console.line("seed \(command.int("value"))")
            },
            "data": { context, command in try data(command, &context) },
            "model": { context, command in try model(command, &context) },
            "set": { context, command in try set(command, &context) },
        ]
    }

    private static func data(_ command: ValidatedCommand, _ context: inout SessionContext) throws {
        let source = command.word("source")
        let path = command["path"].map { _ in command.word("path") }
        if source == "glyphs" || source == "sines" || source == "navigation", path != nil {
            throw SessionError.wrongData("'data \(source)' takes no path: the \(source) data is built in")
        }
        let choice: DataChoice
        switch source {
        case "glyphs": choice = .images(.glyphs)
        case "sines": choice = .sines
        case "navigation": choice = .navigation
        case "omniglot":
            guard let path else { throw SessionError.wrongData("data omniglot needs a PATH: an Omniglot folder or zip") }
            choice = .images(try ImageData.omniglot(path: path, rotations: command.bool("rotations")))
        default:
            guard let path else { throw SessionError.wrongData("data runs needs a PATH: all_runs.zip or its folder") }
            choice = .runs(name: (path as String).split(separator: "/").last.map(String.init) ?? path, try OneShotRuns(path: path))
        }
        context.state.data = choice
        if let network = context.state.network, network.kind != choice.kind { context.state.network = nil }
        describe(choice, context.console)
    }

    /// One line about the data: its classes per split, or what the tasks look like.
    static func describe(_ data: DataChoice, _ console: Console) {
        switch data {
        case let .images(images):
            console.line("data: \(images.name), \(images.train.classCount) training, \(images.validation.classCount) validation and \(images.test.classCount) test classes of 28×28 images")
        case .sines:
            console.line("data: sine waves y = A·sin(x − φ), A ∈ [0.1, 5], φ ∈ [0, π], x ∈ [−5, 5]")
        case .navigation:
            console.line("data: 2-D navigation (MAML §5.3): from the origin, 20 moves of at most 0.1 per coordinate towards a goal in [−½, ½]²; reward −distance")
        case let .runs(name, runs):
            console.line("data: \(runs.runs.count) one-shot runs from \(name) (20-way 1-shot, within one alphabet), for 'eval'")
        }
    }

    private static func model(_ command: ValidatedCommand, _ context: inout SessionContext) throws {
        let conv = command.word("kind") == "conv4"
        for option in conv ? ["sizes"] : ["channels", "blocks"] where command.isGiven(option) {
            throw SessionError.unsupported("\(option)= belongs to 'model \(conv ? "mlp" : "conv4")'")
        }
        let network: NetworkChoice = conv
            ? .conv4(channels: command.isGiven("channels") ? command.int("channels") : 64,
                     blocks: command.isGiven("blocks") ? command.int("blocks") : 4)
            : .mlp(hidden: command.isGiven("sizes") ? command.list("sizes").map { if case let .int(v) = $0 { return v }; return 1 } : [40, 40])
        if case let .mlp(hidden) = network, hidden.count > 8 {
            throw SessionError.tooLarge(what: "an MLP of \(hidden.count) hidden layers", needs: "\(hidden.count) layers", limit: "8")
        }
        guard network.kind == context.state.data.kind else {
            throw SessionError.wrongData("model \(conv ? "conv4 takes images" : "mlp takes sine inputs"), but the data is \(context.state.data.name): choose 'data \(conv ? "glyphs" : "sines")' first")
        }
        context.state.network = network
        show(network, context)
    }

    /// The network's summary and size.
    static func show(_ network: NetworkChoice, _ context: SessionContext) {
        let outputs = network.kind == .classification ? context.state.settings.ways : 1
        let model = network.model(outputs: outputs)
        var generator = SeededGenerator(seed: 0)
        let count = model.initialParameters(using: &generator).scalarCount
        context.console.line("model: \(model.summary); \(count) parameters")
    }

    private static func set(_ command: ValidatedCommand, _ context: inout SessionContext) throws {
        guard !command.given.isEmpty else {
            ResultCommands.showSettings(context)
            return
        }
        var settings = context.state.settings
        if command.isGiven("out") {
            let folder = command.word("out")
            try OutputFolder.prepare(folder: folder)
            settings.outputFolder = folder
        }
        if command.isGiven("seed") { settings.seed = UInt64(command.int("seed")) }
        if command.isGiven("ways") { settings.ways = command.int("ways") }
        if command.isGiven("shots") { settings.shots = command.int("shots") }
        if command.isGiven("queries") { settings.queries = command.int("queries") }
        if command.isGiven("episodes") { settings.episodes = command.int("episodes") }
        if command.isGiven("iterations") { settings.iterations = command.int("iterations") }
        if command.isGiven("timings") { settings.timings = command.bool("timings") }
        if command.isGiven("width") { context.console.width = command.int("width") }
        context.state.settings = settings
        let changed = command.parsed.options.map { option in "\(option.name) = \(command[option.name]!)" }
        context.console.line(changed.joined(separator: ", "))
    }
}
