import MetaTensor
import MetaNN
import MetaData

extension MAMLRL.Configuration {
    /// The baseline MAML is compared with (Finn et al. §5.3, "pretrained"): one policy trained
    /// by plain policy gradient on tasks of all goals together (α = 0: no adaptation while
    /// training), then adapted at test time by the same one step as the meta-trained policy.
    public static func pretraining(iterations: Int, trajectories: Int = 20, metaBatch: Int = 10,
                                   learningRate: Float = 3e-3, timeLimit: Double? = nil, seed: UInt64 = 1) -> Self {
        Self(iterations: iterations, innerStepSize: 0, trajectories: trajectories, metaBatch: metaBatch,
             learningRate: learningRate, preUpdateScore: false, timeLimit: timeLimit, seed: seed)
    }
}

extension MAMLRL {
    /// Meta-trains θ by Adam ascent on the meta-surrogate, `metaBatch` goals per update. With
    /// α = 0 (`Configuration.pretraining`) this is plain policy-gradient training on all goals.
    /// Throws `EpisodicSettingError` for a bad setting and `TrainingError.diverged` on a
    /// non-finite return or gradient (keeping the weights from before it). A stop request ends
    /// training early, keeping what was learned.
    public mutating func train(_ configuration: Configuration, hooks: TrainingHooks = .silent) throws {
        try configuration.validate()
        var generator = SeededGenerator(seed: configuration.seed)
        var optimizer = Adam(learningRate: configuration.learningRate)
        var parameters = self.parameters, report = self.report
        defer { self.parameters = parameters; self.report = report }
        let (policy, environment, estimator, count) = (policy, environment, estimator, configuration.trajectories)
        let loop = TrainingLoop(iterations: configuration.iterations, timeLimit: configuration.timeLimit)
        try loop.run(report: &report, hooks: hooks) { _, iteration in
            let variables = parameters.variables()
            var terms: [(post: Tensor, preLogLikelihood: Tensor, postReturn: Float)] = []
            for _ in 0..<configuration.metaBatch {
                let goal = environment.sampleGoal(using: &generator)
                let task = Self.taskTerms(policy, theta: variables, stepSize: configuration.innerStepSize, estimator: estimator,
                                          secondOrder: configuration.secondOrder, rollout: { p, g in
                    environment.rollout(policy, parameters: p, goal: goal, count: count, using: &g)
                }, using: &generator)
                terms.append((task.post, task.preLogLikelihood, task.postReturn))
            }
            let surrogate = Self.metaSurrogate(terms, preUpdateScore: configuration.preUpdateScore)
            var grads = gradients(of: -surrogate, wrt: variables.tensors)
            let meanReturn = terms.reduce(Float(0)) { $0 + $1.postReturn } / Float(terms.count)
            try requireFinite(meanReturn, gradients: grads, iteration: iteration, hint: "learning-rate or inner-lr")
            if let clip = configuration.clipNorm { grads = clippedByGlobalNorm(grads, maxNorm: clip) }
            optimizer.step(&parameters, gradients: grads)
            return (-meanReturn, nil)
        }
    }

    /// The mean return per trajectory over `goals`, with the current θ (before) and after one
    /// policy-gradient step of size `stepSize` on `trajectories` trajectories of each goal
    /// (after, on fresh trajectories); mean ± 95% interval over the goals.
    public func evaluate(goals: [[Float]], stepSize: Float, trajectories: Int = 20, seed: UInt64 = 0x7E57)
        -> (before: MeanEstimate, after: MeanEstimate) {
        var generator = SeededGenerator(seed: seed)
        var before: [Double] = [], after: [Double] = []
        for goal in goals {
            let (pre, post) = adaptationRollouts(goal: goal, stepSize: stepSize, trajectories: trajectories, using: &generator)
            before.append(Double(pre.meanReturn))
            after.append(Double(post.meanReturn))
        }
        return (MeanEstimate(before), MeanEstimate(after))
    }

    /// Trajectories towards `goal` with θ, and with θ′ after one step on them.
    public func adaptationRollouts(goal: [Float], stepSize: Float, trajectories: Int,
                                   using generator: inout SeededGenerator) -> (before: Trajectories, after: Trajectories) {
        let theta = parameters.detached()
        let before = environment.rollout(policy, parameters: theta, goal: goal, count: trajectories, using: &generator)
        let adapted = policy.adapted(theta, on: before, stepSize: stepSize, estimator: estimator, secondOrder: false)
        return (before, environment.rollout(policy, parameters: adapted, goal: goal, count: trajectories, using: &generator))
    }

    /// The step size among `candidates` after which the mean return on `goals` is highest —
    /// for a baseline whose step size is tuned by hand in Finn et al. (§5.3: "fine-tuned with
    /// gradient descent with a manually tuned step size"); pass goals drawn apart from the test
    /// goals (`validationGoals`). Returns the choice and each candidate's mean return after the step.
    public func tunedStepSize(candidates: [Float], goals: [[Float]], trajectories: Int = 20) -> (best: Float, returns: [(Float, Double)]) {
        precondition(!candidates.isEmpty, "no step sizes to choose from")
        let returns = candidates.map { ($0, evaluate(goals: goals, stepSize: $0, trajectories: trajectories, seed: 0x7A11).after.mean) }
        return (returns.max { $0.1 < $1.1 }!.0, returns)
    }

    /// `count` validation goals: a draw of their own, apart from the test goals and training's.
    public func validationGoals(count: Int) -> [[Float]] { testGoals(count: count, seed: 0xA11D_60A1) }

    /// `count` test goals, the same for the same seed (a seed of their own, not the training draw).
    public func testGoals(count: Int, seed: UInt64 = 0x7E57_60A1) -> [[Float]] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in environment.sampleGoal(using: &generator) }
    }
}
