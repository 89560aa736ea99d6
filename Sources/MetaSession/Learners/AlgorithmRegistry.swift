import MetaTensor
import MetaNN
import MetaLearn

/// The algorithms this build offers, by name: one table entry each.
struct AlgorithmRegistry: Sendable {
    /// Every algorithm, in the order `show algorithms` lists them.
    let all: [Algorithm]

    /// The algorithm called `name`.
    func named(_ name: String) -> Algorithm? { all.first { $0.name == name } }

    /// The names, in order.
    var names: [String] { all.map(\.name) }

    /// The names of the algorithms that take part in the Omniglot challenge, in order.
    var challengeNames: [String] { all.filter { $0.challenge != nil }.map(\.name) }

    /// A fresh learner for the Omniglot challenge (Conv-4 64 with a `ways`-way head), or nil
    /// when `name` does not take part.
    func challengeLearner(_ name: String, ways: Int = 20, using generator: inout SeededGenerator) -> (any ChallengeLearner)? {
        guard let algorithm = named(name), let hyper = algorithm.challenge else { return nil }
        let setup = LearnerSetup(kind: .classification, network: .conv4(channels: 64, blocks: 4), ways: ways, hyper: hyper)
        return algorithm.make(setup, &generator).challengeLearner(name: name, metaBatch: hyper.metaBatch)
    }

    /// MetaLab's algorithms.
    static let standard = AlgorithmRegistry(all: [.maml, .fomaml, .anil, .metaSGD, .reptile, .protoMAML, .protonet, .matching, .siamese, .ridge, .svm, .mann, .lstmMeta,
                                                          .pretrain, .linearProbe, .fineTune, .learnedOptimizer, .mamlRL, .mamlRLDice, .pretrainRL,
                                                          .pixelNearestNeighbour])
}

// MARK: - Gradient-based meta-learners

extension Algorithm {
    private static let mamlFormulas = [
        #"\theta'_i = \theta - \alpha \nabla_\theta \mathcal{L}_{S_i}(f_\theta)"#,
        #"\theta \leftarrow \theta - \beta \nabla_\theta \sum_i \mathcal{L}_{Q_i}(f_{\theta'_i})"#,
    ]

    /// MAML's defaults: the paper's (5-way Omniglot; sine regression).
    private static func mamlDefaults(_ kind: TaskKind) -> HyperParameters {
        kind == .classification
            ? HyperParameters(innerLearningRate: 0.4, outerLearningRate: 1e-3, innerSteps: 1, metaBatch: 32)
            : HyperParameters(innerLearningRate: 0.01, outerLearningRate: 1e-3, innerSteps: 1, metaBatch: 25)
    }

    /// The MAML family in the challenge: one inner step at α = 0.4 (three at test time), and a
    /// meta-batch of 4 (a budget in minutes favours more, smaller meta-updates).
    private static let mamlChallenge = HyperParameters(innerLearningRate: 0.4, outerLearningRate: 1e-3, innerSteps: 1, testSteps: 3, metaBatch: 4)

    private static let mamlKnobs: [HyperKnob] = [.innerLearningRate, .outerLearningRate, .innerSteps, .testSteps, .metaBatch]

    /// MAML, second order.
    static let maml = Algorithm(
        name: "maml", title: "MAML", citation: "Finn, Abbeel & Levine, ICML 2017",
        kinds: [.classification, .regression], knobs: mamlKnobs, formulas: mamlFormulas, example: .innerStep,
        hasMetaGradient: true, secondOrder: true, defaults: mamlDefaults, make: MAMLRecipe().make, challenge: mamlChallenge)

