import MetaTensor
import MetaNN
import MetaLearn

/// The session's adapter for meta-reinforcement learning on MAML's 2-D navigation tasks
/// (`train maml-rl` with ProMP's low-variance meta-gradient, `train maml-rl-dice` with the
/// unbiased one, and `train pretrain-rl`: one policy trained on all goals, α = 0 while training).
/// It draws goals of its own, and its own test is the mean return on held-out goals
/// before and after one policy-gradient step; `plot trajectories` draws four of those goals.
struct NavigationLearner: SessionLearner {
    /// Held-out goals per test (the same goals for every navigation result).
    static let testGoals = 200
    /// Trajectories per goal before and after the step (K).
    static let trajectories = 20
    /// Goals the pretrained policy's step size is tuned on.
    static let validationGoals = 100
    /// The pretrained policy's candidate step sizes, as multiples of α.
    static let stepScales: [Float] = [0.25, 0.5, 1, 2, 4, 8]

    /// The policy and its training.
    var agent: MAMLRL
    /// The meta-gradient when it meta-trains through the adaptation step (MAML-RL); nil: trains on all goals.
    let metaGradient: MAMLRL.MetaGradient?
    /// Whether it meta-trains through the adaptation step.
    var meta: Bool { metaGradient != nil }
    /// α: the adaptation step (in meta-training and at test time).
    let stepSize: Float
    /// The step size the last test used (the pretrained policy's is tuned), for figures.
    private(set) var testStepSize: Float
    /// Adam's rate for the (meta-)update.
    let learningRate: Float

    init(metaGradient: MAMLRL.MetaGradient?, hyper: HyperParameters, using generator: inout SeededGenerator) {
        agent = MAMLRL(using: &generator)
        self.metaGradient = metaGradient
        stepSize = Float(hyper.innerLearningRate)
        testStepSize = stepSize
        learningRate = Float(hyper.outerLearningRate)
    }

    /// The policy's mean network (log σ is one more tensor of `checkpoint`).
    var model: any Model { agent.policy.network }
    var weights: Parameters { agent.parameters }
    var checkpoint: Parameters { agent.parameters }
    var report: TrainingReport { agent.report }

    mutating func restore(_ checkpoint: Parameters) { agent.parameters = checkpoint }

    /// Trains on fresh goals for `plan.iterations` updates of `plan.metaBatch` goals (the session's
    /// tasks are not used). Both validate every 5 s on 100 validation goals (never the test
    /// goals) by the return one step after — the pretrained policy with the best of its
    /// candidate step sizes — and keep the best weights.
    mutating func train(_ plan: TrainingPlan, tasks: TaskStream, validation: TaskStream?, hooks: TrainingHooks,
                        using generator: inout SeededGenerator) throws {
        let configuration = metaGradient.map {
            MAMLRL.Configuration(iterations: plan.iterations, innerStepSize: stepSize, trajectories: Self.trajectories,
                                 metaBatch: plan.metaBatch, learningRate: learningRate, metaGradient: $0,
                                 validationGoals: Self.validationGoals, seed: plan.seed)
        } ?? .pretraining(iterations: plan.iterations, trajectories: Self.trajectories, metaBatch: plan.metaBatch,
                          learningRate: learningRate, validationStepSizes: Self.stepScales.map { $0 * stepSize }, seed: plan.seed)
        try agent.train(configuration, hooks: hooks)
    }

    /// Not an episode learner: no score on a task.
    func score(on task: AnyTask, inference: Inference) -> Float { .nan }

    /// Not a classifier: no predictions.
    func predictions(for task: ClassificationTask, inference: Inference) -> [Int] { [] }

