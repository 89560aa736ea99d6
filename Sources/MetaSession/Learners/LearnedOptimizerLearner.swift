import MetaTensor
import MetaNN
import MetaLearn

/// The session's adapter for the learned optimizer (Andrychowicz et al.): meta-trained on random
/// 10-dimensional quadratics, one unroll per iteration, and tested not on episodes but against
/// tuned SGD and Adam on held-out quadratics (`ownTest`), whose mean loss trajectories it keeps.
struct LearnedOptimizerLearner: SessionLearner {
    /// The problems' dimension.
    static let dimension = 10

    /// The wrapped optimizer.
    var optimizer: LearnedOptimizer
    /// The last comparison on held-out problems, for `plot trajectories`.
    var comparison: OptimizerComparison?

    /// The optimizer, seen as a network.
    var model: any Model { OptimizerNetwork(optimizer: optimizer) }
    /// φ, the LSTM's weights.
    var weights: Parameters { optimizer.weights }
    /// φ, as saved.
    var checkpoint: Parameters { optimizer.weights }
    /// The meta-training curve (mean loss over each unroll).
    var report: TrainingReport { optimizer.report }

    /// Puts saved φ back.
    mutating func restore(_ checkpoint: Parameters) { optimizer.weights = checkpoint }

    /// Meta-trains φ for `plan.iterations` unrolls on fresh quadratics (the session's tasks are not used).
    mutating func train(_ plan: TrainingPlan, tasks: TaskStream, validation: TaskStream?, hooks: TrainingHooks,
                        using generator: inout SeededGenerator) throws {
        try optimizer.train(problems: QuadraticProblem.sampler(dimension: Self.dimension), updates: plan.iterations,
                            hooks: hooks, using: &generator)
    }

    /// Not an episode learner: no score on a task.
    func score(on task: AnyTask, inference: Inference) -> Float { .nan }

    /// Not a classifier: no predictions.
    func predictions(for task: ClassificationTask, inference: Inference) -> [Int] { [] }

    /// Learned optimizer, tuned SGD and tuned Adam on up to 20 held-out quadratics for one horizon.
    mutating func ownTest(count: Int, seed: UInt64) -> OwnTest? {
        var generator = SeededGenerator(seed: seed ^ 0x7E57_7E57)
        let problems = (0..<min(max(count, 1), 20)).map { _ in QuadraticProblem(dimension: Self.dimension, using: &generator) }
        let result = OptimizerComparison(learned: optimizer, problems: problems, steps: optimizer.configuration.horizon)
        comparison = result
        let finals = [("learned", result.learned.last!), ("sgd", result.sgd.last!), ("adam", result.adam.last!)]
        var values = finals.map { (path: "test.\($0.0).final", value: Double($0.1)) }
        values += [("test.sgd.lr", Double(result.sgdLearningRate)), ("test.adam.lr", Double(result.adamLearningRate)),
                   ("test.beats-sgd", Double(result.learnedBeatsSGD)), ("test.problems", Double(result.problemCount)),
                   ("test.steps", Double(optimizer.configuration.horizon))]
        let f = { (x: Float) in ResultValue.format(Double(x)) }
        return OwnTest(values: values, lines: [
            "test on \(result.problemCount) held-out quadratics, \(optimizer.configuration.horizon) steps: final loss learned \(f(result.learned.last!)), "
                + "SGD \(f(result.sgd.last!)) (lr \(f(result.sgdLearningRate))), Adam \(f(result.adam.last!)) (lr \(f(result.adamLearningRate)))",
            "learned beats tuned SGD on \(result.learnedBeatsSGD) of \(result.problemCount); 'plot trajectories of=NAME to=FILE.png' draws them",
        ])
    }
}

/// The learned optimizer seen as a network: gradients [n, 1] in, its first proposed update
/// (empty LSTM memory) out. It lets the session describe and save it like the other learners.
struct OptimizerNetwork: Model {
    /// The optimizer whose architecture this is.
    let optimizer: LearnedOptimizer

    /// Fresh φ for the same architecture.
    func initialParameters(using generator: inout SeededGenerator) -> Parameters {
        LearnedOptimizer(configuration: optimizer.configuration, using: &generator).weights
    }

    /// The proposed update for gradients [n, 1] under weights `parameters`, from an empty memory.
    func callAsFunction(_ input: Tensor, parameters: Parameters) -> Tensor {
        let empty = optimizer.start(Coordinates(initialParameters: Parameters([("x", input)]))).state
        return optimizer.proposal(for: input, state: empty, weights: parameters).update
    }

    /// n coordinates and no loss: only its size matters, for an empty LSTM memory.
    private struct Coordinates: OptimizationProblem {
        let initialParameters: Parameters
        func loss(_ parameters: Parameters, step: Int) -> Tensor { Tensor(0) }
    }

    /// The output layer.
    var headNames: [String] { ["output.weight", "output.bias"] }

    /// The architecture in one line.
    var summary: String {
        "coordinate-wise LSTM optimizer, \(optimizer.configuration.layers) × \(optimizer.configuration.hiddenSize) cells"
    }
}

extension Algorithm {
    /// Learning to learn by gradient descent by gradient descent, on random quadratics.
    static let learnedOptimizer = Algorithm(
        name: "learned-opt", title: "Learned optimizer (LSTM)", citation: "Andrychowicz et al., NeurIPS 2016",
        kinds: [.classification, .regression],
        knobs: [HyperKnob(option: "outer-lr", symbol: "β", meaning: "meta learning rate (Adam)") { $0.outerLearningRate }],
        formulas: [#"\theta_{t+1} = \theta_t + g_t, \quad (g_t, h_{t+1}) = m(\nabla_\theta f(\theta_t), h_t; \phi)"#,
                   #"\phi \leftarrow \phi - \beta \nabla_\phi \mathbb{E}_f \sum_{t=1}^{T} f(\theta_t)"#],
        example: .episodeLoss, hasMetaGradient: false,
        defaults: { _ in HyperParameters(innerLearningRate: 0, outerLearningRate: 1e-3, innerSteps: 0, metaBatch: 1) },
        make: { setup, generator in
            var configuration = LearnedOptimizer.Configuration()
            configuration.metaLearningRate = Float(setup.hyper.outerLearningRate)
            return LearnedOptimizerLearner(optimizer: LearnedOptimizer(configuration: configuration, using: &generator))
        },
        gradcheckRefusal: "learned-opt trains on random quadratics, not tasks; its unrolled meta-gradient is not checked here: try 'gradcheck maml'",
        ownTasks: "random \(LearnedOptimizerLearner.dimension)-dimensional quadratics")
}
