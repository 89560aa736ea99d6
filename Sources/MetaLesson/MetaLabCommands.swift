/// The signatures of MetaLab's REPL and lesson commands; the session attaches handlers to
/// them with `CommandTable(binding:to:)`.
public enum MetaLabCommands {
    /// Every algorithm `train` knows, by its command-line name.
    public static let algorithms = [
        "maml", "fomaml", "anil", "reptile", "meta-sgd", "protonet", "matching", "siamese",
        "ridge", "lstm-meta", "learned-opt", "pretrain", "linear-probe", "finetune",
    ]

    /// The datasets episodes can be drawn from.
    public static let datasets = ["glyphs", "sines", "omniglot"]

    /// The comparison operators `expect` accepts.
    public static let comparisons = [">=", "<=", ">", "<", "==", "!="]

    /// The catalog of every command.
    public static let catalog = CommandCatalog(lessons + training + results + figures + session)

    // MARK: Groups

    /// Lesson navigation.
    public static let lessons: [CommandSignature] = [
        CommandSignature("lessons", group: "Lessons", "list the lessons"),
        CommandSignature("open", group: "Lessons", "open a lesson at its first step", positionals: [
            ArgumentSpec("lesson", .string, required: true, completion: .lessons, "lesson name or number"),
        ]),
        CommandSignature("next", group: "Lessons", "run the next step (Enter on an empty line does the same)"),
        CommandSignature("back", group: "Lessons", "go back one step"),
        CommandSignature("restart", group: "Lessons", "go back to the lesson's first step"),
        CommandSignature("where", group: "Lessons", "show the open lesson and step"),
    ]

    /// Training and evaluation.
    public static let training: [CommandSignature] = [
        CommandSignature("train", group: "Training", "meta-train an algorithm on few-shot episodes",
                         positionals: [algorithm], options: episodeOptions + [
            ArgumentSpec("inner-lr", .float(0...10), default: .float(0.4), "inner-loop (adaptation) step size α"),
            ArgumentSpec("outer-lr", .float(0...1), default: .float(0.001), "meta (outer-loop) learning rate β"),
            ArgumentSpec("inner-steps", .int(0...100), default: .int(1), "gradient steps of adaptation"),
            ArgumentSpec("meta-batch", .int(1...256), default: .int(32), "tasks per meta-update"),
            ArgumentSpec("iterations", .int(1...100_000), default: .int(1000), "meta-updates to run"),
            ArgumentSpec("first-order", .bool, default: .bool(false), "drop second-order terms"),
            ArgumentSpec("seed", .int(0...Int(UInt32.max)), default: .int(0), "random seed"),
            resultName,
        ]),
        CommandSignature("eval", group: "Training", "evaluate a trained result on test episodes (95% interval)",
                         positionals: [result], options: [
            ArgumentSpec("episodes", .int(1...10_000), default: .int(600), "test episodes"),
            ArgumentSpec("ways", .int(2...50), "classes per episode (default: as trained)"),
            ArgumentSpec("shots", .int(1...100), "examples per class (default: as trained)"),
            ArgumentSpec("seed", .int(0...Int(UInt32.max)), default: .int(1), "random seed"),
        ]),
        CommandSignature("compare", group: "Training", "train several algorithms on the same episodes",
                         options: [
            ArgumentSpec("algos", .list(.choice(algorithms)), required: true, completion: .algorithms, "algorithms to compare"),
        ] + episodeOptions + [
            ArgumentSpec("iterations", .int(1...100_000), default: .int(1000), "meta-updates each"),
            ArgumentSpec("seed", .int(0...Int(UInt32.max)), default: .int(0), "random seed"),
        ]),
        CommandSignature("sweep", group: "Training", "train one algorithm at several inner learning rates",
                         positionals: [algorithm], options: [
            ArgumentSpec("lrs", .list(.float(0...10)), required: true, "inner learning rates to try"),
            ArgumentSpec("iterations", .int(1...100_000), default: .int(300), "meta-updates each"),
        ] + episodeOptions),
        CommandSignature("bench", group: "Training", "time the kernels and a MAML step (release builds only)"),
    ]

