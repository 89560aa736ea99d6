import MetaTensor
import MetaNN
import MetaData

extension MAMLRL.Configuration {
    /// The baseline MAML is compared with (Finn et al. §5.3, "pretrained"): one policy trained
    /// by plain policy gradient on tasks of all goals together (α = 0: no adaptation while
    /// training), then adapted at test time by the same one step as the meta-trained policy.
    /// With `validationStepSizes`, it validates as MAML-RL does — by the mean return one step
    /// after, with the best of those step sizes — and keeps the best weights.
    public static func pretraining(iterations: Int, trajectories: Int = 20, metaBatch: Int = 10, learningRate: Float = 1e-3,
                                   timeLimit: Double? = nil, validationStepSizes: [Float] = [], seed: UInt64 = 1) -> Self {
        var configuration = Self(iterations: iterations, innerStepSize: 0, trajectories: trajectories, metaBatch: metaBatch,
                                 learningRate: learningRate, metaGradient: .postUpdateOnly, timeLimit: timeLimit,
                                 validationGoals: validationStepSizes.isEmpty ? 0 : 100, seed: seed)
        configuration.validationStepSizes = validationStepSizes
        return configuration
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
        let stepSizes = configuration.validationStepSizes.isEmpty
            ? (configuration.innerStepSize > 0 ? [configuration.innerStepSize] : []) : configuration.validationStepSizes
        let validating = configuration.validationGoals > 0 && !stepSizes.isEmpty
        let loop = TrainingLoop(iterations: configuration.iterations, timeLimit: configuration.timeLimit,
                                validationSeconds: validating ? configuration.validationSeconds : nil, keepBest: validating)
        var probe = self
        let validationGoals = validationGoals(count: configuration.validationGoals)
        try loop.run(report: &report, hooks: hooks, step: { _, iteration in
            // The tasks of a meta-batch run in parallel, each on its own copy of θ's leaves and its
            // own generator (split in task order, so the result does not depend on the threads).
            let theta = parameters, generators = (0..<configuration.metaBatch).map { _ in generator.split() }
            let tasks = parallelMap(configuration.metaBatch) { index in
                Self.taskGradients(policy, theta: theta, environment: environment, estimator: estimator, count: count,
                                   configuration: configuration, generator: generators[index])
            }
            var grads = Self.metaGradient(tasks, preUpdateScore: configuration.metaGradient == .dice)
            let meanReturn = tasks.reduce(Float(0)) { $0 + $1.postReturn } / Float(tasks.count)
            try requireFinite(meanReturn, gradients: grads, iteration: iteration, hint: "learning-rate or inner-lr")
            if let clip = configuration.clipNorm { grads = clippedByGlobalNorm(grads, maxNorm: clip) }
            optimizer.step(&parameters, gradients: grads)
            return (-meanReturn, nil)
        }, validate: {
            probe.parameters = parameters
            let returns = probe.tunedStepSize(candidates: stepSizes, goals: validationGoals, trajectories: count).returns
            return Float(returns.map(\.1).max()!)
        }, snapshot: { parameters }, restore: { parameters = $0 })
    }

    /// One task of a meta-update: the gradients of its post-update surrogate and (for DiCE's
    /// pre-update term) of log p_θ(τ), and its mean post-update return; on its own copy of θ's
    /// leaves, so the tasks of a meta-batch can run on different threads.
    static func taskGradients(_ policy: GaussianPolicy, theta: Parameters, environment: PointNavigation, estimator: AdvantageEstimator,
                              count: Int, configuration: Configuration, generator: SeededGenerator)
        -> (post: [Tensor], preLogLikelihood: [Tensor]?, postReturn: Float) {
        var generator = generator
        let variables = theta.variables()
        let goal = environment.sampleGoal(using: &generator)
        let task = taskTerms(policy, theta: variables, stepSize: configuration.innerStepSize, estimator: estimator,
                             secondOrder: configuration.secondOrder,
                             lowVarianceCurvature: configuration.metaGradient == .lowVarianceCurvature, rollout: { p, g in
            environment.rollout(policy, parameters: p, goal: goal, count: count, using: &g)
        }, using: &generator)
        let pre = configuration.metaGradient == .dice && configuration.innerStepSize > 0
            ? gradients(of: task.preLogLikelihood, wrt: variables.tensors).map { $0.detached() } : nil
        return (gradients(of: task.post, wrt: variables.tensors).map { $0.detached() }, pre, task.postReturn)
    }

    /// −∇θ of `metaSurrogate` from each task's gradients: the mean over tasks of ∇Ĵ(θ′; τ′),
    /// plus (R̄(τ′) − b)·∇log p_θ(τ) when `preUpdateScore`.
    static func metaGradient(_ tasks: [(post: [Tensor], preLogLikelihood: [Tensor]?, postReturn: Float)], preUpdateScore: Bool) -> [Tensor] {
        let weights = preUpdateWeights(tasks.map(\.postReturn))
        var sum = tasks[0].post.map { $0 * 0 }
        for (task, weight) in zip(tasks, weights) {
            sum = zip(sum, task.post).map { $0 + $1 }
            if preUpdateScore, let pre = task.preLogLikelihood { sum = zip(sum, pre).map { $0 + $1 * weight } }
        }
        return sum.map { $0 * (-1 / Float(tasks.count)) }
    }

    /// The mean return per trajectory over `goals`, with the current θ (before) and after one
    /// policy-gradient step of size `stepSize` on `trajectories` trajectories of each goal
    /// (after, on fresh trajectories); mean ± 95% interval over the goals.
    public func evaluate(goals: [[Float]], stepSize: Float, trajectories: Int = 20, seed: UInt64 = 0x7E57)
        -> (before: MeanEstimate, after: MeanEstimate) {
        let returns = goalReturns(goals: goals, stepSize: stepSize, trajectories: trajectories, seed: seed)
        return (MeanEstimate(returns.map(\.before)), MeanEstimate(returns.map(\.after)))
    }

    /// Each goal's mean return per trajectory before and after the step, as `evaluate` measures
    /// them (for paired comparisons of two policies on the same goals).
    public func goalReturns(goals: [[Float]], stepSize: Float, trajectories: Int = 20, seed: UInt64 = 0x7E57)
        -> [(before: Double, after: Double)] {
        var generator = SeededGenerator(seed: seed)
        let generators = goals.map { _ in generator.split() }
        return parallelMap(goals.count) { index in
            var generator = generators[index]
            let (pre, post) = adaptationRollouts(goal: goals[index], stepSize: stepSize, trajectories: trajectories, using: &generator)
            return (Double(pre.meanReturn), Double(post.meanReturn))
        }
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
