import MetaLesson
import MetaLearn

/// MetaLab's REPL and lesson commands, each declared once: its signature and its handler.
/// Algorithm names come from `AlgorithmRegistry.standard`.
///
/// How to add a command: add one `SessionCommand(CommandSignature(…), Arguments.self) { context, arguments in … }`
/// to its group below, with a `CommandArguments` struct (in `CommandArguments.swift`) that
/// decodes the validated line once. The signature is what `help`, validation and Tab
/// completion use; the handler receives the typed arguments. There is no other list to keep
/// in step, and a command without a handler cannot be written.
enum MetaLabCommands {
    /// Every algorithm `train` knows, by its command-line name.
    static let algorithms = AlgorithmRegistry.standard.names

    /// Every command: its signature and its handler, in the order `help` lists them.
    static var all: [SessionCommand] { lessons + setup + training + results + figures + session }

    /// The catalog of every command (help, validation, completion).
    static let catalog = CommandCatalog(all.map(\.signature))

    // MARK: Groups

    /// Lesson navigation.
    static var lessons: [SessionCommand] { [
        SessionCommand(CommandSignature("lessons", group: "Lessons", "list the lessons")) { context, _ in try LessonCommands.list(&context) },
        SessionCommand(CommandSignature("open", group: "Lessons", "open a lesson at its first step", positionals: [
            ArgumentSpec("lesson", .string, required: true, completion: .lessons, "lesson number, name or file"),
        ]), WordArgument.self) { context, arguments in try LessonCommands.open(arguments.word ?? "", &context) },
        SessionCommand(CommandSignature("next", group: "Lessons", "run the next step (Enter on an empty line does the same)")) { context, _ in try LessonCommands.next(&context) },
        SessionCommand(CommandSignature("back", group: "Lessons", "go back one step and show it again")) { context, _ in try LessonCommands.rewind(&context, toStart: false) },
        SessionCommand(CommandSignature("restart", group: "Lessons", "go back to the lesson's first step")) { context, _ in try LessonCommands.rewind(&context, toStart: true) },
        SessionCommand(CommandSignature("where", group: "Lessons", "show the open lesson and step")) { context, _ in try LessonCommands.whereAt(context) },
    ] }

    /// Data, model and session defaults.
    static var setup: [SessionCommand] { [
        SessionCommand(CommandSignature("seed", group: "Setup", "set the session's random seed", positionals: [
            ArgumentSpec("value", .int(0...Int(UInt32.max)), required: true, "the seed"),
        ]), SetupArguments.self) { context, arguments in SetupCommands.seed(arguments, &context) },
        SessionCommand(CommandSignature("data", group: "Setup", "choose where tasks come from", positionals: [
            ArgumentSpec("source", .choice(DataSource.words), required: true,
                         "glyphs (built in), sines, omniglot PATH, runs PATH, mnist PATH or navigation (meta-RL)"),
            ArgumentSpec("path", .path, completion: .paths, "folder or .zip (omniglot, runs), folder of IDX files (mnist)"),
        ], options: [
            ArgumentSpec("rotations", .bool, default: .bool(false), "add 90° rotations as extra classes (omniglot)"),
            ArgumentSpec("train-digits", .list(.int(0...9)), "mnist: digits to meta-train on; the others become the test classes (default: none, test only)"),
        ]), SetupArguments.self) { context, arguments in try SetupCommands.data(arguments, &context) },
        SessionCommand(CommandSignature("model", group: "Setup", "choose the network", positionals: [
            ArgumentSpec("kind", .choice(NetworkKind.words), required: true, "Conv-4 for images, MLP for sines"),
        ], options: [
            ArgumentSpec("channels", .int(1...256), "filters per conv block (conv4; default 64)"),
            ArgumentSpec("blocks", .int(1...4), "conv blocks (conv4; default 4)"),
            ArgumentSpec("sizes", .list(.int(1...4096)), "hidden layer widths (mlp; default 40,40)"),
        ]), SetupArguments.self) { context, arguments in try SetupCommands.model(arguments, &context) },
        SessionCommand(CommandSignature("set", group: "Setup", "change session defaults", options: [
            ArgumentSpec("seed", .int(0...Int(UInt32.max)), "random seed"),
            ArgumentSpec("out", .path, completion: .paths, "folder for figures and checkpoints"),
            ArgumentSpec("ways", .int(1...50), "classes per episode"),
            ArgumentSpec("shots", .int(1...50), "support examples per class"),
            ArgumentSpec("queries", .int(1...100), "query examples per class"),
            ArgumentSpec("episodes", .int(1...5000), "test episodes for evaluation"),
            ArgumentSpec("iterations", .int(1...100_000), "meta-updates for train, compare and sweep"),
            ArgumentSpec("timings", .bool, "print training times"),
            ArgumentSpec("width", .int(20...400), "text width"),
        ]), SetupArguments.self) { context, arguments in try SetupCommands.set(arguments, &context) },
    ] }

