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

    static func run(_ command: ValidatedCommand, _ context: inout SessionContext) throws {
        if command.word("algo") == "svm" {
            return try SVMGradientCheck.run(name: context.resultName(command, default: "gradcheck"), seed: context.seed(command), &context)
        }
        let algorithm = try context.algorithm(command.word("algo"))
        guard algorithm.hasMetaGradient else {
            if let refusal = algorithm.gradcheckRefusal { throw SessionError.unsupported(refusal) }
            let reason = algorithm.example == .reptileStep
                ? "\(algorithm.title)'s update θ′ − θ is not the gradient of a loss"
                : "\(algorithm.title) has no inner loop: it trains on an ordinary episode loss"
            throw SessionError.unsupported(reason + ", so there is no meta-gradient to check: try 'gradcheck maml'")
        }
        let name = try context.resultName(command, default: "gradcheck")
        let seed = context.seed(command)
        var generator = SeededGenerator(seed: seed)
        let hyper = algorithm.defaults(.regression).with { $0.innerSteps = 2; $0.innerLearningRate = 0.05 }
        let setup = LearnerSetup(kind: .regression, network: .mlp(hidden: [8]), ways: 1, hyper: hyper)
        let learner = algorithm.make(setup, &generator)
        let task = AnyTask.regression(RegressionTask(SineTasks().sample(shots: 10, queries: 10, using: &generator)))
        let theta = learner.checkpoint
        guard let analytic = learner.metaGradient(on: task, at: theta)?.gradients.flatMap(\.scalars) else {
            throw SessionError.unsupported("\(algorithm.name) has no meta-gradient to check")
        }
        var numeric: [Float] = []
        for (t, tensor) in theta.tensors.enumerated() {
            for i in 0..<tensor.count {
                let plus = metaLoss(learner, task, theta.shifted(t, i, by: step))
                let minus = metaLoss(learner, task, theta.shifted(t, i, by: -step))
                numeric.append((plus - minus) / (2 * step))
            }
            if context.stop.isRaised { throw SessionError.unsupported("gradcheck stopped (Ctrl-C)") }
        }
        let error = relativeError(analytic.map(Double.init), numeric.map(Double.init))
        var values = ResultGroup()
        values.set("algorithm", text: algorithm.name)
        values.set("parameters", Double(analytic.count))
        values.set("analytic.norm", norm(analytic.map(Double.init)))
        values.set("numeric.norm", norm(numeric.map(Double.init)))
        values.set("error", error)
        context.state.results.put(SessionResult(name: name, values: values))
        let console = context.console
        console.line("\(algorithm.title): meta-gradient of \(analytic.count) meta-parameters (\(setup.model.summary), 2 inner steps, α = 0.05) on one sine task")
        console.line("  against central differences with h = \(ResultValue.format(Double(step))): relative error \(ResultValue.format(error))")
        console.line("  " + verdict(error, firstOrder: algorithm.name == "fomaml"))
    }

    private static func verdict(_ error: Double, firstOrder: Bool) -> String {
        if firstOrder {
            return "first-order MAML leaves out the term through the inner steps, so it is not the exact meta-gradient"
        }
        return error < 1e-2 ? "✓ matches (below 0.01)" : "✗ does not match (0.01 or more)"
    }

    private static func metaLoss(_ learner: any SessionLearner, _ task: AnyTask, _ parameters: Parameters) -> Float {
        learner.metaGradient(on: task, at: parameters)?.loss ?? .nan
    }

    /// ‖a − b‖ / max(‖a‖, ‖b‖).
    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        let difference = norm(zip(a, b).map { $0 - $1 })
        return difference / max(norm(a), norm(b), 1e-12)
    }

    private static func norm(_ values: [Double]) -> Double { values.map { $0 * $0 }.reduce(0, +).squareRoot() }
}

extension Parameters {
    /// A copy with element `index` of tensor `tensorIndex` moved by `delta`.
    func shifted(_ tensorIndex: Int, _ index: Int, by delta: Float) -> Parameters {
        var scalars = tensors[tensorIndex].scalars
        scalars[index] += delta
        var changed = tensors
        changed[tensorIndex] = Tensor(shape: tensors[tensorIndex].shape, scalars: scalars)
        return with(tensors: changed)
    }
}
