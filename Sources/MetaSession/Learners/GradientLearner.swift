import MetaTensor
import MetaNN
import MetaLearn

/// The session's adapter for the gradient-based meta-learners (MAML, first-order MAML, ANIL,
/// Meta-SGD, Reptile): everything is the learner's own, apart from the few views that differ
/// between them, which the recipe passes in.
struct GradientLearner<Learner: GradientMetaLearner>: SessionLearner where Learner.Task: SessionTask {
    /// The wrapped learner.
    var learner: Learner
    /// The network weights inside the meta-parameters (Meta-SGD: θ without α).
    let weightsOf: @Sendable (Learner) -> Parameters
    /// θ₀ … θₙ on a task.
    let path: @Sendable (Learner, Learner.Task, Int) -> [Parameters]
    /// Whether the outer update is a gradient of the query loss (not Reptile's step).
    let hasMetaGradient: Bool
    /// Learned step sizes, if any.
    let ratesOf: (@Sendable (Learner) -> Parameters)?
    /// Meta-training ends after this many seconds, whatever the iteration (nil: no limit).
    var timeLimit: Double? = nil

    var model: any Model { learner.model }
    var weights: Parameters { weightsOf(learner) }
    var checkpoint: Parameters { learner.metaParameters }
    var report: TrainingReport { learner.report }
    var learnedRates: Parameters? { ratesOf?(learner) }

    mutating func restore(_ checkpoint: Parameters) { learner.metaParameters = checkpoint }

    mutating func train(_ plan: TrainingPlan, tasks: TaskStream, validation: TaskStream?, hooks: TrainingHooks,
                        using generator: inout SeededGenerator) throws {
        guard let sampler = Learner.Task.sampler(in: tasks) else {
            preconditionFailure("\(Learner.self) given \(tasks.kind) tasks; the session checks the kind first")
        }
        var schedule = plan.schedule
        schedule.timeLimit = timeLimit
        try learner.train(schedule: schedule, metaBatch: plan.metaBatch, tasks: sampler, validation: validation.flatMap(Learner.Task.sampler(in:)),
                          hooks: hooks, using: &generator)
    }

    func score(on task: AnyTask, inference: Inference) -> Float {
        let task = unwrap(task)
        return task.queryScore(learner.queryOutputs(for: task, inference: inference))
    }

    func predictions(for task: ClassificationTask, inference: Inference) -> [Int] {
        learner.queryOutputs(for: unwrap(.classification(task)), inference: inference).argmaxRows()
    }

    func adaptationPath(on task: AnyTask, steps: Int) -> [Parameters]? {
        path(learner, unwrap(task), steps)
    }

    func metaGradient(on task: AnyTask, at parameters: Parameters) -> (loss: Float, gradients: [Tensor])? {
        guard hasMetaGradient else { return nil }
        let outcome = learner.outcome(on: unwrap(task), metaParameters: parameters)
        return (outcome.loss, outcome.gradients)
    }

    /// The learner in the Omniglot challenge (classification learners only).
    func challengeLearner(name: String, metaBatch: Int) -> (any ChallengeLearner)? {
        Learner.Task.challengeLearner(learner, name: name, metaBatch: metaBatch)
    }

    private func unwrap(_ task: AnyTask) -> Learner.Task {
        guard let inner = Learner.Task.unwrap(task) else {
            preconditionFailure("\(Learner.self) given a \(task.kind) task; the session checks the kind first")
        }
        return inner
    }
}
