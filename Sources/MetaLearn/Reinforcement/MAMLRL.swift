import MetaTensor
import MetaNN
import MetaData

/// MAML for reinforcement learning (Finn, Abbeel & Levine, ICML 2017, §5.3), on the 2-D
/// navigation tasks: a Gaussian MLP policy is meta-trained so that one policy-gradient step on
/// K trajectories of a new task (a new goal) yields a policy that reaches that goal.
///
///     inner:  θ′ = θ + α ∇θ Ĵ(θ; τ₁…τ_K),     τₖ ~ π_θ in task T      (REINFORCE, leave-one-out baseline)
///     outer:  θ ← Adam(θ, ∇θ Σ_T E_{τ~π_θ}[ E_{τ′~π_θ′}[R(τ′)] ])      (τ′: K fresh trajectories)
///
/// The outer objective depends on θ twice: through θ′ (the Hessian term of MAML), and through
/// the distribution of the pre-update trajectories τ that θ′ was computed from. How the
/// meta-gradient treats the second is `MetaGradient`: kept exactly (DiCE), kept step by step
/// (ProMP's low-variance curvature, the default), or dropped (Finn et al.'s code).
///
/// Hyper-parameters (ours; MAML: 100-unit layers, 20 trajectories, α 0.1 on a per-sample mean,
/// TRPO outer step, linear feature baseline): MLP 2-64-64-2 with its mean squashed into the
/// action clip and learned log σ (σ₀ = 0.05); K = 20; α = 0.001 on the per-trajectory sum (50 steps);
/// the leave-one-out linear feature baseline, advantages not normalised; 10 tasks per
/// meta-batch, run in parallel; Adam 10⁻³; the weights best on validation goals are kept.
public struct MAMLRL: Sendable {
    /// How the meta-gradient accounts for θ's effect on the pre-update trajectories τ.
    public enum MetaGradient: String, Sendable, CaseIterable {
        /// Unbiased: the surrogate S = Ĵ(θ′; τ′) + (□(log p_θ(τ)) − 1)·(R̄(τ′) − b), with □
        /// DiCE's magic box (value 1, gradient ∇log p) and b the mean post-update return of the
        /// *other* tasks of the meta-batch (independent of τ, so it lowers variance without bias).
        /// Its pre-update term weighs all K·H log-probabilities by one noisy number: high variance.
        case dice
        /// ProMP's low-variance curvature (Rothfuss et al., ICLR 2019): no pre-update term, but the
        /// inner step uses π/⊥(π) instead of log π, whose Hessian adds Σₜ ∇log π ∇log πᵀ·Âₜ — the
        /// same correction to first order in α, taken step by step: biased, far less variance.
        case lowVarianceCurvature = "lvc"
        /// Finn et al.'s implementation: the pre-update dependence dropped (biased; `MetaRLTests`).
        case postUpdateOnly = "post"
    }

    /// Meta-training settings.
    public struct Configuration: Sendable {
        /// Meta-updates.
        public var iterations: Int
        /// The inner policy-gradient step size α.
        public var innerStepSize: Float
        /// Trajectories per task before and after adaptation (K).
        public var trajectories: Int
        /// Tasks per meta-update.
        public var metaBatch: Int
        /// Adam's learning rate for the meta-update.
        public var learningRate: Float
        /// How the meta-gradient treats the pre-update sampling distribution.
        public var metaGradient: MetaGradient
        /// Differentiate through the inner step (MAML); false: first order, θ′'s gradient applied to θ.
        public var secondOrder: Bool
        /// Scale the meta-gradient down to this global norm when it is longer (nil: never).
        public var clipNorm: Float?
        /// Stop after this many seconds (nil: no limit).
        public var timeLimit: Double?
        /// Validate on this many goals (`validationGoals`, apart from the test goals) every
        /// `validationSeconds`, by the mean return after one step, and keep the best weights (0: never).
        public var validationGoals: Int
        /// The step sizes validation tries, scoring the best of them (`tunedStepSize`); empty:
        /// `innerStepSize` alone. Pre-training (α = 0) validates only with candidates given.
        public var validationStepSizes: [Float] = []
        /// Seconds between validations.
        public var validationSeconds: Double
        /// Seeds the draw of goals and trajectories.
        public var seed: UInt64

        /// Settings for `iterations` meta-updates (the defaults are in the type's summary).
        public init(iterations: Int, innerStepSize: Float = 0.001, trajectories: Int = 20, metaBatch: Int = 10,
                    learningRate: Float = 1e-3, metaGradient: MetaGradient = .lowVarianceCurvature, secondOrder: Bool = true,
                    clipNorm: Float? = nil, timeLimit: Double? = nil, validationGoals: Int = 100, validationSeconds: Double = 5,
                    seed: UInt64 = 1) {
            self.iterations = iterations
            self.innerStepSize = innerStepSize
            self.trajectories = trajectories
            self.metaBatch = metaBatch
            self.learningRate = learningRate
            self.metaGradient = metaGradient
            self.secondOrder = secondOrder
            self.clipNorm = clipNorm
            self.timeLimit = timeLimit
            self.validationGoals = validationGoals
            self.validationSeconds = validationSeconds
            self.seed = seed
        }