    /// Training, evaluation and looking inside the algorithms.
    static var training: [SessionCommand] { [
        SessionCommand(CommandSignature("train", group: "Training", "meta-train an algorithm, then test it",
                         positionals: [algorithm], options: episodeOptions + [
            ArgumentSpec("inner-lr", .float(0...10), "inner-loop step size α (default: per algorithm and data)"),
            ArgumentSpec("outer-lr", .float(0...10), default: .float(0.001), "meta learning rate β (Reptile: initial ε when given)"),
            ArgumentSpec("inner-steps", .int(0...100), "adaptation steps in training (default: per algorithm)"),
            ArgumentSpec("test-steps", .int(0...100), "adaptation steps at test time (default: as in training)"),
            metaBatch,
            ArgumentSpec("iterations", .int(1...100_000), default: .int(1000), "meta-updates to run"),
            ArgumentSpec("first-order", .bool, default: .bool(false), "drop second-order terms (MAML, ANIL)"),
            ArgumentSpec("blocks", .int(0...16), "finetune: backbone blocks tuned, counted from the last (default: all)"),
            ArgumentSpec("validate", .int(0...100_000), default: .int(0), "validate every N iterations (0: never)"),
            episodes, inference, seed, resultName,
        ]), TrainingArguments.self) { context, arguments in try TrainingCommands.train(arguments, &context) },
        SessionCommand(CommandSignature("eval", group: "Training", "test a result on fresh episodes (mean ± 95% interval)",
                         positionals: [result], options: [
            ArgumentSpec("ways", .int(1...50), "classes per episode (default: as trained)"),
            ArgumentSpec("shots", .int(1...50), "examples per class (default: as trained)"),
            episodes, inference, seed,
            ArgumentSpec("as", .name, completion: .results, "keep this test as a new result (RESULT keeps its own)"),
        ]), ResultTestArguments.self) { context, arguments in try TrainingCommands.evaluate(arguments, &context) },
        SessionCommand(CommandSignature("adapt", group: "Training", "adapt a result to one task step by step, printing the losses",
                         positionals: [result], options: [
            ArgumentSpec("steps", .int(1...100), default: .int(5), "adaptation steps"),
            seed,
        ]), ResultTestArguments.self) { context, arguments in try InsightCommands.adapt(arguments, &context) },
        SessionCommand(CommandSignature("layers", group: "Training", "how much each layer's weights and features change as a result adapts",
                         positionals: [result], options: [
            ArgumentSpec("steps", .int(1...100), default: .int(5), "adaptation steps"),
            ArgumentSpec("episodes", .int(2...1000), default: .int(20), "test episodes to average over"),
            seed,
            ArgumentSpec("to", .path, completion: .paths, "also draw it as a .png (weight change and feature similarity by step)"),
        ]), LayerChangeArguments.self) { context, arguments in try LayerChangeCommand.run(arguments, &context) },
        SessionCommand(CommandSignature("compare", group: "Training", "train and test several algorithms on the same episodes",
                         options: [
            ArgumentSpec("algos", .list(.choice(AlgorithmRegistry.standard.names)), required: true, completion: .algorithms, "algorithms to compare"),
        ] + episodeOptions + [
            ArgumentSpec("iterations", .int(1...100_000), "meta-updates each (default: set iterations=)"),
            metaBatch, episodes, inference, seed,
            ArgumentSpec("to", .path, completion: .paths, "plot of the training curves (.png)"),
        ]), TrainingArguments.self) { context, arguments in try TrainingCommands.compare(arguments, &context) },
        SessionCommand(CommandSignature("sweep", group: "Training",
                                        "train at several learning rates, choose on the validation classes, test the choice",
                         positionals: [algorithm], options: [
            ArgumentSpec("lrs", .list(.float(0...10)), required: true, "learning rates to try"),
            ArgumentSpec("rate", .choice(SweepRate.allCases.map(\.rawValue)),
                         "which rate: inner (α) or outer (β; default: inner where the algorithm has one)"),
            ArgumentSpec("iterations", .int(1...100_000), "meta-updates each (default: set iterations=)"),
        ] + episodeOptions + [
            metaBatch,
            ArgumentSpec("episodes", .int(1...5000), "validation episodes per rate, and test episodes for the choice (default: set episodes=)"),
            inference, seed,
            ArgumentSpec("as", .name, completion: .results, "name for the chosen result (default: ALGO-best)"),
            ArgumentSpec("to", .path, completion: .paths, "plot of validation score against learning rate (.png)"),
        ]), TrainingArguments.self) { context, arguments in try TrainingCommands.sweep(arguments, &context) },
        SessionCommand(CommandSignature("explain", group: "Training", "an algorithm's update rule with live numbers on one task",
                         positionals: [algorithm], options: [
            ArgumentSpec("of", .name, completion: .results, "a trained result to use (default: fresh weights)"),
            seed,
        ]), TrainingArguments.self) { context, arguments in try Explanation.run(arguments, &context) },
        SessionCommand(CommandSignature("challenge", group: "Training", "the Omniglot one-shot challenge: train on background sets, classify Lake's runs",
                         options: [
            ArgumentSpec("algo", .choice(AlgorithmRegistry.standard.challengeNames), default: .word("protonet"),
                         completion: .algorithms, "the algorithm to train"),
            ArgumentSpec("minutes", .float(0.01...1440), default: .float(15), "training budget per background set"),
            ArgumentSpec("runs", .path, default: .path("../shared/data/omniglot/all_runs.zip"), completion: .paths,
                         "Lake's runs: all_runs.zip or its folder"),
            ArgumentSpec("background", .list(.path), completion: .paths,
                         "background sets, comma-separated (default: images_background_small1/2.zip next to the runs)"),
            seed,
        ]), ChallengeArguments.self) { context, arguments in try ChallengeCommands.run(arguments, &context) },
        SessionCommand(CommandSignature("gradcheck", group: "Training", "the meta-gradient against central finite differences",
                         positionals: [algorithm], options: [
            seed,
            ArgumentSpec("as", .name, completion: .results, "name to keep the check under (default: gradcheck)"),
        ]), GradientCheckArguments.self) { context, arguments in try GradientCheck.run(arguments, &context) },
    ] }

