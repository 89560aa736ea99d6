import MetaTensor
import MetaNN
import MetaLearn

/// The two kinds of few-shot task MetaLab trains on.
enum TaskKind: String, Sendable {
    case classification, regression

    /// What the query score measures.
    var scoreName: String { self == .classification ? "accuracy" : "mse" }
}

/// A source of tasks of either kind (an episode sampler over a data split, or sine waves).
enum TaskStream: Sendable {
    case classification(TaskSampler<ClassificationTask>)
    case regression(TaskSampler<RegressionTask>)

    var kind: TaskKind {
        switch self {
        case .classification: return .classification
        case .regression: return .regression
        }
    }

    /// Draws one task.
    func sample(using generator: inout SeededGenerator) throws -> AnyTask {
        switch self {
        case let .classification(sampler): return .classification(try sampler(&generator))
        case let .regression(sampler): return .regression(try sampler(&generator))
        }
    }
}

/// One task of either kind.
enum AnyTask: Sendable {
    case classification(ClassificationTask)
    case regression(RegressionTask)

    /// The task as the learners' protocol sees it.
    var supervised: any SupervisedTask {
        switch self {
        case let .classification(task): return task
        case let .regression(task): return task
        }
    }

    var kind: TaskKind {
        switch self {
        case .classification: return .classification
        case .regression: return .regression
        }
    }
}

/// A task type the session can hand to a generic learner.
protocol SessionTask: SupervisedTask {
    /// The sampler inside `stream`, when it draws tasks of this type.
    static func sampler(in stream: TaskStream) -> TaskSampler<Self>?
    /// The task inside `task`, when it is of this type.
    static func unwrap(_ task: AnyTask) -> Self?
    /// `learner` in the Omniglot challenge, when tasks of this type are the challenge's (classification).
    static func challengeLearner<L: GradientMetaLearner>(_ learner: L, name: String, metaBatch: Int) -> (any ChallengeLearner)? where L.Task == Self
}

extension ClassificationTask: SessionTask {
    static func sampler(in stream: TaskStream) -> TaskSampler<ClassificationTask>? {
        if case let .classification(sampler) = stream { return sampler }
        return nil
    }

    static func unwrap(_ task: AnyTask) -> ClassificationTask? {
        if case let .classification(task) = task { return task }
        return nil
    }

    static func challengeLearner<L: GradientMetaLearner>(_ learner: L, name: String, metaBatch: Int) -> (any ChallengeLearner)?
    where L.Task == ClassificationTask {
        GradientChallengeLearner(learner, name: name, metaBatch: metaBatch)
    }
}

extension RegressionTask: SessionTask {
    static func sampler(in stream: TaskStream) -> TaskSampler<RegressionTask>? {
        if case let .regression(sampler) = stream { return sampler }
        return nil
    }

    static func unwrap(_ task: AnyTask) -> RegressionTask? {
        if case let .regression(task) = task { return task }
        return nil
    }

    /// The challenge is classification: no regression learner takes part.
    static func challengeLearner<L: GradientMetaLearner>(_ learner: L, name: String, metaBatch: Int) -> (any ChallengeLearner)?
    where L.Task == RegressionTask { nil }
}