        /// Throws `EpisodicSettingError` for a setting out of range.
        public func validate() throws(EpisodicSettingError) {
            func check(_ ok: Bool, _ name: String, _ value: Any, _ expected: String) throws(EpisodicSettingError) {
                if !ok { throw .invalid(name: name, value: "\(value)", expected: expected) }
            }
            try check(iterations >= 0, "iterations", iterations, "at least 0")
            try check(innerStepSize >= 0 && innerStepSize.isFinite, "inner-lr", innerStepSize, "a number ≥ 0")
            try check(trajectories >= 2, "trajectories", trajectories, "at least 2 (the baseline leaves one out)")
            try check(metaBatch >= 1, "meta-batch", metaBatch, "at least 1")
            try check(learningRate > 0 && learningRate.isFinite, "learning-rate", learningRate, "a positive number")
            try check(timeLimit.map { $0 > 0 } ?? true, "time-limit", timeLimit ?? 0, "a positive number of seconds")
            try check(clipNorm.map { $0 > 0 } ?? true, "clip-norm", clipNorm ?? 0, "a positive number")
            try check(validationGoals >= 0, "validation goals", validationGoals, "at least 0")
            try check(validationSeconds > 0, "validation seconds", validationSeconds, "a positive number of seconds")
            try check(validationStepSizes.allSatisfy { $0 > 0 && $0.isFinite }, "validation step sizes", validationStepSizes, "positive numbers")
        }
    }

    /// Sampling K trajectories of a policy with given parameters in one task.
    public typealias Rollout = (_ parameters: Parameters, _ generator: inout SeededGenerator) -> Trajectories

    /// The policy (architecture).
    public let policy: GaussianPolicy
    /// The tasks' environment.
    public let environment: PointNavigation
    /// The meta-parameters θ (network weights and log σ).
    public var parameters: Parameters
    /// How the adaptation step weighs actions, in meta-training and at test time.
    public var estimator: AdvantageEstimator
    /// The meta-training curve (loss: minus the mean post-update return).
    public var report = TrainingReport()

    /// A learner with fresh weights.
    public init(policy: GaussianPolicy? = nil, environment: PointNavigation = PointNavigation(),
                estimator: AdvantageEstimator = .linearBaseline, initialStd: Float = 0.05, using generator: inout SeededGenerator) {
        let policy = policy ?? GaussianPolicy(meanBound: environment.maxStep)
        self.policy = policy
        self.environment = environment
        self.estimator = estimator
        parameters = policy.initialParameters(initialStd: initialStd, using: &generator)
    }

    /// One task's share of the meta-objective: the post-update surrogate Ĵ(θ′; τ′) (a function
    /// of `theta` through θ′), log p_θ(τ) of the pre-update trajectories, and both mean returns.
    /// The inner step weighs actions as `estimator` says; Ĵ uses its baseline, unnormalised.
    public static func taskTerms(_ policy: GaussianPolicy, theta: Parameters, stepSize: Float, estimator: AdvantageEstimator = .plain,
                                 secondOrder: Bool = true, lowVarianceCurvature: Bool = false, rollout: Rollout, using generator: inout SeededGenerator)
        -> (post: Tensor, preLogLikelihood: Tensor, preReturn: Float, postReturn: Float) {
        if stepSize == 0 {  // no adaptation (pre-training): the post-update batch is the only one needed
            let batch = rollout(theta.detached(), &generator)
            return (policy.surrogate(batch, parameters: theta, estimator: estimator.unnormalized), Tensor(0), batch.meanReturn, batch.meanReturn)
        }
        let before = rollout(theta.detached(), &generator)
        let adapted = policy.adapted(theta, on: before, stepSize: stepSize, estimator: estimator, secondOrder: secondOrder,
                                     lowVarianceCurvature: lowVarianceCurvature)
        let after = rollout(adapted.detached(), &generator)
        return (policy.surrogate(after, parameters: adapted, estimator: estimator.unnormalized), policy.logLikelihood(before, parameters: theta),
                before.meanReturn, after.meanReturn)
    }

    /// The meta-gradient surrogate averaged over tasks, from each task's terms: Ĵ(θ′; τ′), plus
    /// DiCE's pre-update term when `preUpdateScore` (`MetaGradient.dice`), its baseline the
    /// mean post-update return of the other tasks (`preUpdateWeights`). Training assembles the
    /// same gradient task by task (`metaGradient(_:preUpdateScore:)`).
    public static func metaSurrogate(_ terms: [(post: Tensor, preLogLikelihood: Tensor, postReturn: Float)], preUpdateScore: Bool) -> Tensor {
        let weights = preUpdateWeights(terms.map(\.postReturn))
        let parts = terms.enumerated().map { i, term -> Tensor in
            guard preUpdateScore else { return term.post }
            return term.post + (magicBox(term.preLogLikelihood) - 1) * weights[i]
        }
        return parts.dropFirst().reduce(parts[0], +) * (1 / Float(terms.count))
    }

    /// The weight of each task's pre-update score, R̄(τ′) − b: its mean post-update return less
    /// the mean of the other tasks' (0 for a single task: no baseline to take).
    static func preUpdateWeights(_ returns: [Float]) -> [Float] {
        let total = returns.reduce(0, +)
        return returns.map { returns.count > 1 ? $0 - (total - $0) / Float(returns.count - 1) : $0 }
    }
}
