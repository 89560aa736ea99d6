import MetaTensor
import MetaData
import MetaLearn
import MetaLesson

/// `save filters` and `episode`: the figure commands besides `plot`.
enum FigureCommands {
    /// `save filters of=RESULT layer=N to=FILE.png`: a Conv-4 block's filters as a PNG grid,
    /// previewed in the terminal.
    static func saveFilters(_ arguments: CheckpointArguments, _ context: inout SessionContext) throws {
        let (result, learner) = try context.episodeLearner(arguments.of)
        guard case let .conv4(_, blocks)? = result.setup?.network else {
            throw SessionError.unsupported("'\(result.name)' is not a Conv-4: only convolution filters can be drawn")
        }
        let layer = arguments.layer
        guard layer <= blocks else { throw SessionError.unsupported("'\(result.name)' has \(blocks) conv blocks, not \(layer)") }
        let weight = learner.weights["\(4 * (layer - 1)).weight"]            // [out, in, 3, 3]
        let filters = FilterFigure.filters(of: weight)
        let path = try context.outputPath(arguments.file)
        let note = layer == 1 ? "" : ", summed over \(weight.shape[1]) input channels"
        try FilterFigure.grid(filters, title: "\(result.name): block \(layer) filters (\(filters.count)\(note))").writePNG(to: path)
        let preview = FilterFigure.preview(filters, context.console)
        context.console.line("block \(layer) filters of '\(result.name)' (first \(preview.shown) of \(filters.count); red positive, blue negative):")
        context.console.lines(preview.lines)
        context.wrote(path, what: "the filters")
    }

    /// `episode`: one episode in the terminal (and as a PNG grid with `to=`); a sine task's
    /// support points on sines.
    static func episode(_ arguments: FigureArguments, _ context: inout SessionContext) throws {
        let data = context.state.data
        let seed = context.seed(arguments.seed)
        guard data.kind == .classification else {
            try sine(arguments, seed: seed, &context)
            return
        }
        let options = arguments.episodes
        let shape = data.fixedShape ?? EpisodeShape(
            ways: options.ways ?? context.state.settings.ways,
            shots: options.shots ?? context.state.settings.shots(for: .classification),
            queries: options.queries ?? 2)
        var generator = SeededGenerator(seed: seed)
        guard case let .classification(task) = try data.stream(data.fixedShape == nil ? .train : .test, shape: shape).sample(using: &generator) else { return }
        let console = context.console
        console.line("\(data.name): \(task.ways)-way \(task.shots)-shot episode (seed \(seed)); support above, one image per class, queries below")
        EpisodeFigure.preview(task, console)
        if let file = arguments.file {
            let path = try context.outputPath(file)
            try EpisodeFigure.grid(task, predictions: nil, title: "\(task.ways)-way \(task.shots)-shot episode from \(data.name)").writePNG(to: path)
            context.wrote(path, what: "the episode")
        }
    }


    private static func sine(_ arguments: FigureArguments, seed: UInt64, _ context: inout SessionContext) throws {
        var generator = SeededGenerator(seed: seed)
        let shots = arguments.episodes.shots ?? context.state.settings.shots(for: .regression)
        let task = SineTasks().sample(shots: shots, queries: 0, using: &generator)
        let points = zip(task.supportX.scalars, task.supportY.scalars).map { "(\(ResultValue.format(Double($0))), \(ResultValue.format(Double($1))))" }
        context.console.line("sine task (seed \(seed)): y = \(ResultValue.format(Double(task.amplitude)))·sin(x − \(ResultValue.format(Double(task.phase))))")
        context.console.line("  \(shots) support points: " + points.joined(separator: " "))
        if let file = arguments.file {
            let path = try context.outputPath(file)
            try SineFigures.task(task, predictions: [], title: "One sine task: A = \(ResultValue.format(Double(task.amplitude))), φ = \(ResultValue.format(Double(task.phase)))").writePNG(to: path)
            context.wrote(path, what: "the task")
        }
    }
}
