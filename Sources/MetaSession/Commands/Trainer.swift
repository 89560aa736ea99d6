import MetaTensor
import MetaData
import MetaLearn

/// Runs a training request: trains, keeps the result under its name whatever happens
/// (finished, stopped by Ctrl-C, diverged), then tests it and prints a summary.
enum Trainer {
    /// Trains and tests; the result is stored before any error is thrown.
    @discardableResult
    static func run(_ request: TrainingRequest, name: String, context: inout SessionContext,
                    evaluate: Bool = true) throws -> SessionResult {
        let testStream = try request.data.stream(.test, shape: request.shape)
        let trainStream = try request.data.stream(.train, shape: request.shape)
        let validation = request.plan.validationInterval > 0 ? try request.data.stream(.validation, shape: request.shape) : nil
        var generator = SeededGenerator(seed: request.seed)
        var learner = request.algorithm.make(request.setup, &generator)
        let progress = Progress(console: context.console, label: "train \(name)", options: context.options)
        var plan = request.plan
        if context.options.sabotage { plan.iterations = 0 }
        var failure: TrainingError?
        do {
            try learner.train(plan, tasks: trainStream, validation: validation,
                              hooks: progress.hooks(stop: context.stop), using: &generator)
        } catch let error as TrainingError {
            failure = error
        }
        progress.finish()
        let summary = TrainingSummary(learner.report, kind: request.setup.kind, diverged: failure != nil)
        var result = SessionResult(name: name, algorithm: request.algorithm, learner: learner, setup: request.setup,
                                   shape: request.shape, diverged: failure != nil, training: summary)
        result.values = ResultValues.training(request, summary: summary)
        context.state.results.put(result)
        printTraining(result, request, summary, context)
        if let failure { throw failure }
        if learner.report.interrupted {
            context.console.line("  stopped (Ctrl-C) after \(learner.report.points.count) of \(request.plan.iterations) iterations; '\(name)' keeps what it learned — test it with 'eval \(name)'")
            return result
        }
        guard evaluate else { return result }
        return try test(result, learner: learner, on: testStream, episodes: request.episodes, seed: request.seed,
                        inference: request.inference, drawn: request.data.describe(request.shape), context: &context)
    }

    /// Tests `result`'s learner on `stream` as `inference` says, records `test.*` (with
    /// `test.inference`) in it and stores it. `drawn` names what `stream` draws (data and
    /// shape), so that tests on the same episodes can be paired.
    @discardableResult
    static func test(_ result: SessionResult, learner: any SessionLearner, on stream: TaskStream, episodes: Int, seed: UInt64,
                     inference: Inference, drawn: String, context: inout SessionContext) throws -> SessionResult {
        var result = result, learner = learner
        if let own = learner.ownTest(count: episodes, seed: seed) {
            for (path, value) in own.values { result.values.set(path, value) }
            result.test = own.taskScores.map { TestSummary(score: $0.score, scores: $0.scores, episodes: $0.tasks, inference: .inductive) }
            result.learner = learner
            context.state.results.put(result)
            context.console.lines(own.lines.map { "  " + $0 })
            return result
        }
        let progress = Progress(console: context.console, label: "test \(result.name)", options: context.options)
        let (scores, stopped) = try SessionTesting.scores(of: learner, on: stream, count: episodes, seed: seed, inference: inference,
                                                          stop: context.stop, progress: progress)
        let score = stream.kind.scoreName
        let test = TestSummary(score: score, scores: scores, episodes: "\(drawn); seed \(seed)", inference: inference)
        let estimate = test.estimate
        test.write(into: &result.values)
        result.test = test
        context.state.results.put(result)
        let unit = stream.kind == .classification ? "episodes" : "tasks"
        let note = stopped ? " — stopped (Ctrl-C) after \(estimate.count) of \(episodes)" : ""
        context.console.line("  test \(score) \(ResultValue.format(estimate.mean)) ± \(ResultValue.format(estimate.interval95)) (95% interval, \(estimate.count) \(unit), \(inference))\(note)")
        return result
    }

    private static func printTraining(_ result: SessionResult, _ request: TrainingRequest, _ summary: TrainingSummary,
                                      _ context: SessionContext) {
        let console = context.console
        let model = result.learner?.model.summary ?? request.setup.model.summary
        console.line("\(result.name): \(request.algorithm.title) on \(request.dataDescription); \(model)")
        guard let loss = summary.loss else {
            console.line("  no iterations ran")
            return
        }
        let count = summary.iterations
        var line = "  \(count) iteration\(count == 1 ? "" : "s"): loss \(ResultValue.format(loss.first)) → \(ResultValue.format(loss.last))"
        if let accuracy = summary.accuracy {
            line += ", training accuracy \(ResultValue.format(accuracy.first)) → \(ResultValue.format(accuracy.last))"
        }
        if context.state.settings.timings || context.options.showTimings {
            line += String(format: " (%.1f s)", summary.seconds)
        }
        console.line(line)
        if let validation = summary.validation {
            console.line("  best validation \(request.setup.kind.scoreName) \(ResultValue.format(validation.best))")
        }
    }
}
