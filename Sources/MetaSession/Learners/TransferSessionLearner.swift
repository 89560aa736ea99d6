import MetaTensor
import MetaNN
import MetaLearn
import MetaData

/// The session's adapter for transfer learning (Chen et al.'s baselines): pre-train Conv-4 on
/// labelled batches of the training classes, then answer each test episode by fitting a new
/// head on its support set (`.linearProbe`) or also tuning the last layers (`.fineTune`).
struct TransferSessionLearner: SessionLearner {
    /// Drawings per pre-training batch.
    static let batchSize = 32
    /// Pre-training stops after this many seconds, so a default run stays under a minute.
    static let pretrainSeconds = 25.0
    /// Pre-training uses at most this many training classes: with thousands of glyph classes a
    /// minute of batches sees each one only a few times and barely learns; a few hundred
    /// classes give a trained classifier and transferable features (measured: 89% linear-probe
    /// accuracy on 5-way 1-shot glyphs after 60 s with 400 classes).
    static let maximumClasses = 400

    /// The wrapped learner.
    var learner: TransferLearner
    /// How a test episode is answered.
    let adaptation: TransferLearner.Adaptation

    /// The backbone without a head, as the metric learners' embeddings.
    var model: any Model { learner.episodeNetwork(ways: 0) }
    /// The backbone and the pre-training head.
    var weights: Parameters { learner.parameters }
    /// The same: everything pre-training learned.
    var checkpoint: Parameters { learner.parameters }
    /// The pre-training curve.
    var report: TrainingReport { learner.report }

    /// Puts saved pre-trained weights back.
    mutating func restore(_ checkpoint: Parameters) { learner.parameters = checkpoint }

    /// Pre-trains on labelled batches of the training classes, for `plan.iterations` batches or
    /// `pretrainSeconds`, whichever ends first.
    mutating func train(_ plan: TrainingPlan, tasks: TaskStream, validation: TaskStream?, hooks: TrainingHooks,
                        using generator: inout SeededGenerator) throws {
        guard let classes = plan.classes else {
            preconditionFailure("\(adaptation) pre-trains on image classes; the session checks the data first")
        }
        learner.configuration.pretraining.iterations = plan.iterations
        let used = classes.classCount > Self.maximumClasses ? ClassSubset(classes, classes: Array(0..<Self.maximumClasses)) : classes
        try learner.pretrain(batches: labelledBatches(from: used, size: Self.batchSize), hooks: hooks, using: &generator)
    }

    /// Query accuracy after adapting to the episode's support set.
    func score(on task: AnyTask, inference: Inference) -> Float {
        guard case let .classification(task) = task else { return .nan }
        return accuracy(predictions(for: task, inference: inference), task.queryLabels)
    }

    /// Query labels predicted by the adapted network.
    func predictions(for task: ClassificationTask, inference: Inference) -> [Int] {
        learner.queryLogits(for: task, by: adaptation, inference: inference).argmaxRows()
    }
}

extension Algorithm {
    /// A transfer baseline's entry: pre-training at rate β, then `adaptation` on each episode.
    static func transfer(_ name: String, _ adaptation: TransferLearner.Adaptation, title: String,
                         knobs: [HyperKnob], formula: String) -> Algorithm {
        Algorithm(
            name: name, title: title, citation: "Chen, Liu, Kira, Wang & Huang, ICLR 2019", kinds: [.classification],
            knobs: [HyperKnob(option: "outer-lr", symbol: "β", meaning: "pre-training rate (Adam)") { $0.outerLearningRate }] + knobs,
            formulas: [#"\phi, W \leftarrow \mathrm{Adam}(\nabla \mathcal{L}_{CE}(W f_\phi(x), y)), \quad y \in \text{training classes}"#, formula],
            example: .episodeLoss, hasMetaGradient: false,
            defaults: { _ in HyperParameters(innerLearningRate: 1e-3, outerLearningRate: 1e-3, innerSteps: 20, metaBatch: 1) },
            make: { setup, generator in
                let configuration = TransferLearner.Configuration(
                    pretraining: TrainingLoop(iterations: 1000, timeLimit: TransferSessionLearner.pretrainSeconds),
                    pretrainLearningRate: Float(setup.hyper.outerLearningRate),
                    fineTuneSteps: setup.hyper.innerSteps, fineTuneLearningRate: Float(setup.hyper.innerLearningRate),
                    fineTuneBlocks: setup.hyper.tunedBlocks)
                guard case let .conv4(channels, blocks) = setup.network else {
                    preconditionFailure("\(name) pre-trains Conv-4; the session checks the data first")
                }
                let learner = TransferLearner(backbone: .init(channels: channels, blocks: blocks),
                                              trainingClasses: max(min(setup.trainingClasses, TransferSessionLearner.maximumClasses), setup.ways, 2),
                                              configuration: configuration, using: &generator)
                return TransferSessionLearner(learner: learner, adaptation: adaptation)
            },
            preferredNetwork: .conv4(channels: 32, blocks: 4),
            gradcheckRefusal: "\(name) pre-trains on an ordinary classification loss and has no meta-gradient to check: try 'gradcheck maml'")
    }

    /// Ordinary pre-training as a classifier of the training classes; its few-shot test fits a
    /// linear probe (the same as `linear-probe`, under the name lesson 2 introduces it by).
    static let pretrain = transfer("pretrain", .linearProbe, title: "Pre-training (an ordinary classifier)", knobs: [],
                                   formula: #"\hat{y} = \arg\max_k (W' f_\phi(x))_k \text{ on new classes, } W' \text{ fitted on the support set}"#)

    /// Pre-training, then logistic regression on the frozen features of each support set.
    static let linearProbe = transfer("linear-probe", .linearProbe, title: "Transfer: linear probe", knobs: [],
                                      formula: #"W' = \arg\min_W \mathcal{L}_S(W f_\phi) + \lambda \|W\|^2"#)
    /// Pre-training, then the probe's head and k Adam steps on the head and the last `blocks`
    /// backbone blocks (all blocks unless `blocks=` is given).
    static let fineTune = transfer("finetune", .fineTune, title: "Transfer: fine-tuning",
                                   knobs: [HyperKnob(option: "inner-lr", symbol: "α", meaning: "fine-tuning rate (Adam)") { $0.innerLearningRate },
                                           HyperKnob(option: "inner-steps", symbol: "k", meaning: "fine-tuning steps") { Double($0.innerSteps) },
                                           HyperKnob(option: "blocks", symbol: "b", meaning: "backbone blocks tuned, from the last") { $0.tunedBlocks.map(Double.init) }],
                                   formula: #"(\phi', W') = \mathrm{Adam}^k(\phi, W'_{probe}; \mathcal{L}_S)"#)
}
