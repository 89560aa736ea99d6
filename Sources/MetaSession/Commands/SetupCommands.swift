import MetaData
import MetaTensor
import MetaLesson

/// `seed`, `data`, `model` and `set`.
enum SetupCommands {
    /// `seed N`.
    static func seed(_ arguments: SetupArguments, _ context: inout SessionContext) {
        let value = arguments.value ?? 0
        context.state.settings.seed = UInt64(value)
        context.console.line("seed \(value)")
    }

    static func data(_ arguments: SetupArguments, _ context: inout SessionContext) throws {
        guard let source = arguments.source else { preconditionFailure("data validated without its SOURCE") }
        let path = arguments.path
        if source == .glyphs || source == .sines || source == .navigation, path != nil {
            throw SessionError.wrongData("'data \(source.rawValue)' takes no path: the \(source.rawValue) data is built in")
        }
        if arguments.trainDigits != nil, source != .mnist {
            throw SessionError.wrongData("train-digits= belongs to 'data mnist PATH': it splits the ten digits into training and test classes")
        }
        let choice: DataChoice
        switch source {
        case .glyphs: choice = .images(.glyphs)
        case .sines: choice = .sines
        case .navigation: choice = .navigation
        case .omniglot:
            guard let path else { throw SessionError.wrongData("data omniglot needs a PATH: an Omniglot folder or zip") }
            choice = .images(try ImageData.omniglot(path: path, rotations: arguments.rotations))
        case .runs:
            guard let path else { throw SessionError.wrongData("data runs needs a PATH: all_runs.zip or its folder") }
            choice = .runs(name: (path as String).split(separator: "/").last.map(String.init) ?? path, try OneShotRuns(path: path))
        case .mnist:
            guard let path else { throw SessionError.wrongData("data mnist needs a PATH: a folder holding t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz]") }
            let name = (path as String).split(separator: "/").last.map(String.init) ?? path
            let digits = try MNISTDataset(path: path)
            choice = try arguments.trainDigits.map { training throws(SessionError) in .images(try ImageData.digits(digits, name: name, training: training)) }
                ?? .digits(name: name, digits)
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
        case let .digits(name, digits):
            console.line("data: \(digits.classCount) digit classes from \(name) (\(digits.imageCount) images), test episodes only: train on glyphs or omniglot first, then 'eval'")
        case .navigation:
            let world = PointNavigation()
            console.line("data: 2-D navigation (MAML §5.3): from the origin, \(world.horizon) moves of at most \(world.maxStep) per coordinate "
                         + "towards a goal in [−½, ½]²; reward −distance")
        case let .runs(name, runs):
            console.line("data: \(runs.runs.count) one-shot runs from \(name) (20-way 1-shot, within one alphabet), for 'eval'")
        }
    }

    static func model(_ arguments: SetupArguments, _ context: inout SessionContext) throws {
        let conv = arguments.network == .conv4
        let misplaced = conv ? [("sizes", arguments.sizes != nil)] : [("channels", arguments.channels != nil), ("blocks", arguments.blocks != nil)]
        for (option, given) in misplaced where given {
            throw SessionError.unsupported("\(option)= belongs to 'model \(conv ? "mlp" : "conv4")'")
        }
        let network: NetworkChoice = conv
            ? .conv4(channels: arguments.channels ?? 64, blocks: arguments.blocks ?? 4)
            : .mlp(hidden: arguments.sizes ?? [40, 40])
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

    static func set(_ arguments: SetupArguments, _ context: inout SessionContext) throws {
        guard !arguments.given.isEmpty else {
            ResultCommands.showSettings(context)
            return
        }
        var settings = context.state.settings
        if let folder = arguments.out {
            try OutputFolder.prepare(folder: folder)
            settings.outputFolder = folder
        }
        if let seed = arguments.seed { settings.seed = seed }
        if let ways = arguments.ways { settings.ways = ways }
        if let shots = arguments.shots { settings.shots = shots }
        if let queries = arguments.queries { settings.queries = queries }
        if let episodes = arguments.episodes { settings.episodes = episodes }
        if let iterations = arguments.iterations { settings.iterations = iterations }
        if let timings = arguments.timings { settings.timings = timings }
        if let width = arguments.width { context.console.width = width }
        context.state.settings = settings
        context.console.line(arguments.given.joined(separator: ", "))
    }
}
