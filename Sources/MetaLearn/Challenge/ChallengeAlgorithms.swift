import MetaTensor
import MetaNN

/// The algorithms the Omniglot challenge can train, by their command-line names.
public enum ChallengeAlgorithms {
    /// Every name `make` accepts.
    public static let names = ["protonet", "matching", "siamese", "ridge", "maml", "fomaml", "anil", "meta-sgd", "reptile"]

    /// A fresh learner for 20-way one-shot runs, or nil for an unknown name.
    /// Gradient-based learners get a 20-way head and a meta-batch of 4 (a budget in minutes
    /// favours more, smaller meta-updates).
    public static func make(_ name: String, ways: Int = 20, using generator: inout SeededGenerator) -> (any ChallengeLearner)? {
        if let metric = MetricAlgorithm(rawValue: name) {
            return EpisodicChallengeLearner(metric.makeLearner(using: &generator), name: name)
        }
        let model = Conv4(.init(classes: ways))
        switch name {
        case "maml", "fomaml", "anil":
            let learner = MAML<ClassificationTask>(model: model, configuration: .init(innerSteps: 1, testInnerSteps: 3, innerLearningRate: 0.4,
                                                                                       firstOrder: name == "fomaml", headOnly: name == "anil"),
                                                   using: &generator)
            return GradientChallengeLearner(learner, name: name, metaBatch: 4)
        case "meta-sgd":
            return GradientChallengeLearner(MetaSGD<ClassificationTask>(model: model, configuration: .init(initialRates: 0.2...0.4), using: &generator),
                                            name: name, metaBatch: 4)
        case "reptile":
            return GradientChallengeLearner(Reptile<ClassificationTask>(model: model, configuration: .init(innerSteps: 5, testInnerSteps: 10,
                                                                                                              innerLearningRate: 5e-3),
                                                                        using: &generator), name: name, metaBatch: 4)
        default:
            return nil
        }
    }
}
