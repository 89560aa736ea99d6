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
/// the distribution of the pre-update trajectories τ that θ′ was computed from. The meta-
/// gradient surrogate keeps both, so its gradient is unbiased for the exact meta-gradient:
///
///     S = Ĵ(θ′; τ′) + (□(log p_θ(τ)) − 1) · (R̄(τ′) − b)
///
/// where □ is DiCE's magic box (value 1, gradient ∇log p) and b the mean post-update return
/// of the *other* tasks in the meta-batch (independent of τ, so it lowers variance without
/// bias). Finn et al.'s implementation dropped the second term (Rothfuss et al. 2019, ProMP,
/// show it biased); `preUpdateScore: false` reproduces that.
///
/// Hyper-parameters (ours; MAML: 100-unit layers, 20 trajectories, α 0.1 on a per-sample mean,
/// TRPO outer step, linear feature baseline): MLP 2-64-64-2 with learned log σ (σ₀ = 0.1);
/// K = 20; α = 0.02 on the per-trajectory sum; the leave-one-out linear feature baseline,
/// advantages not normalised; 10 tasks per meta-batch; Adam 3·10⁻³.
public struct MAMLRL: Sendable {
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
        /// Keep the term of the meta-gradient from the pre-update sampling distribution.
        public var preUpdateScore: Bool
        /// Differentiate through the inner step (MAML); false: first order, θ′'s gradient applied to θ.
        public var secondOrder: Bool
        /// Scale the meta-gradient down to this global norm when it is longer (nil: never).
        public var clipNorm: Float?
        /// Stop after this many seconds (nil: no limit).
        public var timeLimit: Double?
        /// Seeds the draw of goals and trajectories.
        public var seed: UInt64

        /// Settings for `iterations` meta-updates (the defaults are in the type's summary).
        public init(iterations: Int, innerStepSize: Float = 0.02, trajectories: Int = 20, metaBatch: Int = 10,
                    learningRate: Float = 3e-3, preUpdateScore: Bool = true, secondOrder: Bool = true, clipNorm: Float? = nil,
                    timeLimit: Double? = nil, seed: UInt64 = 1) {
            self.iterations = iterations
            self.innerStepSize = innerStepSize
            self.trajectories = trajectories
            self.metaBatch = metaBatch
            self.learningRate = learningRate
            self.preUpdateScore = preUpdateScore
            self.secondOrder = secondOrder
            self.clipNorm = clipNorm
            self.timeLimit = timeLimit
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
    public init(policy: GaussianPolicy = GaussianPolicy(), environment: PointNavigation = PointNavigation(),
                estimator: AdvantageEstimator = .linearBaseline, initialStd: Float = 0.1, using generator: inout SeededGenerator) {
        self.policy = policy
        self.environment = environment
        self.estimator = estimator
        parameters = policy.initialParameters(initialStd: initialStd, using: &generator)
    }

    /// One task's share of the meta-objective: the post-update surrogate Ĵ(θ′; τ′) (a function
    /// of `theta` through θ′), log p_θ(τ) of the pre-update trajectories, and both mean returns.
    /// The inner step weighs actions as `estimator` says; Ĵ uses its baseline, unnormalised.
    public static func taskTerms(_ policy: GaussianPolicy, theta: Parameters, stepSize: Float, estimator: AdvantageEstimator = .plain,
                                 secondOrder: Bool = true, rollout: Rollout, using generator: inout SeededGenerator)
        -> (post: Tensor, preLogLikelihood: Tensor, preReturn: Float, postReturn: Float) {
        if stepSize == 0 {  // no adaptation (pre-training): the post-update batch is the only one needed
            let batch = rollout(theta.detached(), &generator)
            return (policy.surrogate(batch, parameters: theta, estimator: estimator.unnormalized), Tensor(0), batch.meanReturn, batch.meanReturn)
        }
        let before = rollout(theta.detached(), &generator)
        let adapted = policy.adapted(theta, on: before, stepSize: stepSize, estimator: estimator, secondOrder: secondOrder)
        let after = rollout(adapted.detached(), &generator)
        return (policy.surrogate(after, parameters: adapted, estimator: estimator.unnormalized), policy.logLikelihood(before, parameters: theta),
                before.meanReturn, after.meanReturn)
    }

    /// The meta-gradient surrogate S averaged over tasks (see the type's summary), from each
    /// task's terms; the baseline of task i is the mean post-update return of the others.
    public static func metaSurrogate(_ terms: [(post: Tensor, preLogLikelihood: Tensor, postReturn: Float)], preUpdateScore: Bool) -> Tensor {
        let total = terms.reduce(Float(0)) { $0 + $1.postReturn }
        let parts = terms.map { term -> Tensor in
            guard preUpdateScore else { return term.post }
            let baseline = terms.count > 1 ? (total - term.postReturn) / Float(terms.count - 1) : 0
            return term.post + (magicBox(term.preLogLikelihood) - 1) * (term.postReturn - baseline)
        }
        return parts.dropFirst().reduce(parts[0], +) * (1 / Float(terms.count))
    }
}
