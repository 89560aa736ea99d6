import MetaTensor
import MetaLearn

/// Which learning rate `sweep` varies.
enum SweepRate: String, CaseIterable {
    /// The inner-loop step size α (`inner-lr=`), for learners that adapt by gradient steps.
    case inner
    /// The training rate (`outer-lr=`: Adam's β, Reptile's ε), for every learner.
    case outer

    /// The option it sets.
    var option: String { rawValue + "-lr" }
    /// Its name on a chart's axis.
    var axisLabel: String { self == .inner ? "inner learning rate α" : "outer learning rate β" }
}

extension TrainingCommands {
    /// `sweep ALGO lrs=…`: trains one learner per rate, scores each on episodes of the
    /// **validation** classes, keeps the best by validation, and only then tests that one on
    /// the test classes. The test classes play no part in the choice.
    static func sweep(_ arguments: TrainingArguments, _ context: inout SessionContext) throws {
        let algorithm = try context.algorithm(arguments.algorithms[0])
        let rate = try sweptRate(arguments.sweepRate, algorithm)
        let plotPath = try arguments.plot.map { file throws(SessionError) in try context.outputPath(file) }
        let chosenName = try context.resultName(arguments.name, default: "\(algorithm.name)-best")
        let rates = arguments.innerLearningRates
        let requests = try rates.map { value in
            try TrainingRequest(arguments, algorithm: algorithm.name, context: context,
                                innerLearningRate: rate == .inner ? value : nil, outerLearningRate: rate == .outer ? value : nil)
        }
        var points: [(rate: Double, result: SessionResult, validation: MeanEstimate)] = []
        for (index, request) in requests.enumerated() {
            let trained = try Trainer.run(request, name: "\(algorithm.name)-lr\(index + 1)", context: &context, evaluate: false)
            guard !context.stop.isRaised, let learner = trained.learner else { break }
            let stream = try request.data.stream(.validation, shape: request.shape)
            let progress = Progress(console: context.console, label: "validate \(trained.name)", options: context.options)
            let (scores, stopped) = try SessionTesting.scores(of: learner, on: stream, count: request.episodes, seed: request.seed,
                                                              inference: request.inference, stop: context.stop, progress: progress)
            let validation = MeanEstimate(scores)
            var result = trained
            result.values.set("validation." + request.setup.kind.scoreName, validation.mean)
            result.values.set("validation.ci95", validation.interval95)
            context.state.results.put(result)
            points.append((rates[index], result, validation))
            if stopped { break }
        }
        guard let first = requests.first else { return }
        let kind = first.setup.kind, score = kind.scoreName, f = ResultValue.format
        context.console.line()
        context.console.lines(TextTable.render(header: [rate.option, "result", "validation \(score) (95%, \(first.inference))"], rows: points.map {
            [f($0.rate), $0.result.name, f($0.validation.mean) + " ± " + f($0.validation.interval95)]
        }))
        if let plotPath, !points.isEmpty {
            try Charts.sweep(points.map { ($0.rate, $0.validation) }, score: score, label: rate.axisLabel, algorithm: algorithm.title).writePNG(to: plotPath)
            context.wrote(plotPath, what: "the sweep")
        }
        let better: (MeanEstimate, MeanEstimate) -> Bool = kind == .classification ? { $0.mean > $1.mean } : { $0.mean < $1.mean }
        guard let best = points.filter({ $0.validation.mean.isFinite }).max(by: { better($1.validation, $0.validation) }),
              let learner = best.result.learner, !context.stop.isRaised else { return }
        context.console.line("chosen on the validation classes: \(rate.option) \(f(best.rate)) ('\(best.result.name)', kept as '\(chosenName)'); its test:")
        let request = requests[points.firstIndex { $0.result.name == best.result.name }!]
        var chosen = best.result.renamed(chosenName)
        chosen.values.set("chosen." + rate.option, best.rate)
        try Trainer.test(chosen, learner: learner, on: request.data.stream(.test, shape: request.shape), episodes: request.episodes,
                         seed: request.seed, inference: request.inference, drawn: request.data.describe(request.shape), context: &context)
    }

    /// The rate to sweep: as asked, or the inner rate for learners that have one and the outer otherwise.
    private static func sweptRate(_ asked: SweepRate?, _ algorithm: Algorithm) throws(SessionError) -> SweepRate {
        let options = Set(algorithm.knobs.map(\.option))
        let rate = asked ?? (options.contains(SweepRate.inner.option) ? .inner : .outer)
        guard options.contains(rate.option) else {
            throw .unsupported("\(algorithm.name) has no \(rate.option) to sweep: try rate=\(rate == .inner ? "outer" : "inner")")
        }
        return rate
    }
}