    /// Inspecting, checking and saving results.
    static var results: [SessionCommand] { [
        SessionCommand(CommandSignature("results", group: "Results", "list the results of this session")) { context, _ in ResultCommands.listResults(context) },
        SessionCommand(CommandSignature("show", group: "Results", "describe model, params, data, settings, algorithms or a result",
                         positionals: [
            ArgumentSpec("path", .name, required: true, completion: .results, "a topic or a result's dotted path"),
        ], options: [
            ArgumentSpec("of", .name, completion: .results, "the result whose parameters to list (params)"),
        ]), ShowArguments.self) { context, arguments in try ResultCommands.show(arguments, &context) },
        SessionCommand(CommandSignature("print", group: "Results", "print a value of a result", positionals: [
            ArgumentSpec("path", .name, required: true, completion: .results, "result name or dotted path (maml.test.accuracy)"),
        ]), ShowArguments.self) { context, arguments in try ResultCommands.printValue(arguments.path, &context) },
        SessionCommand(CommandSignature("expect", group: "Results", "check a claim about a result: a lesson's test", positionals: [
            ArgumentSpec("path", .name, required: true, completion: .results, "dotted path to a number"),
            ArgumentSpec("comparison", .choice(Comparison.words), required: true, "how to compare"),
            ArgumentSpec("value", .string, required: true, completion: .results, "a number, or another dotted path"),
        ], options: [
            ArgumentSpec("tolerance", .float(0...Double.infinity), default: .float(0), "allowed difference for == and !="),
            ArgumentSpec("times", .float(0...Double.infinity), default: .float(1), "compare with VALUE multiplied by this factor"),
        ]), ExpectArguments.self) { context, arguments in try Expectation.check(arguments, &context) },
        SessionCommand(CommandSignature("paired", group: "Results", "compare two tests on the same episodes, episode by episode",
                         positionals: [
            ArgumentSpec("first", .name, required: true, completion: .results, "a tested result"),
            ArgumentSpec("second", .name, required: true, completion: .results, "another, tested on the same episodes"),
        ], options: [
            ArgumentSpec("as", .name, completion: .results, "name to keep the comparison under (default: paired)"),
        ]), PairedArguments.self) { context, arguments in try PairedComparison.run(arguments, &context) },
        SessionCommand(CommandSignature("save", group: "Results", "save a result's weights (.safetensors) or filters (.png)",
                         positionals: [
            ArgumentSpec("what", .choice(SaveTarget.words), required: true, "what to save"),
        ], options: [
            ArgumentSpec("of", .name, required: true, completion: .results, "the result"),
            ArgumentSpec("to", .path, required: true, completion: .paths, "output file"),
            ArgumentSpec("layer", .int(1...4), default: .int(1), "conv block whose filters to draw"),
        ]), CheckpointArguments.self) { context, arguments in try CheckpointCommands.save(arguments, &context) },
        SessionCommand(CommandSignature("load", group: "Results", "load weights written by 'save model'", positionals: [
            ArgumentSpec("what", .choice(["model"]), required: true, "what to load"),
            ArgumentSpec("file", .path, required: true, completion: .paths, ".safetensors file"),
        ], options: [resultName]), CheckpointArguments.self) { context, arguments in try CheckpointCommands.load(arguments, &context) },
    ] }

