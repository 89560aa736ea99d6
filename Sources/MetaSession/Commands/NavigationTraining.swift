import Foundation
import MetaTensor
import MetaData
import MetaLearn
import MetaLesson

/// `train maml-rl|pretrain` on `data navigation`: meta-reinforcement learning on MAML's 2-D
/// navigation tasks. Prints the mean return on held-out goals before and after one
/// policy-gradient adaptation step, keeps them as `NAME.test.before` / `NAME.test.after`, and
/// draws trajectories before and after adaptation for four goals (`out/…/NAME-trajectories.png`).
enum NavigationTraining {
    /// Test goals for every navigation result (the same goals for every learner).
    static let testGoals = 200

    static func run(_ command: ValidatedCommand, _ context: inout SessionContext) throws {
        let algorithm = command.word("algo")
        guard algorithm == "maml-rl" || algorithm == "pretrain" else {
            throw SessionError.wrongData("the navigation tasks are reinforcement-learning tasks: 'train maml-rl' or 'train pretrain' (a policy trained on all goals)")
        }
        let name = try context.resultName(command, default: algorithm)
        let seed = context.seed(command)
        let iterations = context.int(command, "iterations", or: 200)
        let metaBatch = context.int(command, "meta-batch", or: 10)
        let stepSize = command.isGiven("inner-lr") ? Float(command.float("inner-lr")) : 0.02
        let learningRate = command.isGiven("outer-lr") ? Float(command.float("outer-lr")) : 3e-3
        let configuration = algorithm == "maml-rl"
            ? MAMLRL.Configuration(iterations: iterations, innerStepSize: stepSize, metaBatch: metaBatch, learningRate: learningRate,
                                   preUpdateScore: command.bool("exploration"), seed: seed)
            : .pretraining(iterations: iterations, metaBatch: metaBatch, learningRate: learningRate, seed: seed)
        var generator = SeededGenerator(seed: seed)
        var learner = MAMLRL(using: &generator)
        let console = context.console
        console.line("\(algorithm == "maml-rl" ? "MAML-RL (Finn et al. 2017, §5.3)" : "policy gradient on all goals (pretrained)"): \(iterations) updates of \(metaBatch) goals, 20 trajectories of 20 steps each, α = \(stepSize)")
        let stop = context.stop
        do {
            try learner.train(configuration, hooks: TrainingHooks(shouldStop: { stop.isRaised }))
        } catch let error as TrainingError {
            console.line("  \(error)")
        }
        let goals = learner.testGoals(count: testGoals)
        let (before, after) = learner.evaluate(goals: goals, stepSize: stepSize)
        console.line(String(format: "  trained in %.1f s; mean return on %d held-out goals: %.2f ± %.2f before adaptation, %.2f ± %.2f after one step",
                            learner.report.seconds, testGoals, before.mean, before.interval95, after.mean, after.interval95))
        var values = ResultGroup()
        values.set("algorithm", text: algorithm)
        values.set("data", text: "navigation")
        values.set("test.before", before.mean)
        values.set("test.before_interval", before.interval95)
        values.set("test.after", after.mean)
        values.set("test.after_interval", after.interval95)
        values.set("train.seconds", learner.report.seconds)
        context.state.results.put(SessionResult(name: name, values: values))
        let path = try context.outputPath("\(name)-trajectories.png")
        let figure = NavigationFigure.trajectories(learner, goals: Array(goals.prefix(4)), stepSize: stepSize, trajectories: 20, seed: seed,
                                                   title: "\(name): before (light), after one step (dark)")
        try figure.writePNG(to: path)
        context.wrote(path, what: "trajectories before and after adaptation")
    }
}
