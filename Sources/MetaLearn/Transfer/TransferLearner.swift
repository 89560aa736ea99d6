import MetaTensor
import MetaNN

/// Transfer learning for few-shot classification (Yosinski, Clune, Bengio & Lipson, NeurIPS
/// 2014; Chen, Liu, Kira, Wang & Huang, "A Closer Look at Few-Shot Classification", ICLR 2019).
///
/// No meta-learning: a Conv-4 with an ordinary softmax head over all training classes is
/// pre-trained on mini-batches (not episodes),
///
///     θ ← Adam(θ, ∇θ CE(head(f_θ(x)), y)),   (x, y) ~ training classes,
///
/// then each test episode gets a new head for its N classes, fitted on the support set:
/// - **linear probe** (feature extraction): f_θ is frozen; logistic regression W, b on the
///   support embeddings, min CE(W·f_θ(x) + b, y) + λ‖W‖², by full-batch Adam from zero;
/// - **fine-tuning**: from the pre-trained θ and the fitted probe head, a few Adam steps on the
///   support loss update the head and the last k blocks (or all of them).
///
/// Batch norm uses the statistics of the batch at hand, as the episodic learners do.
/// Hyper-parameters (Chen et al.): batches of 16–64, Adam 1e-3 for pre-training; 100 probe steps.
public struct TransferLearner: Sendable {
    /// Pre-training and adaptation settings.
    public struct Configuration: Sendable {
        /// How long pre-training runs: batches, time limit, running averages.
        public var pretraining = TrainingLoop(iterations: 1000)
        /// Adam's learning rate in pre-training.
        public var pretrainLearningRate: Float = 1e-3
        /// Full-batch Adam steps fitting the linear probe.
        public var probeSteps = 100
        /// Adam's learning rate for the probe.
        public var probeLearningRate: Float = 0.1
        /// λ, the L2 penalty on the probe's weights.
        public var probeWeightDecay: Float = 1e-3
        /// Adam steps of fine-tuning on the support set.
        public var fineTuneSteps = 20
        /// Adam's learning rate in fine-tuning.
        public var fineTuneLearningRate: Float = 1e-3
        /// Fine-tune the head and this many last blocks (nil: every block).
        public var fineTuneBlocks: Int? = nil

        /// Chen et al.'s settings unless given.
        public init(pretraining: TrainingLoop = TrainingLoop(iterations: 1000), pretrainLearningRate: Float = 1e-3, probeSteps: Int = 100,
                    probeLearningRate: Float = 0.1, probeWeightDecay: Float = 1e-3, fineTuneSteps: Int = 20,
                    fineTuneLearningRate: Float = 1e-3, fineTuneBlocks: Int? = nil) {
            self.pretraining = pretraining
            self.pretrainLearningRate = pretrainLearningRate
            self.probeSteps = probeSteps
            self.probeLearningRate = probeLearningRate
            self.probeWeightDecay = probeWeightDecay
            self.fineTuneSteps = fineTuneSteps
            self.fineTuneLearningRate = fineTuneLearningRate
            self.fineTuneBlocks = fineTuneBlocks
        }
    }

    /// How a test episode's head is fitted.
    public enum Adaptation: String, Sendable, CaseIterable {
        /// Frozen backbone, new logistic-regression head.
        case linearProbe
        /// The probe head, then a few steps on the head and the last blocks.
        case fineTune
    }

    /// The pre-training network: Conv-4 with a head over every training class.
    public let network: Conv4
    /// Pre-training and adaptation settings.
    public var configuration: Configuration
    /// The backbone and the pre-training head.
    public var parameters: Parameters
    /// The pre-training curve (loss and accuracy of each batch).
    public var report = TrainingReport()

    /// A learner for `trainingClasses` classes, with fresh weights.
    public init(backbone: Conv4.Configuration = .init(), trainingClasses: Int, configuration: Configuration = Configuration(),
                using generator: inout SeededGenerator) {
        precondition(trainingClasses >= 2, "pre-training needs at least 2 classes, got \(trainingClasses)")
        var architecture = backbone
        architecture.classes = trainingClasses
        network = Conv4(architecture)
        self.configuration = configuration
        parameters = network.initialParameters(using: &generator)
    }

    /// Pre-trains on `batches` on the `pretraining` schedule (more on a second call).
    /// Throws `TrainingError.diverged` on a non-finite loss or gradient, keeping the weights from
    /// before it; a stop request ends it early, keeping what was learned. Batch norm's running
    /// averages (`report.running`) are fed with the pre-training batch of every
    /// `runningStatisticsEvery`-th step, at the weights after it.
    public mutating func pretrain(batches: LabelledBatchSource, hooks: TrainingHooks = .silent,
                                  using generator: inout SeededGenerator) throws {
        var adam = Adam(learningRate: configuration.pretrainLearningRate)
        var report = self.report
        defer { self.report = report }
        var trained: Tensor? = nil
        let loop = configuration.pretraining
        try loop.run(report: &report, hooks: hooks, step: { _, iteration in
            let (images, labels) = try batches(&generator)
            trained = images
            let theta = parameters.variables()
            let logits = network(images, parameters: theta)
            let loss = logits.crossEntropy(labels: labels)
            let grads = gradients(of: loss, wrt: theta.tensors)
            try requireFinite(loss.scalar, gradients: grads, iteration: iteration, hint: "pre-training learning rate")
            adam.step(&parameters, gradients: grads)
            return (loss.scalar, accuracy(logits.argmaxRows(), labels))
        }, batchStatistics: {
            trained.map { network.batchStatistics(of: $0, parameters: parameters) }
        })
    }
}
