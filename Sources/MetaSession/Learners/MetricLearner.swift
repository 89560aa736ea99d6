import MetaTensor
import MetaNN
import MetaLearn

/// The session's adapter for the metric and closed-form learners (Prototypical, Matching and
/// Siamese networks, the ridge-regression head): one episode per Adam step on an embedding
/// network; a new task is answered from its support set in one forward pass.
struct MetricLearner: SessionLearner {
    var learner: any EpisodicLearner
    /// Which one, for its recommended training settings.
    let algorithm: MetricAlgorithm
    /// Adam's rate.
    let learningRate: Double

    var model: any Model { learner.embedding }
    var weights: Parameters { learner.parameters }
    var checkpoint: Parameters { learner.parameters }
    var report: TrainingReport { learner.report }

    mutating func restore(_ checkpoint: Parameters) { learner.parameters = checkpoint }

    mutating func train(_ plan: TrainingPlan, tasks: TaskStream, validation: TaskStream?, hooks: TrainingHooks,
                        using generator: inout SeededGenerator) throws {
        guard let classes = plan.classes else {
            preconditionFailure("\(algorithm) trains on image classes; the session checks the data first")
        }
        var configuration = algorithm.recommendedTraining(iterations: plan.iterations)
        configuration.learningRate = Float(learningRate)
        configuration.trainShape = plan.shape
        configuration.seed = plan.seed
        configuration.schedule = plan.schedule
        var validationSampler: TaskSampler<ClassificationTask>?
        if case let .classification(sampler)? = validation { validationSampler = sampler }
        try learner.train(configuration, classes: classes, validation: validationSampler, hooks: hooks)
    }

    func score(on task: AnyTask, inference: Inference) -> Float {
        guard case let .classification(task) = task else { return .nan }
        return accuracy(learner.predictions(for: task, inference: inference), task.queryLabels)
    }

    func predictions(for task: ClassificationTask, inference: Inference) -> [Int] { learner.predictions(for: task, inference: inference) }

    func challengeLearner(name: String, metaBatch: Int) -> (any ChallengeLearner)? {
        EpisodicChallengeLearner(learner, name: name)
    }

    func episodeLoss(on task: ClassificationTask) -> (loss: Float, accuracy: Float, gradientNorm: Float)? {
        learner.episodeLoss(on: task)
    }
}

extension Algorithm {
    /// A metric learner's entry: its card and the adapter around `MetricAlgorithm`.
    static func metric(_ algorithm: MetricAlgorithm, title: String, citation: String, formulas: [String],
                       gradientCheck: (@Sendable (UInt64) -> OwnTest)? = nil) -> Algorithm {
        let defaults = HyperParameters(innerLearningRate: 0, outerLearningRate: Double(algorithm.recommendedTraining(iterations: 1).learningRate),
                                       innerSteps: 0, metaBatch: 1)
        return Algorithm(
            name: algorithm.rawValue, title: title, citation: citation, kinds: [.classification],
            knobs: [HyperKnob(option: "outer-lr", symbol: "β", meaning: "Adam's rate, halved halfway") { $0.outerLearningRate }],
            formulas: formulas, example: .episodeLoss, hasMetaGradient: false,
            defaults: { _ in defaults },
            make: { setup, generator in
                MetricLearner(learner: algorithm.makeLearner(embedding: setup.network.model(outputs: 0), using: &generator),
                              algorithm: algorithm, learningRate: setup.hyper.outerLearningRate)
            }, ownGradientCheck: gradientCheck, challenge: defaults)
    }

    static let protonet = metric(.protonet, title: "Prototypical Networks", citation: "Snell, Swersky & Zemel, NeurIPS 2017", formulas: [
        #"c_k = \frac{1}{|S_k|} \sum_{x \in S_k} f_\phi(x)"#,
        #"p(y = k \mid x) \propto \exp(-\|f_\phi(x) - c_k\|^2)"#,
    ])
    static let matching = metric(.matching, title: "Matching Networks", citation: "Vinyals et al., NeurIPS 2016", formulas: [
        #"p(y = k \mid x) = \sum_{(x_j, y_j) \in S, y_j = k} a(x, x_j)"#,
        #"a(x, x_j) = \mathrm{softmax}_j(s \cos(f_\phi(x), f_\phi(x_j)))"#,
    ])
    static let siamese = metric(.siamese, title: "Siamese networks", citation: "Koch, Zemel & Salakhutdinov, 2015", formulas: [
        #"p(\mathrm{same} \mid x_1, x_2) = \sigma(w^T |f_\phi(x_1) - f_\phi(x_2)| + b)"#,
        #"\hat{y}(x) = y_{j^*}, \quad j^* = \arg\max_j p(\mathrm{same} \mid x, x_j)"#,
    ])
    static let ridge = metric(.ridge, title: "Ridge-regression head (R2-D2)", citation: "Bertinetto et al., ICLR 2019", formulas: [
        #"W = X^T (X X^T + \lambda I)^{-1} Y"#,
        #"p(y \mid x) = \mathrm{softmax}(s \, f_\phi(x) W)"#,
    ])
    static let svm = metric(.svm, title: "MetaOptNet-SVM head", citation: "Lee, Maji, Ravichandran & Soatto, CVPR 2019", formulas: [
        #"\alpha = \arg\min_{\alpha_i \le C e_{y_i}, \, \mathbf{1}^\top \alpha_i = 0} \tfrac{1}{2} \textstyle\sum_{ij} K_{ij} \langle \alpha_i, \alpha_j \rangle - \sum_i \alpha_{i, y_i}"#,
        #"p(y \mid x) = \mathrm{softmax}(s \, f_\phi(x) X^T \alpha)"#,
    ], gradientCheck: SVMGradientCheck.ownTest)
    /// The black-box memory learner: trained and answered like the episodic learners (its own
    /// family in the lessons; it shares their session adapter).
    static let mann = metric(.mann, title: "Black-box memory learner (MANN)", citation: "Santoro et al., ICML 2016", formulas: [
        #"(h, c)_i = \mathrm{LSTM}([f_\phi(x_i), \mathrm{onehot}(y_i)], (h, c)_{i-1}), \quad M_i = W_k h_i"#,
        #"r = \textstyle\sum_i \mathrm{softmax}_i(\beta \cos(W_k \hat{h}, M_i)) \, M_i, \quad p(y \mid \hat{x}) = \mathrm{softmax}(W_o [\hat{h}, r] + b)"#,
    ])
}
