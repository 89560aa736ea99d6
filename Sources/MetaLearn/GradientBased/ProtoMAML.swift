import MetaTensor
import MetaNN

/// Proto-MAML (Triantafillou et al., "Meta-Dataset", ICLR 2020): MAML whose linear head is not
/// meta-learned but initialised, for each task, from the class prototypes of its support set,
///
///     c_k = mean of f_φ(x) over the support images of class k
///     w_k = 2 c_k,   b_k = −‖c_k‖²
///
/// so before adaptation the logits w_k·f + b_k = −‖f − c_k‖² + ‖f‖² rank the classes as a
/// Prototypical Network does. The whole network (φ and the head) then takes MAML's inner
/// steps on the support loss, and the meta-gradient of the query loss flows through the inner
/// steps and through the prototype initialisation into φ. First order drops the term through
/// the inner steps only: the gradient still reaches φ through the prototypes, as in the paper.
///
/// The meta-parameters are φ alone: the head exists only inside a task, so the network needs
/// any number of classes. Hyper-parameters as MAML's (5-way Omniglot: α = 0.4, one inner step);
/// with `headOnly` only the prototype head adapts, as in ANIL.
public struct ProtoMAML: GradientMetaLearner {
    public typealias Task = ClassificationTask

    /// MAML's hyper-parameters: α, inner steps (in training and at test time), Adam's β, first
    /// order, and whether only the head adapts.
    public typealias Configuration = MAML<ClassificationTask>.Configuration

    /// The embedding and its linear head; only the embedding's weights are meta-parameters.
    public let network: any LinearHeadModel
    public var configuration: Configuration
    /// φ, the embedding's learned initialisation (the head's entries are left out).
    public var metaParameters: Parameters
    public var report = TrainingReport()

    /// A learner with fresh φ for `network` (its head's width is the tasks' number of classes).
    public init(network: any LinearHeadModel, configuration: Configuration = Configuration(), using generator: inout SeededGenerator) {
        precondition(network.headNames.count == 2, "Proto-MAML needs a network with a linear head")
        self.network = network
        self.configuration = configuration
        let head = Set(network.headNames)
        metaParameters = network.initialParameters(using: &generator).filter { !head.contains($0) }
    }

    public var model: any Model { network }

    public var metaLearningRate: Float? { configuration.metaLearningRate }

    /// The head from the support prototypes of `task` under embedding weights `phi`:
    /// w_k = 2c_k [ways, features], b_k = −‖c_k‖² [ways]. Differentiable in `phi`.
    public func prototypeHead(_ phi: Parameters, for task: ClassificationTask) -> (weight: Tensor, bias: Tensor) {
        let prototypes = PrototypicalNetwork.prototypes(network.features(task.support, parameters: phi),
                                                        labels: task.supportLabels, ways: task.ways)
        return (prototypes * Float(2), -(prototypes * prototypes).sum(axes: [1]))
    }

    /// Where adaptation to `task` starts: φ with the prototype head.
    public func initialisation(_ phi: Parameters, for task: ClassificationTask) -> Parameters {
        let (weight, bias) = prototypeHead(phi, for: task)
        return Parameters(zip(phi.names, phi.tensors).map { ($0, $1) } + [(network.headNames[0], weight), (network.headNames[1], bias)])
    }

    /// The inner loop with this configuration's settings.
    public func innerLoop(steps: Int? = nil) -> InnerLoop {
        InnerLoop(steps: steps ?? configuration.innerSteps, stepSize: .scalar(configuration.innerLearningRate),
                  secondOrder: !configuration.firstOrder, adaptedNames: configuration.headOnly ? Set(network.headNames) : nil)
    }

    /// Query loss after the inner loop from the prototype initialisation, and its gradient with
    /// respect to φ (through the inner steps unless first order, and through the prototypes).
    public func outcome(on task: ClassificationTask, metaParameters: Parameters) -> TaskOutcome {
        let phi = metaParameters.variables()
        let adapted = innerLoop().adapt(initialisation(phi, for: task), model: network, on: task)
        let prediction = network(task.query, parameters: adapted)
        let loss = task.queryLoss(prediction)
        return TaskOutcome(loss: loss.scalar, score: task.queryScore(prediction), gradients: gradients(of: loss, wrt: phi.tensors))
    }

    public func adapted(to task: ClassificationTask) -> Parameters {
        var loop = innerLoop(steps: configuration.testInnerSteps ?? configuration.innerSteps)
        loop.secondOrder = false
        return loop.adapt(initialisation(metaParameters, for: task).detached(), model: network, on: task).detached()
    }
}
