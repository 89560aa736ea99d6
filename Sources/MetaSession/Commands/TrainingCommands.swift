import MetaNN
import MetaLesson
import MetaPlot

/// `train`, `eval`, `compare` and `sweep`.
enum TrainingCommands {
    /// `train ALGO`: one training request, run and tested.
    static func train(_ arguments: TrainingArguments, _ context: inout SessionContext) throws {
        let request = try TrainingRequest(arguments, algorithm: arguments.algorithms[0], context: context)
        let name = try context.resultName(arguments.name, default: request.algorithm.name)
        try Trainer.run(request, name: name, context: &context)
    }

    static func evaluate(_ arguments: ResultTestArguments, _ context: inout SessionContext) throws {
        let name = arguments.result
        let (result, learner) = try context.learner(name)
        let data = context.state.data
        guard let setup = result.setup, setup.kind == data.kind else {
            throw SessionError.wrongData("'\(name)' learned \(result.setup?.kind.rawValue ?? "another kind of task"), but the data is \(data.name)")
        }
        let shape = context.shape(arguments.episodes, kind: setup.kind, data: data, trained: result.shape)
        if let conv = learner.model as? Conv4, conv.configuration.classes > 0, conv.configuration.classes != shape.ways {
            throw SessionError.wrongData("'\(name)' has a \(conv.configuration.classes)-way head, so it cannot answer \(shape.ways)-way episodes: train it with ways=\(shape.ways)")
        }
        let stream = try data.stream(.test, shape: shape)
        let episodes = arguments.testEpisodes ?? (data.fixedShape != nil ? 20 : context.state.settings.episodes)
        context.console.line("\(name) on \(data.name):")
        try Trainer.test(name, on: stream, episodes: episodes, seed: context.seed(arguments.seed), context: &context)
    }

    static func compare(_ arguments: TrainingArguments, _ context: inout SessionContext) throws {
        let plotPath = try arguments.plot.map { file throws(SessionError) in try context.outputPath(file) }
        let requests = try arguments.algorithms.map { try TrainingRequest(arguments, algorithm: $0, context: context) }
        var rows: [SessionResult] = []
        for request in requests {
            rows.append(try Trainer.run(request, name: request.algorithm.name, context: &context))
            if context.stop.isRaised { break }
        }
        let score = requests[0].setup.kind.scoreName
        let table = rows.map { result -> [String] in
            [result.name, testCell(result), result.training?.loss.map { ResultValue.format($0.last) } ?? "–"]
        }
        context.console.line()
        context.console.lines(TextTable.render(header: ["algorithm", "test \(score) (95%)", "final training loss"], rows: table))
        if let plotPath {
            try Charts.trainingCurves(rows, title: "Training curves, \(requests[0].dataDescription)").writePNG(to: plotPath)
            context.wrote(plotPath, what: "the training curves")
        }
    }

    static func sweep(_ arguments: TrainingArguments, _ context: inout SessionContext) throws {
        let rates = arguments.innerLearningRates
        let plotPath = try arguments.plot.map { file throws(SessionError) in try context.outputPath(file) }
        let requests = try rates.map { try TrainingRequest(arguments, algorithm: arguments.algorithms[0], context: context, innerLearningRate: $0) }
        var points: [(rate: Double, result: SessionResult)] = []
        for (index, request) in requests.enumerated() {
            let result = try Trainer.run(request, name: "\(request.algorithm.name)-lr\(index + 1)", context: &context)
            points.append((rates[index], result))
            if context.stop.isRaised { break }
        }
        let kind = requests[0].setup.kind
        let score = kind.scoreName
        let table = points.map { point -> [String] in
            [ResultValue.format(point.rate), point.result.name, testCell(point.result)]
        }
        context.console.line()
        context.console.lines(TextTable.render(header: ["inner-lr", "result", "test \(score) (95%)"], rows: table))
        let scored = points.compactMap { point in point.result.test.map { (point.rate, $0.estimate.mean) } }
        if let best = (kind == .classification ? scored.max { $0.1 < $1.1 } : scored.min { $0.1 < $1.1 }) {
            context.console.line("best: inner-lr \(ResultValue.format(best.0)) (\(score) \(ResultValue.format(best.1)))")
        }
        if let plotPath {
            try Charts.sweep(points.map { ($0.rate, $0.result) }, score: score, algorithm: requests[0].algorithm.title).writePNG(to: plotPath)
            context.wrote(plotPath, what: "the sweep")
        }
    }
}

extension TrainingCommands {
    /// "0.81 ± 0.02": a result's test score with its 95% interval, or "– ± –" when untested.
    static func testCell(_ result: SessionResult) -> String {
        (result.test.map { ResultValue.format($0.estimate.mean) } ?? "–") + " ± " + (result.test.map { ResultValue.format($0.estimate.interval95) } ?? "–")
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
