import MetaTensor
import MetaNN
import MetaData

/// The metric and closed-form learners by name, for the REPL and lessons: how to make one and
/// the training settings that reach well above pixel nearest neighbour on glyphs in a minute.
public enum MetricAlgorithm: String, CaseIterable, Sendable {
    case protonet, matching, siamese, ridge, svm, mann

    /// The paper, for `help` and reports.
    public var paper: String {
        switch self {
        case .protonet: return "Prototypical Networks (Snell, Swersky & Zemel 2017)"
        case .matching: return "Matching Networks (Vinyals et al. 2016)"
        case .siamese: return "Siamese networks (Koch, Zemel & Salakhutdinov 2015)"
        case .ridge: return "Ridge-regression head (Bertinetto et al. 2019; Lee et al. 2019)"
        case .svm: return "MetaOptNet-SVM head (Lee, Maji, Ravichandran & Soatto 2019)"
        case .mann: return "Memory-augmented neural network, MANN (Santoro et al. 2016)"
        }
    }

    /// A learner with fresh weights on `embedding` (default: Conv-4, 64 filters, no head),
    /// with each algorithm's default hyper-parameters.
    public func makeLearner(embedding: any Model = Conv4(.init(classes: 0)), using generator: inout SeededGenerator) -> any EpisodicLearner {
        switch self {
        case .protonet: return PrototypicalNetwork(embedding: embedding, using: &generator)
        case .matching: return MatchingNetwork(embedding: embedding, using: &generator)
        case .siamese: return SiameseNetwork(embedding: embedding, using: &generator)
        case .ridge: return try! RidgeRegressionHead(embedding: embedding, using: &generator)  // the default λ is valid
        case .svm: return try! SVMHead(embedding: embedding, using: &generator)  // the default C is valid
        case .mann: return MemoryLearner(embedding: embedding, using: &generator)  // a black box, trained the same episodic way
        }
    }

    /// Training settings for `iterations` episodes of 5-way 1-shot, 15 queries per class:
    /// Adam 1e-3 (3e-3 for Siamese networks, whose pair loss gives weaker gradients), halved
    /// halfway through — except for the MANN, which is still learning fast at the end of a
    /// minute's run and keeps its rate (halving it cost several points in our runs).
    public func recommendedTraining(iterations: Int, timeLimit: Double? = nil) -> EpisodicTrainingConfiguration {
        EpisodicTrainingConfiguration(schedule: TrainingLoop(iterations: iterations, timeLimit: timeLimit),
                                      learningRate: self == .siamese ? 3e-3 : 1e-3,
                                      decayEvery: self == .mann ? 0 : max(iterations / 2, 1), trainShape: EpisodeShape(ways: 5, shots: 1, queries: 15))
    }
}