    /// First-order MAML.
    static let fomaml = Algorithm(
        name: "fomaml", title: "First-order MAML", citation: "Finn, Abbeel & Levine, ICML 2017",
        kinds: [.classification, .regression], knobs: mamlKnobs,
        formulas: [mamlFormulas[0], #"\theta \leftarrow \theta - \beta \sum_i \nabla_{\theta'_i} \mathcal{L}_{Q_i}(f_{\theta'_i})"#],
        example: .innerStep, hasMetaGradient: true, defaults: mamlDefaults, make: MAMLRecipe(firstOrder: true).make, challenge: mamlChallenge)

    /// ANIL: only the head adapts.
    static let anil = Algorithm(
        name: "anil", title: "ANIL (almost no inner loop)", citation: "Raghu, Raghu, Bengio & Vinyals, ICLR 2020",
        kinds: [.classification, .regression], knobs: mamlKnobs,
        formulas: [#"w'_i = w - \alpha \nabla_w \mathcal{L}_{S_i}(f_{\phi, w})"#,
                   #"(\phi, w) \leftarrow (\phi, w) - \beta \nabla_{\phi, w} \sum_i \mathcal{L}_{Q_i}(f_{\phi, w'_i})"#],
        example: .innerStep, hasMetaGradient: true, secondOrder: true, defaults: mamlDefaults, make: MAMLRecipe(headOnly: true).make,
        challenge: mamlChallenge)

    /// Meta-SGD: learned per-parameter step sizes.
    static let metaSGD = Algorithm(
        name: "meta-sgd", title: "Meta-SGD", citation: "Li, Zhou, Chen & Li, 2017",
        kinds: [.classification, .regression], knobs: [.innerLearningRate, .outerLearningRate, .innerSteps, .metaBatch],
        formulas: [#"\theta'_i = \theta - \alpha \odot \nabla_\theta \mathcal{L}_{S_i}(f_\theta)"#,
                   #"(\theta, \alpha) \leftarrow (\theta, \alpha) - \beta \nabla_{\theta, \alpha} \sum_i \mathcal{L}_{Q_i}(f_{\theta'_i})"#],
        example: .innerStep, hasMetaGradient: true, secondOrder: true,
        defaults: { mamlDefaults($0).with { $0.innerLearningRate = 0.05 } }, make: MetaSGDRecipe().make,
        challenge: mamlChallenge.with { $0.innerSteps = 1; $0.testSteps = nil; $0.initialRates = 0.2...0.4 })

    /// Reptile: move θ towards the weights trained on each task.
    static let reptile = Algorithm(
        name: "reptile", title: "Reptile", citation: "Nichol, Achiam & Schulman, 2018",
        kinds: [.classification, .regression],
        knobs: [.innerLearningRate, .epsilon, .innerSteps, .testSteps, .metaBatch],
        formulas: [#"\theta'_i = \mathrm{Adam}^k(\theta, \mathcal{L}_{S_i})"#,
                   #"\theta \leftarrow \theta + \epsilon \, \frac{1}{B} \sum_i (\theta'_i - \theta)"#],
        example: .reptileStep, hasMetaGradient: false,
        defaults: { kind in
            kind == .classification
                ? HyperParameters(innerLearningRate: 1e-3, outerLearningRate: 1, innerSteps: 5, testSteps: 50, metaBatch: 5)
                : HyperParameters(innerLearningRate: 0.01, outerLearningRate: 1, innerSteps: 5, testSteps: 10, metaBatch: 5)
        }, make: ReptileRecipe().make,
        challenge: HyperParameters(innerLearningRate: 5e-3, outerLearningRate: 1, innerSteps: 5, testSteps: 10, metaBatch: 4))
}

extension Algorithm {
    /// Proto-MAML: MAML whose head starts each task at the support prototypes.
    static let protoMAML = Algorithm(
        name: "proto-maml", title: "Proto-MAML", citation: "Triantafillou et al., ICLR 2020",
        kinds: [.classification], knobs: mamlKnobs,
        formulas: [#"W_0 = 2 C, \quad b_{0,k} = -\|c_k\|^2, \quad c_k = \frac{1}{|S_k|} \sum_{x \in S_k} f_\phi(x)"#,
                   #"\theta'_i = (\phi, W_0, b_0) - \alpha \nabla \mathcal{L}_{S_i}(f_{\phi, W_0, b_0})"#,
                   #"\phi \leftarrow \phi - \beta \nabla_\phi \sum_i \mathcal{L}_{Q_i}(f_{\theta'_i})"#],
        example: .innerStep, hasMetaGradient: true, secondOrder: true, defaults: mamlDefaults,
        make: { setup, generator in
            guard let network = setup.model as? any LinearHeadModel else {
                preconditionFailure("Proto-MAML learns classification on Conv-4; the session checks the kind first")
            }
            let hyper = setup.hyper
            let configuration = ProtoMAML.Configuration(
                innerSteps: hyper.innerSteps, testInnerSteps: hyper.testSteps, innerLearningRate: Float(hyper.innerLearningRate),
                metaLearningRate: Float(hyper.outerLearningRate), firstOrder: hyper.firstOrder)
            return GradientLearner(learner: ProtoMAML(network: network, configuration: configuration, using: &generator),
                                   weightsOf: { $0.metaParameters }, path: { learner, task, steps in
                innerStepPath(from: learner.initialisation(learner.metaParameters, for: task), loop: learner.innerLoop(steps: 1),
                              model: learner.model, task: task, steps: steps)
            }, hasMetaGradient: true, ratesOf: nil)
        }, challenge: mamlChallenge)
}

extension Algorithm {
    /// The LSTM meta-learner: an LSTM's cell state is the learner's weights; it learns the step.
    static let lstmMeta = Algorithm(
        name: "lstm-meta", title: "LSTM meta-learner", citation: "Ravi & Larochelle, ICLR 2017",
        kinds: [.classification, .regression], knobs: [.outerLearningRate, .innerSteps, .metaBatch],
        formulas: [#"i_t = \sigma(W_I [\nabla_t, \mathcal{L}_t, \theta_{t-1}, i_{t-1}] + b_I), \quad f_t = \sigma(W_F [\nabla_t, \mathcal{L}_t, \theta_{t-1}, f_{t-1}] + b_F)"#,
                   #"\theta_t = f_t \odot \theta_{t-1} - i_t \odot \nabla_t, \quad (W, b, \theta_0) \leftarrow \mathrm{Adam}(\nabla \textstyle\sum_i \mathcal{L}_{Q_i}(f_{\theta_T}))"#],
        example: .learnedStep, hasMetaGradient: true,
        defaults: { _ in HyperParameters(innerLearningRate: 0, outerLearningRate: 1e-2, innerSteps: 5, metaBatch: 2) },
        make: LSTMMetaRecipe().make, preferredNetwork: .conv4(channels: 32, blocks: 4),
        gradcheckRefusal: "the LSTM meta-learner treats support gradients as inputs and clips its meta-gradient, so finite differences would not match it: try 'gradcheck maml'")
}

extension HyperParameters {
    /// A copy changed by `change`.
    func with(_ change: (inout HyperParameters) -> Void) -> HyperParameters {
        var copy = self
        change(&copy)
        return copy
    }
}
