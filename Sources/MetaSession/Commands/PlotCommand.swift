import MetaTensor
import MetaNN
import MetaData
import MetaLearn
import MetaPlot
import MetaLesson

/// `plot curves|adaptation|sines|embedding|confusion|lrs|episode|trajectories … to=FILE.png`.
enum PlotCommand {
    static func run(_ arguments: FigureArguments, _ context: inout SessionContext) throws {
        guard let kind = arguments.kind, let file = arguments.file else { preconditionFailure("plot validated without WHAT or to=") }
        let path = try context.outputPath(file)
        let names = arguments.of, title = arguments.title
        let seed = context.seed(arguments.seed)
        let figure: any Figure
        switch kind {
        case .curves:
            let results = try (names.isEmpty ? context.state.results.names.filter { (try? context.learner($0)) != nil } : names)
                .map { try context.learner($0).0 }
            guard !results.isEmpty else { throw SessionError.unsupported("no trained results to plot: 'train maml' makes one") }
            let metric = arguments.metric.flatMap(Charts.CurveMetric.init(rawValue:))
            figure = Charts.trainingCurves(results, title: title ?? "Training curves", metric: metric)
        case .sines:
            figure = SineFigures.distribution(count: 6, seed: seed)
        case .adaptation:
            figure = try adaptation(names, arguments, seed: seed, title: title, context)
        case .embedding:
            figure = try embedding(one(names, kind), seed: seed, title: title, context)
        case .confusion:
            figure = try confusion(one(names, kind), arguments, seed: seed, title: title, context)
        case .lrs:
            let (result, learner) = try context.learner(one(names, kind))
            guard let rates = learner.learnedRates else {
                throw SessionError.unsupported("'\(result.name)' has no learned step sizes: only meta-sgd learns them")
            }
            let kinds = [(4, "conv filters"), (2, "linear weights"), (1, "biases and norms")]
            let groups = kinds.compactMap { rank, name -> HistogramGroup? in
                let values = rates.tensors.filter { $0.rank == rank }.flatMap(\.scalars).map(Double.init)
                return values.isEmpty ? nil : HistogramGroup(name: name, values: values)
            }
            figure = Histogram(groups: groups, configuration: .init(title: title ?? "\(result.name): learned step sizes α", xLabel: "α"))
        case .trajectories:
            let (result, learner) = try context.learner(one(names, kind))
            if let navigation = learner as? NavigationLearner {
                figure = NavigationFigure.trajectories(navigation.agent, goals: navigation.figureGoals(4), stepSize: navigation.testStepSize,
                                                       trajectories: NavigationLearner.trajectories, seed: seed,
                                                       title: title ?? "\(result.name): before (light), after one step (dark)")
            } else {
                guard let comparison = (learner as? LearnedOptimizerLearner)?.comparison else {
                    throw SessionError.unsupported("'\(result.name)' has no trajectories: 'train learned-opt' or 'train maml-rl' makes them")
                }
                figure = Charts.trajectories(comparison, title: title ?? "\(result.name): loss on held-out quadratics")
            }
        case .episode:
            figure = try episode(names.first, seed: seed, title: title, context)
        }
        try figure.writePNG(to: path)
        context.wrote(path, what: "the \(kind.rawValue) plot")
    }

    private static func one(_ names: [String], _ kind: PlotKind) throws(SessionError) -> String {
        guard let name = names.first else { throw .unsupported("plot \(kind) needs of=RESULT") }
        return name
    }

    private static func adaptation(_ names: [String], _ arguments: FigureArguments, seed: UInt64, title: String?,
                                   _ context: SessionContext) throws -> any Figure {
        guard !names.isEmpty else { throw SessionError.unsupported("plot adaptation needs of=RESULT") }
        let steps = arguments.steps ?? 10
        let learners = try names.map { try context.learner($0) }
        if learners[0].0.setup?.kind == .regression {
            let (result, learner) = learners[0]
            var generator = SeededGenerator(seed: seed ^ 0xADA9)
            let task = SineTasks().sample(shots: result.shape?.shots ?? 10, queries: 10, using: &generator)
            guard let path = learner.adaptationPath(on: .regression(RegressionTask(task)), steps: steps) else {
                throw SessionError.unsupported("'\(result.name)' does not adapt by gradient steps")
            }
            let shown = Array(Set([0, 1, steps])).sorted()
            let predictions = shown.map { k in
                (k == 0 ? "before adapting" : "after \(k) step\(k == 1 ? "" : "s")", SineFigures.predict(learner.model, path[k]))
            }
            return SineFigures.task(task, predictions: predictions, title: title ?? "\(result.name) adapting to one sine task (K = \(task.supportX.count))")
        }
        let episodes = arguments.count ?? 20
        var curves: [(name: String, estimates: [MeanEstimate])] = []
        for (result, learner) in learners {
            var generator = SeededGenerator(seed: seed ^ 0xADA9)
            let stream = try context.state.data.stream(.test, shape: context.state.data.fixedShape ?? result.shape!)
            let estimates = try TaskCurves.adaptation(
                steps: steps, count: episodes, using: &generator, sample: stream.sample(using:),
                path: { learner.adaptationPath(on: $0, steps: steps) },
                score: { task, parameters in Double(TaskMeasure(model: learner.model, task: task.supervised).queryScore(parameters)) },
                unsupported: { SessionError.unsupported("'\(result.name)' does not adapt by gradient steps") },
                shouldStop: { context.stop.isRaised })
            curves.append((result.name, estimates))
        }
        return Charts.adaptationSteps(curves, score: "accuracy")
    }