    /// Inspecting and checking results.
    public static let results: [CommandSignature] = [
        CommandSignature("results", group: "Results", "list the results of this session"),
        CommandSignature("show", group: "Results", "print a result or one value of it", positionals: [
            ArgumentSpec("path", .name, required: true, completion: .results, "result name or dotted path (maml.test.accuracy)"),
        ]),
        CommandSignature("expect", group: "Results", "check a value: a lesson's claim", positionals: [
            ArgumentSpec("path", .name, required: true, completion: .results, "dotted path to a number"),
            ArgumentSpec("comparison", .choice(comparisons), required: true, "how to compare"),
            ArgumentSpec("value", .float(), required: true, "the number to compare with"),
        ], options: [
            ArgumentSpec("tolerance", .float(0...Double.infinity), default: .float(0), "allowed difference for =="),
        ]),
        CommandSignature("load", group: "Results", "load weights from a .safetensors file", positionals: [
            ArgumentSpec("file", .path, required: true, completion: .paths, "file to read"),
        ], options: [resultName]),
        CommandSignature("save", group: "Results", "save a result's weights or filters", positionals: [
            ArgumentSpec("what", .choice(["weights", "filters"]), required: true, "what to save"),
        ], options: [
            ArgumentSpec("of", .name, required: true, completion: .results, "the result"),
            ArgumentSpec("to", .path, required: true, completion: .paths, "output file (.safetensors or .png)"),
            ArgumentSpec("layer", .int(1...8), default: .int(1), "layer whose filters to draw"),
        ]),
    ]

    /// Figures, as PNG files or previews in the terminal.
    public static let figures: [CommandSignature] = [
        CommandSignature("plot", group: "Figures", "draw a figure as a PNG", positionals: [
            ArgumentSpec("what", .choice(["curves", "accuracy", "filters", "episode", "sines", "embedding"]),
                         required: true, "the kind of figure"),
        ], options: [
            ArgumentSpec("of", .list(.name), completion: .results, "results to draw"),
            ArgumentSpec("to", .path, required: true, completion: .paths, "output .png file"),
            ArgumentSpec("title", .string, "figure title"),
        ]),
        CommandSignature("preview", group: "Figures", "show images in the terminal", positionals: [
            ArgumentSpec("what", .choice(["episode", "filters"]), required: true, "what to show"),
        ], options: [
            ArgumentSpec("of", .name, completion: .results, "result whose filters to show"),
            ArgumentSpec("dataset", .choice(datasets), default: .word("glyphs"), "where episodes come from"),
            ArgumentSpec("ways", .int(1...20), default: .int(5), "classes to show"),
            ArgumentSpec("shots", .int(1...10), default: .int(1), "examples per class"),
            ArgumentSpec("seed", .int(0...Int(UInt32.max)), default: .int(0), "random seed"),
        ]),
    ]

    /// The session itself.
    public static let session: [CommandSignature] = [
        CommandSignature("help", group: "Session", "list commands, or describe one", positionals: [
            ArgumentSpec("command", .name, "command to describe"),
        ]),
        CommandSignature("set", group: "Session", "change a session setting", options: [
            ArgumentSpec("out", .path, completion: .paths, "folder for PNG files"),
            ArgumentSpec("color", .bool, "styled output"),
            ArgumentSpec("width", .int(20...400), "text width"),
        ]),
        CommandSignature("quit", group: "Session", "leave (Ctrl-D does the same)"),
    ]

    // MARK: Shared arguments

    private static let algorithm = ArgumentSpec("algo", .choice(algorithms), required: true,
                                                completion: .algorithms, "the algorithm")
    private static let result = ArgumentSpec("result", .name, required: true, completion: .results, "a result name")
    private static let resultName = ArgumentSpec("as", .name, completion: .results, "name to keep the result under")
    private static let episodeOptions: [ArgumentSpec] = [
        ArgumentSpec("dataset", .choice(datasets), default: .word("glyphs"), "where episodes come from"),
        ArgumentSpec("ways", .int(2...50), default: .int(5), "classes per episode"),
        ArgumentSpec("shots", .int(1...100), default: .int(1), "examples per class in the support set"),
        ArgumentSpec("queries", .int(1...100), default: .int(15), "query examples per class"),
    ]
}
