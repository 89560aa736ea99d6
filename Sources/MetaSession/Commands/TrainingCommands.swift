import MetaNN
import MetaLesson
import MetaLearn
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
        // `as=`: this test is kept as a new result sharing the learner; RESULT keeps its own test.
        let kept = try arguments.name.map { given throws(SessionError) in try context.resultName(given, default: name) }
        context.console.line("\(name) on \(data.name)" + (kept.map { " (kept as '\($0)')" } ?? "") + ":")
        try Trainer.test(kept.map { result.renamed($0) } ?? result, learner: learner, on: stream, episodes: episodes,
                         seed: context.seed(arguments.seed), inference: arguments.inference, drawn: data.describe(shape), context: &context)
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
        context.console.lines(TextTable.render(header: ["algorithm", "test \(score) (95%, \(requests[0].inference))", "final training loss"],
                                               rows: table))
        if let plotPath {
            try Charts.trainingCurves(rows, title: "Training curves, \(requests[0].dataDescription)").writePNG(to: plotPath)
            context.wrote(plotPath, what: "the training curves")
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