    /// Figures, as PNG files and previews in the terminal.
    static var figures: [SessionCommand] { [
        SessionCommand(CommandSignature("episode", group: "Figures", "sample one episode and show it", options: [
            ArgumentSpec("ways", .int(1...50), "classes (default: set ways=)"),
            ArgumentSpec("shots", .int(1...50), "support examples per class (default: set shots=)"),
            ArgumentSpec("queries", .int(0...100), "query examples per class (default 2)"),
            seed,
            ArgumentSpec("to", .path, completion: .paths, "also write it as a .png"),
        ]), FigureArguments.self) { context, arguments in try FigureCommands.episode(arguments, &context) },
        SessionCommand(CommandSignature("plot", group: "Figures", "draw a figure as a PNG", positionals: [
            ArgumentSpec("what", .choice(PlotKind.words), required: true, "the kind of figure"),
        ], options: [
            ArgumentSpec("of", .list(.name), completion: .results, "results to draw"),
            ArgumentSpec("to", .path, required: true, completion: .paths, "output .png file"),
            ArgumentSpec("steps", .int(1...100), "adaptation steps (adaptation; default 10)"),
            ArgumentSpec("episodes", .int(1...1000), "episodes to pool (confusion, adaptation)"),
            ArgumentSpec("metric", .choice(["accuracy", "loss"]), "what curves show (default: accuracy for classification, loss for regression)"),
            seed,
            ArgumentSpec("title", .string, "figure title"),
        ]), FigureArguments.self) { context, arguments in try PlotCommand.run(arguments, &context) },
    ] }

    /// The session itself.
    static var session: [SessionCommand] { [
        SessionCommand(CommandSignature("help", group: "Session", "list commands, or describe one", positionals: [
            ArgumentSpec("command", .name, "command to describe"),
        ]), WordArgument.self) { context, arguments in try SessionCommands.help(arguments.word, &context) },
        SessionCommand(CommandSignature("quit", group: "Session", "leave (Ctrl-D does the same)")) { context, _ in context.state.quitRequested = true },
    ] }

    // MARK: Shared arguments

    private static let algorithm = ArgumentSpec("algo", .choice(AlgorithmRegistry.standard.names), required: true,
                                                completion: .algorithms, "the algorithm")
    private static let result = ArgumentSpec("result", .name, required: true, completion: .results, "a result name")
    private static let resultName = ArgumentSpec("as", .name, completion: .results, "name to keep the result under")
    private static let seed = ArgumentSpec("seed", .int(0...Int(UInt32.max)), default: .int(0),
                                           "random seed (when not given: the session's)")
    private static let metaBatch = ArgumentSpec("meta-batch", .int(1...256), "tasks per meta-update (default: per algorithm)")
    private static let episodes = ArgumentSpec("episodes", .int(1...5000), "test episodes (default: set episodes=)")
    private static let inference = ArgumentSpec("inference", .choice(Inference.allCases.map(\.rawValue)), default: .word("inductive"),
                                                "how the test treats queries: each alone with the support set, or all as one batch")
    private static let episodeOptions: [ArgumentSpec] = [
        ArgumentSpec("dataset", .choice(DataSource.trainable.map(\.rawValue)), default: .word("glyphs"), "where episodes come from"),
        ArgumentSpec("ways", .int(1...50), default: .int(5), "classes per episode"),
        ArgumentSpec("shots", .int(1...50), default: .int(1), "examples per class in the support set"),
        ArgumentSpec("queries", .int(1...100), default: .int(15), "query examples per class"),
    ]
}
