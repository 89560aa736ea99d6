import MetaTensor
import MetaNN
import MetaData
import MetaLearn
import MetaLesson

/// `gradcheck ALGO`: the meta-gradient the algorithm computes, against central finite
/// differences of its meta-loss, on a tiny network and one sine task.
///
/// The meta-loss is the query loss after two inner steps, as a function of the
/// meta-parameters (θ, and α for Meta-SGD). Second-order MAML matches it to rounding;
/// first-order MAML does not, by design: it drops the term through the inner steps.
enum GradientCheck {
    /// The finite-difference step (small, so few ReLUs switch sides; large enough for Float32).
    static let step: Float = 2e-3

    static func run(_ arguments: GradientCheckArguments, _ context: inout SessionContext) throws {
        let algorithm = try context.algorithm(arguments.algorithm)
        if let check = algorithm.ownGradientCheck {
            let outcome = check(context.seed(arguments.seed))
            var values = ResultGroup()
            values.set("algorithm", text: algorithm.name)
            for (path, value) in outcome.values { values.set(path, value) }
            context.state.results.put(SessionResult(name: try context.resultName(arguments.name, default: "gradcheck"), values: values))
            context.console.lines(outcome.lines)
            return
        }
        if let refusal = algorithm.gradcheckRefusal { throw SessionError.unsupported(refusal) }
        guard algorithm.hasMetaGradient else {
            let reason = algorithm.example == .reptileStep
                ? "\(algorithm.title)'s update θ′ − θ is not the gradient of a loss"
                : "\(algorithm.title) has no inner loop: it trains on an ordinary episode loss"
            throw SessionError.unsupported(reason + ", so there is no meta-gradient to check: try 'gradcheck maml'")
        }
        guard algorithm.kinds.contains(.regression) else {
            throw SessionError.unsupported("gradcheck checks on a sine task and a tiny MLP, but \(algorithm.name) learns \(algorithm.kinds.map(\.rawValue).joined(separator: " and ")) only: try 'gradcheck maml'")
        }
        let name = try context.resultName(arguments.name, default: "gradcheck")
        let seed = context.seed(arguments.seed)
        var generator = SeededGenerator(seed: seed)
        let hyper = algorithm.defaults(.regression).with { $0.innerSteps = 2; $0.innerLearningRate = 0.05 }
        let setup = LearnerSetup(kind: .regression, network: .mlp(hidden: [8]), ways: 1, hyper: hyper)
        let learner = algorithm.make(setup, &generator)
        let task = AnyTask.regression(RegressionTask(SineTasks().sample(shots: 10, queries: 10, using: &generator)))
        let theta = learner.checkpoint
        guard let analytic = learner.metaGradient(on: task, at: theta)?.gradients.flatMap(\.scalars) else {
            throw SessionError.unsupported("\(algorithm.name) has no meta-gradient to check")
        }
        let stop = context.stop
        guard let numeric = FiniteDifferences.gradient(of: { learner.metaGradient(on: task, at: $0)?.loss ?? .nan }, at: theta,
                                                       step: step, shouldStop: { stop.isRaised }) else {
            throw SessionError.unsupported("gradcheck stopped (Ctrl-C)")
        }
        let error = FiniteDifferences.relativeError(analytic.map(Double.init), numeric)
        var values = ResultGroup()
        values.set("algorithm", text: algorithm.name)
        values.set("parameters", Double(analytic.count))
        values.set("analytic.norm", FiniteDifferences.norm(analytic.map(Double.init)))
        values.set("numeric.norm", FiniteDifferences.norm(numeric))
        values.set("error", error)
        context.state.results.put(SessionResult(name: name, values: values))
        let console = context.console
        console.line("\(algorithm.title): meta-gradient of \(analytic.count) meta-parameters (\(setup.model.summary), 2 inner steps, α = 0.05) on one sine task")
        console.line("  against central differences with h = \(ResultValue.format(Double(step))): relative error \(ResultValue.format(error))")
        console.line("  " + verdict(error, firstOrder: !algorithm.secondOrder))
    }

    private static func verdict(_ error: Double, firstOrder: Bool) -> String {
        if firstOrder {
            return "first-order MAML leaves out the term through the inner steps, so it is not the exact meta-gradient"
        }
        return error < 1e-2 ? "✓ matches (below 0.01)" : "✗ does not match (0.01 or more)"
    }
}
