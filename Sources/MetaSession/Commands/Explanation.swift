import MetaTensor
import MetaNN
import MetaLesson
import MetaData
import MetaLearn

/// `explain ALGO`: the update rule as a card with the current hyper-parameters, then the
/// rule worked through on one task with live numbers. The numbers are kept as the result
/// `explain` (`explain.support.after`, …) so a lesson can check them.
enum Explanation {
    static func run(_ arguments: TrainingArguments, _ context: inout SessionContext) throws {
        let algorithm = try context.algorithm(arguments.algorithms[0])
        let (learner, setup, shape, origin) = try subject(arguments, algorithm, context)
        let console = context.console
        console.lines(card(algorithm, setup.hyper, learner: learner, style: console.style, width: console.width))
        var generator = SeededGenerator(seed: context.seed(arguments.seed) ^ 0xE8A1)
        let stream = try context.state.data.stream(.test, shape: shape)
        let task = try stream.sample(using: &generator)
        let kindText = setup.kind == .classification ? "\(shape.ways)-way \(shape.shots)-shot" : "\(shape.shots)-shot"
        var values = ResultGroup()
        values.set("algorithm", text: algorithm.name)
        let lines = workedExample(algorithm, learner, setup.hyper, task, into: &values)
        console.line()
        if lines.isEmpty {
            console.line("No worked example: \(algorithm.name) has no per-episode step to show; 'train \(algorithm.name)' shows it at work.")
        } else {
            console.line("Worked example on one \(context.state.data.name) \(kindText) test task, \(origin):")
            console.lines(TextTable.render(header: ["", "", ""], rows: lines).dropFirst(2).map { "  " + $0 })
        }
        context.state.results.put(SessionResult(name: "explain", values: values))
    }

    /// The learner to explain: a trained result (`of=`) or fresh weights on the session's data.
    private static func subject(_ arguments: TrainingArguments, _ algorithm: Algorithm, _ context: SessionContext)
        throws -> (any SessionLearner, LearnerSetup, EpisodeShape, String) {
        if let name = arguments.of {
            let (result, learner) = try context.episodeLearner(name)
            guard result.algorithm?.name == algorithm.name, let setup = result.setup, let shape = result.shape else {
                throw SessionError.unsupported("'\(result.name)' was not trained with \(algorithm.name): try 'explain \(result.algorithm?.name ?? "maml") of=\(result.name)'")
            }
            guard setup.kind == context.state.data.kind else {
                throw SessionError.wrongData("'\(result.name)' learned \(setup.kind.rawValue), but the data is \(context.state.data.name)")
            }
            return (learner, setup, shape, "weights of '\(result.name)'")
        }
        let request = try TrainingRequest(arguments, algorithm: algorithm.name, context: context)
        var generator = SeededGenerator(seed: request.seed)
        return (algorithm.make(request.setup, &generator), request.setup, request.shape, "fresh weights (seed \(request.seed))")
    }

    /// The boxed card: title, citation, formulas, hyper-parameters.
    static func card(_ algorithm: Algorithm, _ hyper: HyperParameters, learner: any SessionLearner,
                     style: TerminalStyle, width: Int) -> [String] {
        var body: [String] = []
        for formula in algorithm.formulas {
            body += LaTeX.display(formula).map { style.apply(.formula, to: $0) }
        }
        body.append("")
        for knob in algorithm.knobs {
            guard let value = knob.value(hyper) else { continue }
            let symbol = LaTeX.inline(knob.symbol == "k_test" ? "k_{test}" : knob.symbol)
            body.append("\(symbol) = \(ResultValue.format(value))".padding(toLength: 14, withPad: " ", startingAt: 0)
                        + knob.meaning + style.apply(.dim, to: "  (\(knob.option)=)"))
        }
        if let rates = learner.learnedRates {
            let all = rates.tensors.flatMap(\.scalars)
            let mean = all.reduce(0, +) / Float(max(all.count, 1))
            body.append("α per parameter: mean \(ResultValue.format(Double(mean))), from \(ResultValue.format(Double(all.min() ?? 0))) to \(ResultValue.format(Double(all.max() ?? 0)))")
        }
        let title = " \(algorithm.title) — \(algorithm.citation) "
        let inner = max(DisplayWidth.of(title) + 2, body.map { DisplayWidth.of(Console.plain($0)) }.max() ?? 0) + 2
        let top = "┌─" + style.apply(.heading, to: title) + String(repeating: "─", count: max(0, inner - DisplayWidth.of(title) - 1)) + "┐"
        let rows = body.map { line in
            "│ " + line + String(repeating: " ", count: max(0, inner - 1 - DisplayWidth.of(Console.plain(line)))) + "│"
        }
        return [top] + rows + ["└" + String(repeating: "─", count: inner) + "┘"]
    }

