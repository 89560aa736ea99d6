import MetaLearn

/// The algorithms this build offers, by name: one table entry each.
struct AlgorithmRegistry: Sendable {
    /// Every algorithm, in the order `show algorithms` lists them.
    let all: [Algorithm]

    /// The algorithm called `name`.
    func named(_ name: String) -> Algorithm? { all.first { $0.name == name } }

    /// The names, in order.
    var names: [String] { all.map(\.name) }

    /// MetaLab's algorithms.
    static let standard = AlgorithmRegistry(all: [.maml, .fomaml, .anil, .metaSGD, .reptile, .protonet, .matching, .siamese, .ridge, .svm, .mann, .lstmMeta,
                                                          .pretrain, .linearProbe, .fineTune, .learnedOptimizer, .pixelNearestNeighbour])
}

// MARK: - Gradient-based meta-learners

extension Algorithm {
    private static let mamlFormulas = [
        #"\theta'_i = \theta - \alpha \nabla_\theta \mathcal{L}^{tr}_i(f_\theta)"#,
        #"\theta \leftarrow \theta - \beta \nabla_\theta \sum_i \mathcal{L}^{test}_i(f_{\theta'_i})"#,
    ]

    /// MAML's defaults: the paper's (5-way Omniglot; sine regression).
    private static func mamlDefaults(_ kind: TaskKind) -> HyperParameters {
        kind == .classification
            ? HyperParameters(innerLearningRate: 0.4, outerLearningRate: 1e-3, innerSteps: 1, metaBatch: 32)
            : HyperParameters(innerLearningRate: 0.01, outerLearningRate: 1e-3, innerSteps: 1, metaBatch: 25)
    }

    private static let mamlKnobs: [HyperKnob] = [.innerLearningRate, .outerLearningRate, .innerSteps, .testSteps, .metaBatch]

    /// MAML, second order.
    static let maml = Algorithm(
        name: "maml", title: "MAML", citation: "Finn, Abbeel & Levine, ICML 2017",
        kinds: [.classification, .regression], knobs: mamlKnobs, formulas: mamlFormulas, example: .innerStep,
        hasMetaGradient: true, secondOrder: true, defaults: mamlDefaults, make: MAMLRecipe().make)

    /// First-order MAML.
    static let fomaml = Algorithm(
        name: "fomaml", title: "First-order MAML", citation: "Finn, Abbeel & Levine, ICML 2017",
        kinds: [.classification, .regression], knobs: mamlKnobs,
        formulas: [mamlFormulas[0], #"\theta \leftarrow \theta - \beta \sum_i \nabla_{\theta'_i} \mathcal{L}^{test}_i(f_{\theta'_i})"#],
        example: .innerStep, hasMetaGradient: true, defaults: mamlDefaults, make: MAMLRecipe(firstOrder: true).make)

    /// ANIL: only the head adapts.
    static let anil = Algorithm(
        name: "anil", title: "ANIL (almost no inner loop)", citation: "Raghu, Raghu, Bengio & Vinyals, ICLR 2020",
        kinds: [.classification, .regression], knobs: mamlKnobs,
        formulas: [#"w'_i = w - \alpha \nabla_w \mathcal{L}^{tr}_i(f_{\phi, w})"#,
                   #"(\phi, w) \leftarrow (\phi, w) - \beta \nabla_{\phi, w} \sum_i \mathcal{L}^{test}_i(f_{\phi, w'_i})"#],
        example: .innerStep, hasMetaGradient: true, secondOrder: true, defaults: mamlDefaults, make: MAMLRecipe(headOnly: true).make)

    /// Meta-SGD: learned per-parameter step sizes.
    static let metaSGD = Algorithm(
        name: "meta-sgd", title: "Meta-SGD", citation: "Li, Zhou, Chen & Li, 2017",
        kinds: [.classification, .regression], knobs: [.innerLearningRate, .outerLearningRate, .innerSteps, .metaBatch],
        formulas: [#"\theta'_i = \theta - \alpha \odot \nabla_\theta \mathcal{L}^{tr}_i(f_\theta)"#,
                   #"(\theta, \alpha) \leftarrow (\theta, \alpha) - \beta \nabla_{\theta, \alpha} \sum_i \mathcal{L}^{test}_i(f_{\theta'_i})"#],
        example: .innerStep, hasMetaGradient: true, secondOrder: true,
        defaults: { mamlDefaults($0).with { $0.innerLearningRate = 0.05 } }, make: MetaSGDRecipe().make)

    /// Reptile: move θ towards the weights trained on each task.
    static let reptile = Algorithm(
        name: "reptile", title: "Reptile", citation: "Nichol, Achiam & Schulman, 2018",
        kinds: [.classification, .regression],
        knobs: [.innerLearningRate, .epsilon, .innerSteps, .testSteps, .metaBatch],
        formulas: [#"\theta'_i = \mathrm{Adam}^k(\theta, \mathcal{L}^{tr}_i)"#,
                   #"\theta \leftarrow \theta + \epsilon \, \frac{1}{B} \sum_i (\theta'_i - \theta)"#],
        example: .reptileStep, hasMetaGradient: false,
        defaults: { kind in
            kind == .classification
                ? HyperParameters(innerLearningRate: 1e-3, outerLearningRate: 1, innerSteps: 5, testSteps: 50, metaBatch: 5)
                : HyperParameters(innerLearningRate: 0.01, outerLearningRate: 1, innerSteps: 5, testSteps: 10, metaBatch: 5)
        }, make: ReptileRecipe().make)
}

extension Algorithm {
    /// The LSTM meta-learner: an LSTM's cell state is the learner's weights; it learns the step.
    static let lstmMeta = Algorithm(
        name: "lstm-meta", title: "LSTM meta-learner", citation: "Ravi & Larochelle, ICLR 2017",
        kinds: [.classification, .regression], knobs: [.outerLearningRate, .innerSteps, .metaBatch],
        formulas: [#"i_t = \sigma(W_I [\nabla_t, \mathcal{L}_t, \theta_{t-1}, i_{t-1}] + b_I), \quad f_t = \sigma(W_F [\nabla_t, \mathcal{L}_t, \theta_{t-1}, f_{t-1}] + b_F)"#,
                   #"\theta_t = f_t \odot \theta_{t-1} - i_t \odot \nabla_t, \quad (W, b, \theta_0) \leftarrow \mathrm{Adam}(\nabla \textstyle\sum_i \mathcal{L}^{test}_i(f_{\theta_T}))"#],
        example: .learnedStep, hasMetaGradient: false,
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
