import MetaNN
import MetaLesson
import MetaPlot

/// `train`, `eval`, `compare` and `sweep`.
enum TrainingCommands {
    static var handlers: [String: Handler] {
        [
            "train": { context, command in
                if case .navigation = context.state.data { return try NavigationTraining.run(command, &context) }
                if command.word("algo") == "maml-rl" { throw SessionError.wrongData("maml-rl learns navigation tasks: 'data navigation' first") }
                let request = try TrainingRequest(command, algorithm: command.word("algo"), context: context)
                let name = try context.resultName(command, default: request.algorithm.name)
                try Trainer.run(request, name: name, context: &context)
            },
            "eval": { context, command in try evaluate(command, &context) },
            "compare": { context, command in try compare(command, &context) },
            "sweep": { context, command in try sweep(command, &context) },
        ]
    }

    private static func evaluate(_ command: ValidatedCommand, _ context: inout SessionContext) throws {
        let name = command.word("result")
        let (result, learner) = try context.learner(name)
        let data = context.state.data
        guard let setup = result.setup, setup.kind == data.kind else {
            throw SessionError.wrongData("'\(name)' learned \(result.setup?.kind.rawValue ?? "another kind of task"), but the data is \(data.name)")
        }
        let shape = context.shape(command, kind: setup.kind, data: data, trained: result.shape)
        if let conv = learner.model as? Conv4, conv.configuration.classes > 0, conv.configuration.classes != shape.ways {
            throw SessionError.wrongData("'\(name)' has a \(conv.configuration.classes)-way head, so it cannot answer \(shape.ways)-way episodes: train it with ways=\(shape.ways)")
        }
        let stream = try data.stream(.test, shape: shape)
        let episodes = data.fixedShape != nil && !command.isGiven("episodes") ? 20 : context.int(command, "episodes", or: context.state.settings.episodes)
        context.console.line("\(name) on \(data.name):")
        try Trainer.test(name, on: stream, episodes: episodes, seed: context.seed(command), context: &context)
    }

    private static func compare(_ command: ValidatedCommand, _ context: inout SessionContext) throws {
        let names = command.words("algos")
        let plotPath = try command["to"].map { _ in try context.outputPath(command.word("to")) }
        let requests = try names.map { try TrainingRequest(command, algorithm: $0, context: context) }
        var rows: [SessionResult] = []
        for request in requests {
            rows.append(try Trainer.run(request, name: request.algorithm.name, context: &context))
            if context.stop.isRaised { break }
        }
        let score = requests[0].setup.kind.scoreName
        let table = rows.map { result -> [String] in
            let mean = result.values.number("test." + score).map(ResultValue.format) ?? "–"
            let ci = result.values.number("test.ci95").map(ResultValue.format) ?? "–"
            let loss = result.values.number("train.loss.last").map(ResultValue.format) ?? "–"
            return [result.name, mean + " ± " + ci, loss]
        }
        context.console.line()
        context.console.lines(TextTable.render(header: ["algorithm", "test \(score) (95%)", "final training loss"], rows: table))
        if let plotPath {
            try Charts.trainingCurves(rows, title: "Training curves, \(requests[0].dataDescription)").writePNG(to: plotPath)
            context.wrote(plotPath, what: "the training curves")
        }
    }

    private static func sweep(_ command: ValidatedCommand, _ context: inout SessionContext) throws {
        let rates = command.floats("lrs")
        let plotPath = try command["to"].map { _ in try context.outputPath(command.word("to")) }
        let requests = try rates.map { try TrainingRequest(command, algorithm: command.word("algo"), context: context, innerLearningRate: $0) }
        var points: [(rate: Double, result: SessionResult)] = []
        for (index, request) in requests.enumerated() {
            let result = try Trainer.run(request, name: "\(request.algorithm.name)-lr\(index + 1)", context: &context)
            points.append((rates[index], result))
            if context.stop.isRaised { break }
        }
        let kind = requests[0].setup.kind
        let score = kind.scoreName
        let table = points.map { point -> [String] in
            let mean = point.result.values.number("test." + score).map(ResultValue.format) ?? "–"
            let ci = point.result.values.number("test.ci95").map(ResultValue.format) ?? "–"
            return [ResultValue.format(point.rate), point.result.name, mean + " ± " + ci]
        }
        context.console.line()
        context.console.lines(TextTable.render(header: ["inner-lr", "result", "test \(score) (95%)"], rows: table))
        let scored = points.compactMap { point in point.result.values.number("test." + score).map { (point.rate, $0) } }
        if let best = (kind == .classification ? scored.max { $0.1 < $1.1 } : scored.min { $0.1 < $1.1 }) {
            context.console.line("best: inner-lr \(ResultValue.format(best.0)) (\(score) \(ResultValue.format(best.1)))")
        }
        if let plotPath {
            try Charts.sweep(points.map { ($0.rate, $0.result) }, score: score, algorithm: requests[0].algorithm.title).writePNG(to: plotPath)
            context.wrote(plotPath, what: "the sweep")
        }
    }
}

/// Plain-text tables with aligned columns.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - DisplayWidth.of($0)) }
                .joined(separator: "  ").trimmingTrailingBlanks()
        }
        return [line(header), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")] + rows.map(line)
    }
}

extension String {
    /// The string without trailing spaces.
    func trimmingTrailingBlanks() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
