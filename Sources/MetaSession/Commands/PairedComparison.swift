import MetaLearn

/// `paired A B`: two tests on the same episodes compared episode by episode. Each episode's
/// score difference is one sample, so the interval is that of the mean difference — much
/// narrower than the two tests' own intervals suggest, because both met the same easy and
/// hard episodes. Kept as a result (`NAME.difference`, `NAME.ci95`, …) for `expect`.
enum PairedComparison {
    static func run(_ arguments: PairedArguments, _ context: inout SessionContext) throws {
        let (first, second) = try (tested(arguments.first, context), tested(arguments.second, context))
        guard first.test.episodes == second.test.episodes, first.test.scores.count == second.test.scores.count else {
            throw SessionError.unsupported(
                "'\(first.name)' and '\(second.name)' were not tested on the same episodes "
                + "(\(first.test.scores.count) episodes of \(first.test.episodes); \(second.test.scores.count) of \(second.test.episodes)): "
                + "test them alike, e.g. 'eval \(second.name) episodes=\(first.test.scores.count)' with the same seed")
        }
        let differences = zip(first.test.scores, second.test.scores).map { $0 - $1 }
        let estimate = MeanEstimate(differences)
        let higher = differences.filter { $0 > 0 }.count, lower = differences.filter { $0 < 0 }.count
        let score = first.test.score, f = ResultValue.format
        let console = context.console
        console.line("\(first.name) − \(second.name), \(score) on the same \(estimate.count) episodes (\(first.test.episodes)):")
        for (name, test) in [(first.name, first.test), (second.name, second.test)] {
            console.line("  \(name): \(f(test.estimate.mean)) ± \(f(test.estimate.interval95)) (\(test.inference))")
        }
        console.line("  paired difference: \(f(estimate.mean)) ± \(f(estimate.interval95)) (95% interval of the mean difference)")
        console.line("  higher for \(first.name) in \(higher) episodes, for \(second.name) in \(lower), equal in \(estimate.count - higher - lower)")
        var values = ResultGroup()
        values.set("first", text: first.name)
        values.set("second", text: second.name)
        values.set("difference", estimate.mean)
        values.set("ci95", estimate.interval95)
        values.set("episodes", Double(estimate.count))
        values.set("higher", Double(higher))
        values.set("lower", Double(lower))
        let name = try context.resultName(arguments.name, default: "paired")
        context.state.results.put(SessionResult(name: name, values: values))
    }

    /// The result called `name` with its last test.
    private static func tested(_ name: String, _ context: SessionContext) throws -> (name: String, test: TestSummary) {
        let result = try context.state.results.get(name)
        guard let test = result.test, !test.scores.isEmpty else {
            throw SessionError.unsupported("'\(name)' has no test on episodes to pair: 'eval \(name)' tests it")
        }
        return (name, test)
    }
}
