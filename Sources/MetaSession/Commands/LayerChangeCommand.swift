import MetaTensor
import MetaNN
import MetaLearn

/// `layers RESULT`: how much each layer of a result's Conv-4 changes while it adapts to test
/// episodes — its weights and its features (Raghu et al. 2020's "rapid learning or feature
/// reuse?"). Keeps `RESULT.layers.<layer>.change` and `.similarity` (after the last step).
enum LayerChangeCommand {
    static func run(_ arguments: LayerChangeArguments, _ context: inout SessionContext) throws {
        let name = arguments.result
        let (stored, learner) = try context.episodeLearner(name)
        guard let network = learner.model as? Conv4 else {
            throw SessionError.unsupported("'layers' compares the blocks of a Conv-4, but '\(name)' is \(learner.model.summary)")
        }
        let seed = context.seed(arguments.seed)
        var tasks: [AnyTask] = []
        for index in 0..<arguments.episodes {
            tasks.append(try InsightCommands.task(for: stored, context: context, seed: seed &+ UInt64(index)))
        }
        var paths: [(task: ClassificationTask, path: [Parameters])] = []
        for task in tasks {
            guard case let .classification(episode) = task, let path = learner.adaptationPath(on: task, steps: arguments.steps) else {
                throw SessionError.unsupported("\(stored.algorithm?.name ?? name) does not adapt by gradient steps: its weights stay as they are on every episode")
            }
            paths.append((episode, path))
        }
        let change = LayerChange(network: network, paths: paths)
        var result = stored
        let keys = change.layers.map { $0.replacingOccurrences(of: " ", with: "") }
        for (layer, key) in keys.enumerated() {
            result.values.set("layers.\(key).change", change.weightChange[layer][change.steps].mean)
            result.values.set("layers.\(key).similarity", change.similarity[layer][change.steps].mean)
        }
        result.values.set("layers.steps", Double(change.steps))
        result.values.set("layers.episodes", Double(paths.count))
        context.state.results.put(result)
        report(change, name: name, episodes: paths.count, context)
        if let file = arguments.file {
            let path = try context.outputPath(file)
            try LayerChangeFigure.figure(change, name: name).writePNG(to: path)
            context.wrote(path, what: "the layer changes")
        }
    }

    private static func report(_ change: LayerChange, name: String, episodes: Int, _ context: SessionContext) {
        let k = change.steps
        context.console.line("\(name) adapting to \(episodes) \(context.state.data.name) test episodes, \(k) step\(k == 1 ? "" : "s") (queries normalised with the support set's statistics):")
        let rows = change.layers.indices.map { layer -> [String] in
            [change.layers[layer], cell(change.weightChange[layer][min(1, k)]), cell(change.weightChange[layer][k]),
             cell(change.similarity[layer][k])]
        }
        let header = ["layer", "weight change, 1 step", "after \(k)", "feature similarity (CKA) after \(k)"]
        context.console.lines(TextTable.render(header: header, rows: rows).map { "  " + $0 })
        context.console.line("  weight change: ‖θ′ − θ‖ / ‖θ‖ per layer; CKA 1: the layer's features are unchanged up to rotation and scale")
    }

    private static func cell(_ estimate: MeanEstimate) -> String {
        ResultValue.format(estimate.mean) + " ± " + ResultValue.format(estimate.interval95)
    }
}