    private static func embedding(_ name: String, seed: UInt64, title: String?, _ context: SessionContext) throws -> any Figure {
        let (result, learner) = try context.learner(name)
        guard let conv = learner.model as? Conv4, let shape = result.shape else {
            throw SessionError.unsupported("embedding plots need a Conv-4 result; '\(name)' is \(learner.model.summary)")
        }
        var generator = SeededGenerator(seed: seed ^ 0xE3B)
        let stream = try context.state.data.stream(.test, shape: context.state.data.fixedShape ?? shape)
        guard case let .classification(task) = try stream.sample(using: &generator) else { throw SessionError.wrongData("embedding plots need image data") }
        let input = Tensor.concatenate([task.support, task.query], axis: 0)
        let features = conv.features(input, parameters: learner.weights.detached())
        let width = features.shape[1], values = features.scalars.map(Double.init)
        let rows = (0..<features.shape[0]).map { Array(values[($0 * width)..<(($0 + 1) * width)]) }
        let projected = PCA.project(rows)
        let labels = task.supportLabels + task.queryLabels
        let groups = (0..<task.ways).map { label -> ScatterGroup in
            let members = labels.indices.filter { labels[$0] == label }
            let support = members.filter { $0 < task.supportLabels.count }
            let centre = support.map { projected[$0] }
            let mean = PlotPoint(centre.map(\.x).reduce(0, +) / Double(max(centre.count, 1)),
                                 centre.map(\.y).reduce(0, +) / Double(max(centre.count, 1)))
            return ScatterGroup(name: "class \(label)", points: members.map { PlotPoint(projected[$0].x, projected[$0].y) }, marked: [mean])
        }
        var configuration = ScatterPlot.Configuration(title: title ?? "\(name): embeddings of one test episode (PCA)",
                                                      xLabel: "first principal component", yLabel: "second principal component")
        configuration.markedName = "support mean"
        return ScatterPlot(groups: groups, configuration: configuration)
    }

    private static func confusion(_ name: String, _ arguments: FigureArguments, seed: UInt64, title: String?,
                                  _ context: SessionContext) throws -> any Figure {
        let (result, learner) = try context.episodeLearner(name)
        guard let shape = result.shape, result.setup?.kind == .classification else {
            throw SessionError.unsupported("confusion matrices need a classification result")
        }
        let ways = context.state.data.fixedShape?.ways ?? shape.ways
        let stream = try context.state.data.stream(.test, shape: context.state.data.fixedShape ?? shape)
        var generator = SeededGenerator(seed: seed ^ 0xC0F)
        let rates = try TaskCurves.confusion(ways: ways, count: arguments.count ?? 50, using: &generator, sample: { generator in
            guard case let .classification(task) = try stream.sample(using: &generator) else { return nil }
            return task
        }, predict: { learner.predictions(for: $0) }, shouldStop: { context.stop.isRaised })
        var configuration = HeatMap.Configuration(title: title ?? "\(name): confusion over test episodes (rows: true position)",
                                                  xLabel: "predicted position", yLabel: "true position")
        configuration.rowLabels = (0..<ways).map(String.init)
        configuration.columnLabels = (0..<ways).map(String.init)
        configuration.range = 0...1
        return HeatMap(values: rates, configuration: configuration)
    }

    private static func episode(_ name: String?, seed: UInt64, title: String?, _ context: SessionContext) throws -> any Figure {
        let data = context.state.data
        var generator = SeededGenerator(seed: seed)
        var shape = EpisodeShape(ways: context.state.settings.ways, shots: context.state.settings.shots(for: .classification), queries: 2)
        var learner: (any SessionLearner)?
        if let name {
            let (result, trained) = try context.episodeLearner(name)
            learner = trained
            shape = result.shape.map { EpisodeShape(ways: $0.ways, shots: $0.shots, queries: 2) } ?? shape
        }
        guard case let .classification(task) = try data.stream(.test, shape: data.fixedShape ?? shape).sample(using: &generator) else {
            throw SessionError.wrongData("episode plots need image data: 'data glyphs'")
        }
        let predictions = learner?.predictions(for: task)
        let heading = title ?? (name.map { "\($0) on one test episode: green right, red wrong" } ?? "One \(task.ways)-way \(task.shots)-shot test episode")
        return EpisodeFigure.grid(task, predictions: predictions, title: heading)
    }
}

