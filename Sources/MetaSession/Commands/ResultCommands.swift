import MetaTensor
import MetaNN
import MetaLesson

/// `results`, `show`, `print` and `expect`.
enum ResultCommands {
    /// `print PATH`: a value, or a group of values, of a result.
    static func printValue(_ path: String, _ context: inout SessionContext) throws {
        let value = try context.state.results.value(at: path)
        let lines = value.rendered(indent: "  ")
        if case .group = value { context.console.lines([path + ":"] + lines) }
        else { context.console.line(path + " = " + lines[0]) }
    }

    static func listResults(_ context: SessionContext) {
        let store = context.state.results
        guard !store.names.isEmpty else {
            context.console.line("No results yet: 'train maml' makes one.")
            return
        }
        let rows = store.names.map { name -> [String] in
            let result = try? store.get(name)
            let values = result?.values ?? ResultGroup()
            let kind = values["algorithm"].map { $0.rendered()[0] } ?? ""
            let test = result?.test.map { "\($0.score) \(ResultValue.format($0.estimate.mean)) ± \(ResultValue.format($0.estimate.interval95))" } ?? ""
            let data = values["data"].map { $0.rendered()[0] } ?? ""
            return [name, kind, data, test]
        }
        context.console.lines(TextTable.render(header: ["name", "algorithm", "data", "test"], rows: rows))
    }

    static func show(_ arguments: ShowArguments, _ context: inout SessionContext) throws {
        let console = context.console
        guard let topic = arguments.topic else {
            let path = arguments.path
            let value = try context.state.results.value(at: path)
            console.lines([path + ":"] + value.rendered(indent: "  "))
            return
        }
        switch topic {
        case .model:
            SetupCommands.show(context.state.currentNetwork, context)
        case .data:
            SetupCommands.describe(context.state.data, console)
        case .settings:
            showSettings(context)
        case .results:
            listResults(context)
        case .algorithms:
            let rows = context.registry.all.map { [$0.name, $0.title, $0.citation, $0.kinds.map(\.rawValue).joined(separator: ", ")] }
            console.lines(TextTable.render(header: ["name", "algorithm", "paper", "learns"], rows: rows))
        case .params:
            try showParameters(of: arguments.of, context)
        }
    }

    /// The session's defaults.
    static func showSettings(_ context: SessionContext) {
        let s = context.state.settings
        let kind = context.state.data.kind
        context.console.lines([
            "seed = \(s.seed)", "ways = \(s.ways)", "shots = \(s.shots(for: kind))", "queries = \(s.queries(for: kind))",
            "episodes = \(s.episodes)", "iterations = \(s.iterations)", "timings = \(s.timings)", "out = \(s.outputFolder)",
            "data = \(context.state.data.name)", "model = \(context.state.currentNetwork.command)",
        ])
    }

    private static func showParameters(of name: String?, _ context: SessionContext) throws {
        let parameters: Parameters
        if let name {
            parameters = try context.learner(name).1.checkpoint
        } else {
            var generator = SeededGenerator(seed: context.state.settings.seed)
            let network = context.state.currentNetwork
            parameters = network.model(outputs: network.kind == .classification ? context.state.settings.ways : 1)
                .initialParameters(using: &generator)
        }
        let rows = zip(parameters.names, parameters.tensors).map { name, tensor -> [String] in
            let values = tensor.scalars
            let mean = values.reduce(0, +) / Float(max(values.count, 1))
            let rms = (values.map { $0 * $0 }.reduce(0, +) / Float(max(values.count, 1))).squareRoot()
            return [name, "[" + tensor.shape.map(String.init).joined(separator: ", ") + "]", String(values.count),
                    ResultValue.format(Double(mean)), ResultValue.format(Double(rms))]
        }
        context.console.lines(TextTable.render(header: ["name", "shape", "count", "mean", "rms"], rows: rows))
        context.console.line("\(parameters.scalarCount) parameters")
    }
}