    /// The mean return per trajectory on the held-out goals, before and after one step of size α.
    /// The pretrained policy's step size is tuned first, as Finn et al. tuned their baselines'
    /// by hand: among α·{¼, ½, 1, 2, 4, 8}, the one best on `validationGoals` (never the test goals).
    mutating func ownTest(count: Int, seed: UInt64) -> OwnTest? {
        let f = ResultValue.format
        var step = stepSize, tuning: [String] = []
        if !meta {
            let candidates = Self.stepScales.map { $0 * stepSize }
            let (best, returns) = agent.tunedStepSize(candidates: candidates, goals: agent.validationGoals(count: Self.validationGoals),
                                                      trajectories: Self.trajectories)
            step = best
            tuning = ["step size tuned on \(Self.validationGoals) validation goals (not the test goals): α = \(f(Double(best))) "
                      + "(after one step: " + returns.map { "\(f(Double($0.0))): \(f($0.1))" }.joined(separator: ", ") + ")"]
        }
        let goals = agent.testGoals(count: Self.testGoals)
        let returns = agent.goalReturns(goals: goals, stepSize: step, trajectories: Self.trajectories)
        let (before, after) = (MeanEstimate(returns.map(\.before)), MeanEstimate(returns.map(\.after)))
        testStepSize = step
        let scores = (score: "return", scores: returns.map(\.after),
                      tasks: "navigation: return after one step on \(goals.count) held-out goals, \(Self.trajectories) trajectories each")
        return OwnTest(values: [("test.before", before.mean), ("test.before_interval", before.interval95),
                                ("test.after", after.mean), ("test.after_interval", after.interval95),
                                ("test.step_size", Double(step)), ("test.goals", Double(goals.count))], lines: tuning + [
            "mean return on \(goals.count) held-out goals: \(f(before.mean)) ± \(f(before.interval95)) before adaptation, "
                + "\(f(after.mean)) ± \(f(after.interval95)) after one step (α = \(f(Double(step))))",
            "'plot trajectories of=NAME to=FILE.png' draws four of them before and after the step",
        ], taskScores: scores)
    }

    /// The first `count` held-out goals, as `ownTest` draws them.
    func figureGoals(_ count: Int) -> [[Float]] { agent.testGoals(count: count) }
}

extension Algorithm {
    private static func navigation(name: String, title: String, metaGradient: MAMLRL.MetaGradient?, formulas: [String]) -> Algorithm {
        Algorithm(
            name: name, title: title, citation: "Finn, Abbeel & Levine, ICML 2017, §5.3",
            kinds: [.classification, .regression],
            knobs: [HyperKnob(option: "inner-lr", symbol: "α", meaning: "policy-gradient adaptation step") { $0.innerLearningRate },
                    .outerLearningRate, HyperKnob(option: "meta-batch", symbol: "B", meaning: "goals per update") { Double($0.metaBatch) }],
            formulas: formulas, example: .episodeLoss, hasMetaGradient: false,
            defaults: { _ in HyperParameters(innerLearningRate: 0.001, outerLearningRate: 1e-3, innerSteps: 1, metaBatch: 10) },
            make: { setup, generator in NavigationLearner(metaGradient: metaGradient, hyper: setup.hyper, using: &generator) },
            gradcheckRefusal: "\(name) learns from sampled trajectories; its meta-gradient is checked against the exact one in MetaRLTests: try 'gradcheck maml'",
            ownTasks: "2-D navigation goals (MAML §5.3)")
    }

    /// MAML with a policy-gradient inner step, on the 2-D navigation tasks; ProMP's low-variance curvature meta-gradient.
    static let mamlRL = navigation(name: "maml-rl", title: "MAML-RL (2-D navigation, low-variance meta-gradient)",
                                   metaGradient: .lowVarianceCurvature, formulas: [
        #"\theta' = \theta + \alpha \, \nabla_\theta \tfrac1K \textstyle\sum_{k,t} \frac{\pi_\theta(a_{kt} \mid s_{kt})}{\bot(\pi_\theta(a_{kt} \mid s_{kt}))} \hat A_{kt}, \quad \tau_k \sim \pi_\theta"#,
        #"\theta \leftarrow \mathrm{Adam}\big(\nabla_\theta \textstyle\sum_T \hat J(\theta'; \tau')\big)"#,
    ])

    /// The same with the unbiased meta-gradient: DiCE's pre-update score term.
    static let mamlRLDice = navigation(name: "maml-rl-dice", title: "MAML-RL (2-D navigation, unbiased DiCE meta-gradient)",
                                       metaGradient: .dice, formulas: [
        #"\theta' = \theta + \alpha \, \hat\nabla_\theta J(\theta; \tau_{1..K}), \quad \tau_k \sim \pi_\theta"#,
        #"\theta \leftarrow \mathrm{Adam}\big(\nabla_\theta \textstyle\sum_T \hat J(\theta'; \tau') + (\square(\log p_\theta(\tau)) - 1)(\bar R(\tau') - b)\big)"#,
    ])

    /// The baseline: one policy trained by policy gradient on all goals, adapted by the same step.
    static let pretrainRL = navigation(name: "pretrain-rl", title: "Policy pretrained on all goals", metaGradient: nil, formulas: [
        #"\theta \leftarrow \mathrm{Adam}\big(\nabla_\theta \textstyle\sum_T \hat J(\theta; \tau)\big), \quad \tau \sim \pi_\theta"#,
        #"\theta' = \theta + \alpha \, \hat\nabla_\theta J(\theta; \tau_{1..K}) \quad \text{(at test time)}"#,
    ])
}
