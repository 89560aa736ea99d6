import MetaTensor
import MetaNN

extension TransferLearner {
    /// The network for an N-way episode: the same backbone with an N-class head.
    public func episodeNetwork(ways: Int) -> Conv4 {
        var architecture = network.configuration
        architecture.classes = ways
        return Conv4(architecture)
    }

    /// The backbone's embeddings [N, features] of images (no graph).
    public func features(_ images: Tensor) -> Tensor {
        network.features(images, parameters: parameters.detached())
    }

    /// Logistic regression on frozen support embeddings: the fitted head (the network's head
    /// names, weight [ways, features] and bias [ways]).
    public func linearProbe(on task: ClassificationTask) -> Parameters {
        let embeddings = features(task.support)
        let names = network.headNames
        var head = Parameters([(names[0], Tensor(zeros: [task.ways, network.featureCount])), (names[1], Tensor(zeros: [task.ways]))])
        var adam = Adam(learningRate: configuration.probeLearningRate)
        for _ in 0..<configuration.probeSteps {
            let w = head.variables()
            let loss = Layers.linear(embeddings, weight: w[names[0]], bias: w[names[1]]).crossEntropy(labels: task.supportLabels)
                + (w[names[0]] * w[names[0]]).sum() * configuration.probeWeightDecay
            adam.step(&head, gradients: gradients(of: loss, wrt: w.tensors))
        }
        return head
    }

    /// The names fine-tuning updates: the head and the last `fineTuneBlocks` blocks (all when nil).
    public var fineTunedNames: Set<String> {
        let blocks = network.configuration.blocks
        let first = blocks - min(configuration.fineTuneBlocks ?? blocks, blocks)
        let body = (first..<blocks).flatMap { ["\(4 * $0).weight", "\(4 * $0 + 1).weight", "\(4 * $0 + 1).bias"] }
        return Set(body + network.headNames)
    }

    /// The pre-trained backbone with the probe head, then `fineTuneSteps` Adam steps on the
    /// support loss updating `fineTunedNames`: the parameters of `episodeNetwork(ways:)`.
    public func fineTuned(on task: ClassificationTask) -> Parameters {
        let net = episodeNetwork(ways: task.ways), trained = fineTunedNames
        let start = parameters.detached().merging(linearProbe(on: task))
        var tuned = start.filter { trained.contains($0) }
        var adam = Adam(learningRate: configuration.fineTuneLearningRate)
        for _ in 0..<configuration.fineTuneSteps {
            let w = tuned.variables()
            let loss = net(task.support, parameters: start.merging(w)).crossEntropy(labels: task.supportLabels)
            adam.step(&tuned, gradients: gradients(of: loss, wrt: w.tensors))
        }
        return start.merging(tuned)
    }

    /// The network and weights adapted to `task` by `adaptation`.
    public func adapted(to task: ClassificationTask, by adaptation: Adaptation) -> (network: Conv4, parameters: Parameters) {
        let net = episodeNetwork(ways: task.ways)
        switch adaptation {
        case .linearProbe: return (net, parameters.detached().merging(linearProbe(on: task)))
        case .fineTune: return (net, fineTuned(on: task))
        }
    }

    /// Query accuracy after adaptation, mean ± 95% CI over `count` tasks (run on all cores),
    /// tested as `inference` says (inductive unless told).
    public func evaluate(_ adaptation: Adaptation, tasks: TaskSampler<ClassificationTask>, count: Int,
                         inference: Inference = .inductive, using generator: inout SeededGenerator) throws -> MeanEstimate {
        let batch = try (0..<count).map { _ in try tasks(&generator) }
        let learner = self
        let scores = parallelMap(batch.count) { index -> Double in
            let task = batch[index]
            return Double(accuracy(learner.queryLogits(for: task, by: adaptation, inference: inference).argmaxRows(), task.queryLabels))
        }
        return MeanEstimate(scores)
    }

    /// Query logits after adapting to `task`'s support set; inductive normalises each query with
    /// the support set's statistics at the adapted weights.
    public func queryLogits(for task: ClassificationTask, by adaptation: Adaptation, inference: Inference = .inductive) -> Tensor {
        let (net, weights) = adapted(to: task, by: adaptation)
        return inference.outputs(of: net, query: task.query, support: task.support, parameters: weights)
    }
}