    /// The example's rows (what, formula, value) and the values kept.
    private static func workedExample(_ algorithm: Algorithm, _ learner: any SessionLearner, _ hyper: HyperParameters,
                                      _ task: AnyTask, into values: inout ResultGroup) -> [[String]] {
        if algorithm.example == .episodeLoss {
            return episodeExample(learner, hyper, task, into: &values)
        }
        let steps = algorithm.example == .reptileStep ? hyper.innerSteps : 1
        let path = learner.adaptationPath(on: task, steps: steps)
        // θ is where adaptation starts: the weights, with the head a task sets for itself (Proto-MAML).
        let measure = TaskMeasure(model: learner.model, task: task.supervised)
        let theta = path?.first ?? learner.weights
        let score = task.kind.scoreName
        let f = { (x: Float) in ResultValue.format(Double(x)) }
        let supportBefore = measure.supportLoss(theta)
        let gradientNorm = measure.supportGradientNorm(theta)
        values.set("support.before", Double(supportBefore))
        values.set("gradient.norm", Double(gradientNorm))
        var rows = [["support loss at θ", "ℒ_S(θ)", f(supportBefore)],
                    ["its gradient's norm", "‖∇θ ℒ_S(θ)‖", f(gradientNorm)]]
        guard let adapted = path?.last else { return rows }
        let supportAfter = measure.supportLoss(adapted)
        let (queryBefore, queryAfter) = (measure.queryLoss(theta), measure.queryLoss(adapted))
        let (scoreBefore, scoreAfter) = (measure.queryScore(theta), measure.queryScore(adapted))
        switch algorithm.example {
        case .innerStep:
            let rate = learner.learnedRates == nil ? "α = \(ResultValue.format(hyper.innerLearningRate))" : "learned α"
            rows.append(["one inner step (\(rate))", "θ′ = θ − α∇θ ℒ_S(θ)", ""])
        case .episodeLoss:
            break
        case .learnedStep:
            rows.append(["one learned step (LSTM gates)", "θ′ = f ⊙ θ − i ⊙ ∇θ ℒ_S(θ)", ""])
        case .reptileStep:
            let step = (adapted - theta).norm
            rows.append(["\(steps) Adam steps on the support set", "θ′ = Adam^\(steps)(θ)", ""])
            rows.append(["the Reptile step", "‖θ′ − θ‖", f(step)])
            rows.append(["outer move (one task, ε = \(ResultValue.format(hyper.outerLearningRate)))", "‖ε(θ′ − θ)‖",
                         f(step * Float(hyper.outerLearningRate))])
            values.set("step.norm", Double(step))
        }
        rows.append(["support loss after", "ℒ_S(θ′)", f(supportAfter)])
        rows.append(["query loss before → after", "ℒ_Q(θ) → ℒ_Q(θ′)", f(queryBefore) + " → " + f(queryAfter)])
        rows.append(["query \(score) before → after", "", f(scoreBefore) + " → " + f(scoreAfter)])
        values.set("support.after", Double(supportAfter))
        values.set("query.before", Double(queryBefore))
        values.set("query.after", Double(queryAfter))
        values.set(score + ".before", Double(scoreBefore))
        values.set(score + ".after", Double(scoreAfter))
        return rows
    }

    /// A metric learner's example: nothing adapts; the episode's loss and one training step's gradient.
    private static func episodeExample(_ learner: any SessionLearner, _ hyper: HyperParameters, _ task: AnyTask,
                                       into values: inout ResultGroup) -> [[String]] {
        guard case let .classification(episode) = task, let (loss, accuracy, norm) = learner.episodeLoss(on: episode) else { return [] }
        let f = { (x: Float) in ResultValue.format(Double(x)) }
        values.set("loss", Double(loss))
        values.set("accuracy", Double(accuracy))
        values.set("gradient.norm", Double(norm))
        return [["query loss of the episode", "ℒ(φ) = −Σ log p(y | x)", f(loss)],
                ["query accuracy (no adaptation)", "", f(accuracy)],
                ["its gradient's norm", "‖∇φ ℒ(φ)‖", f(norm)],
                ["one training step", "φ ← Adam(φ, ∇φ ℒ), β = \(ResultValue.format(hyper.outerLearningRate))", ""]]
    }
}

