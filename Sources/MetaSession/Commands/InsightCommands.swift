import MetaTensor
import MetaNN
import MetaData
import MetaLearn
import MetaLesson

/// Looking inside the algorithms: `adapt`, `explain` and `gradcheck`.
enum InsightCommands {

    /// One test task of the result's kind and shape, drawn with `seed`.
    static func task(for result: SessionResult, context: SessionContext, seed: UInt64) throws -> AnyTask {
        let data = context.state.data
        guard let setup = result.setup, setup.kind == data.kind, let shape = result.shape else {
            throw SessionError.wrongData("'\(result.name)' learned \(result.setup?.kind.rawValue ?? "another kind of task"), but the data is \(data.name)")
        }
        let stream = try data.stream(.test, shape: data.fixedShape ?? shape)
        var generator = SeededGenerator(seed: seed ^ 0xADA9)
        return try stream.sample(using: &generator)
    }

    static func adapt(_ arguments: ResultTestArguments, _ context: inout SessionContext) throws {
        let name = arguments.result
        let (stored, learner) = try context.learner(name)
        var result = stored
        let task = try task(for: result, context: context, seed: context.seed(arguments.seed))
        guard let path = learner.adaptationPath(on: task, steps: arguments.steps) else {
            throw SessionError.unsupported("\(result.algorithm?.name ?? name) does not adapt by gradient steps: it answers from the support set in one pass")
        }
        let measure = TaskMeasure(model: learner.model, task: task.supervised)
        let score = task.kind.scoreName
        var columns: [(key: String, values: [Double])] = [
            ("support", path.map { Double(measure.supportLoss($0)) }),
            ("query", path.map { Double(measure.queryLoss($0)) }),
        ]
        // A regression task's score is its query loss (MSE): no second column for it.
        if task.kind == .classification { columns.append((score, path.map { Double(measure.queryScore($0)) })) }
        let rows = path.indices.map { step in [String(step)] + columns.map { ResultValue.format($0.values[step]) } }
        let header = ["step", "support loss", "query loss"] + (task.kind == .classification ? ["query \(score)"] : [])
        context.console.line("\(name) adapting to one \(context.state.data.name) test task:")
        context.console.lines(TextTable.render(header: header, rows: rows).map { "  " + $0 })
        for column in columns {
            result.values.set("adapt.\(column.key).first", column.values[0])
            result.values.set("adapt.\(column.key).last", column.values[column.values.count - 1])
        }
        result.values.set("adapt.steps", Double(path.count - 1))
        context.state.results.put(result)
    }
}
