import MetaTensor
import MetaNN
import MetaData

/// Lake, Salakhutdinov & Tenenbaum's one-shot classification challenge (Science 2015) in its
/// "minimal" setting: learn from one five-alphabet background set, then classify the 20
/// within-alphabet 20-way one-shot runs drawn from the twenty evaluation alphabets.
///
/// Training sees only the background set, with each character's 90° rotations as extra
/// classes (Santoro et al. 2016; Vinyals et al. 2016), episodes whose classes come from one
/// alphabet (as the runs' do), more ways than the test's 20 when asked, and small random affine
/// warps. Part of the background set is held out (`ChallengeValidation`: one whole alphabet by
/// default) for the first part of the budget (`validateUntil`): validation accuracy on it picks
/// the test-time shift radius, and, when the held-out part stays out to the end, the weights
/// that are evaluated. By default it joins training for the second half of the budget — with
/// five alphabets in all, the fifth is worth more as training data than as a judge of the last
/// checkpoints — and the final weights are evaluated, a rule fixed before any run is seen.
/// The runs are never seen before the final evaluation, which scores Lake's 400
/// test items one by one — inductively: each test image is classified from the run's 20
/// training images and itself alone — and, for comparison, transductively (all 20 test images
/// of a run as one batch).
public struct OmniglotChallenge: Sendable {
    /// Settings of one challenge run.
    public struct Configuration: Sendable {
        /// The schedule: a wall-clock budget (`timeLimit`, 15 minutes; Adam's rate follows it),
        /// validation every 60 s and at the end on 100 episodes keeping the best weights, and
        /// batch norm's running averages fed every 10 steps (each costs one extra forward pass
        /// without a graph).
        public var schedule = TrainingLoop(iterations: .max, timeLimit: 15 * 60, validationSeconds: 60, validationTasks: 100,
                                           keepBest: true, runningStatisticsEvery: 10)
        /// Episode shape in training (ways may exceed the test's 20).
        public var trainShape = EpisodeShape(ways: 20, shots: 1, queries: 5)
        /// Draw each training episode's classes from one alphabet.
        public var withinAlphabet = true
        /// Add 90° rotations of every character as new classes.
        public var rotations = true
        /// Random affine warps of training images.
        public var augmentation: RandomAffine? = RandomAffine(maxRotation: 0.12, scale: 0.9...1.1, maxShear: 0.1, maxShift: 1.5)
        /// What is held out of the background set for model selection.
        public var validationHoldout = ChallengeValidation.Holdout.alphabet
        /// The fraction of the budget trained with the validation characters held out. At that
        /// point the shift radius is chosen on them, they join training, and the final weights
        /// are evaluated; at 1 they stay out and the best-validating weights are evaluated.
        public var validateUntil = 0.5
        /// How validation and the headline score treat the queries (the other way is scored too).
        public var inference = Inference.inductive
        /// Candidate test-time shift radii (see `ShiftAveraging`) for learners with embeddings:
        /// after training, the one with the best validation accuracy is used on the runs.
        public var shiftRadii = [0, 1, 2, 3]
        /// Adam's learning rate at the start; halved at each quarter of the budget after the first half.
        public var learningRate: Float = 1e-3
        public var seed: UInt64 = 1

        public init() {}
    }

    /// The errors on one run.
    public struct RunScore: Sendable {
        public let name: String
        public let errors: Int
        public let items: Int
        public var errorRate: Double { Double(errors) / Double(max(items, 1)) }
    }

    /// Everything one challenge run produced.
    public struct Outcome: Sendable {
        public let background: String
        public let algorithm: String
        /// How the headline scores (`runs`, `plainRuns`) and validation treated the queries.
        public let inference: Inference
        /// Scores on the runs with the chosen test-time shift averaging, tested as `inference` says.
        public let runs: [RunScore]
        /// The same weights and averaging tested the other way (transductive when `inference` is inductive).
        public let otherRuns: [RunScore]
        /// Scores on the runs with plain embeddings (the same as `runs` when the radius is 0).
        public let plainRuns: [RunScore]
        /// What validation measured (ways, held-out characters and alphabets, how chosen).
        public let validation: String
        /// The test-time shift averaging chosen on validation.
        public let averaging: ShiftAveraging
        /// Validation accuracy of each candidate shift radius, in the order tried.
        public let shiftValidation: [(radius: Int, accuracy: Float)]
        public let report: TrainingReport
        public let steps: Int
        /// Batch norm's running averages as they were when the kept weights were (nil for learners
        /// that keep none); saved with the weights, and what PyTorch's `eval()` normalises with.
        public let running: RunningStatistics?
        /// Errors on the runs with plain embeddings normalised by `running` (PyTorch's `eval()`),
        /// for learners that can predict that way.
        public let runningRuns: [RunScore]?
        /// Validation accuracy of the kept weights (see `validation`); with the held-out characters
        /// joining training (`validateUntil` < 1), the last accuracy measured before they joined.
        public let bestValidation: Float?
        /// The fraction of the budget that had passed when the validation characters joined training
        /// (1: they never did).
        public let heldOutFraction: Double
        /// Overall error over the 400 test items.
        public var errorRate: Double { OmniglotChallenge.errorRate(runs) }
        /// Overall error with plain embeddings.
        public var plainErrorRate: Double { OmniglotChallenge.errorRate(plainRuns) }
        /// Overall error with running averages (PyTorch's `eval()`), if kept.
        public var runningErrorRate: Double? { runningRuns.map(OmniglotChallenge.errorRate) }
        /// Overall error tested the other way.
        public var otherErrorRate: Double { OmniglotChallenge.errorRate(otherRuns) }
    }

    public let configuration: Configuration

    public init(_ configuration: Configuration = Configuration()) { self.configuration = configuration }

    /// Trains `learner` on `background` within the budget and scores it on `runs`: the final
    /// weights when the validation characters join training (`validateUntil` < 1), else the
    /// weights that validated best. A stop request ends training early (what was learned so far
    /// is still evaluated).
    public func run(_ learner: inout any ChallengeLearner, background: OmniglotDataset, backgroundName: String,
                    runs: OneShotRuns, hooks: TrainingHooks = .silent) throws -> Outcome {
        let heldOut = try ChallengeValidation(background, holdout: configuration.validationHoldout, seed: configuration.seed)
        let sampling: ClassSampling = configuration.withinAlphabet ? .withinGroup : .anyClasses
        func trainingTasks(_ characters: any ClassDataset) throws -> TaskSampler<ClassificationTask> {
            try EpisodeSampler(dataset: configuration.rotations ? RotatedClasses(characters) : characters, shape: configuration.trainShape,
                               classSampling: sampling, imageAugmentation: configuration.augmentation).taskSampler
        }
        var tasks = try trainingTasks(heldOut.training)
        let validation = try EpisodeSampler(dataset: heldOut.validation, shape: heldOut.shape,
                                            classSampling: heldOut.withinAlphabet ? .withinGroup : .anyClasses).taskSampler
        let inference = configuration.inference
        let rejoins = configuration.validateUntil < 1

        var generator = SeededGenerator(seed: configuration.seed)
        var report = TrainingReport()
        var trained: ClassificationTask? = nil
        let start = monotonicSeconds()
        // Validating phase: the held-out characters stay out. When they join later, it ends at
        // `validateUntil` of the budget (validated at its last step) and keeps its last weights.
        var schedule = configuration.schedule
        if rejoins {
            schedule.timeLimit = budget * configuration.validateUntil
            schedule.keepBest = false
        }
        func train(_ schedule: TrainingLoop) throws {
            try schedule.run(report: &report, hooks: hooks, step: { _, iteration in
                let elapsed = monotonicSeconds() - start
                learner.noteProgress(Float(elapsed / budget))
                let batch = try (0..<learner.tasksPerStep).map { _ in try tasks(&generator) }
                trained = batch[0]
                let (loss, accuracy) = try learner.trainingStep(on: batch, iteration: iteration, learningRate: learningRate(at: elapsed))
                return (loss, accuracy)
            }, batchStatistics: {
                trained.flatMap { learner.trainingBatchStatistics($0) }
            }, validate: {
                try Self.accuracy(of: learner, tasks: validation, count: schedule.validationTasks, inference: inference)
            }, snapshot: { learner.snapshot }, restore: { learner.snapshot = $0 })
        }
        try train(schedule)
        // Test-time shift averaging, chosen on the held-out background characters (never the runs).
        var averaging = ShiftAveraging(radius: 0), shiftValidation: [(radius: Int, accuracy: Float)] = []
        if learner.supportsShiftAveraging && configuration.shiftRadii.count > 1 && !hooks.shouldStop() {
            for radius in configuration.shiftRadii {
                let candidate = ShiftAveraging(radius: radius)
                let accuracy = try Self.accuracy(of: learner, tasks: validation, count: schedule.validationTasks,
                                                 averaging: candidate, inference: inference)
                if accuracy > shiftValidation.map(\.accuracy).max() ?? -1 { averaging = candidate }
                shiftValidation.append((radius, accuracy))
            }
        }
        let validated = report.points.compactMap(\.validation)
        var heldOutFraction = 1.0
        if rejoins && !report.interrupted {
            // The rest of the budget (the radius choice's time counted in it, like every
            // validation) on all background characters, without validation; the final weights are kept.
            heldOutFraction = report.seconds / budget
            tasks = try trainingTasks(background)
            var rest = configuration.schedule
            rest.timeLimit = max(0, budget - (monotonicSeconds() - start))
            rest.validationSeconds = nil
            rest.validationInterval = 0
            rest.keepBest = false
            try train(rest)
        }
        let plain = Self.score(learner, on: runs, averaging: ShiftAveraging(radius: 0), inference: inference)
        let kept = report.running
        let other: Inference = inference == .inductive ? .transductive : .inductive
        return Outcome(background: backgroundName, algorithm: learner.name, inference: inference,
                       runs: averaging.radius == 0 ? plain : Self.score(learner, on: runs, averaging: averaging, inference: inference),
                       otherRuns: Self.score(learner, on: runs, averaging: averaging, inference: other),
                       plainRuns: plain, validation: heldOut.description, averaging: averaging, shiftValidation: shiftValidation,
                       report: report, steps: report.points.count, running: kept,
                       runningRuns: kept.flatMap { Self.score(learner, on: runs, normalisedWith: $0) },
                       bestValidation: rejoins ? validated.last : validated.max(), heldOutFraction: heldOutFraction)
    }

    /// Errors over all items of `scores`.
    static func errorRate(_ scores: [RunScore]) -> Double {
        Double(scores.map(\.errors).reduce(0, +)) / Double(max(scores.map(\.items).reduce(0, +), 1))
    }

    /// The training budget in seconds (the schedule's time limit).
    var budget: Double { configuration.schedule.timeLimit ?? .infinity }

    /// Adam's rate after `elapsed` seconds: constant for half the budget, then halved each eighth.
    func learningRate(at elapsed: Double) -> Float {
        let fraction = elapsed / budget
        let halvings = max(0, Int((fraction - 0.5) * 8))
        return configuration.learningRate / Float(1 << min(halvings, 10))
    }

    /// Errors of `learner` on each of the runs, item by item when inductive (each test image
    /// is classified from the run's training images and itself).
    public static func score(_ learner: any ChallengeLearner, on runs: OneShotRuns,
                             averaging: ShiftAveraging = ShiftAveraging(radius: 0), inference: Inference = .inductive) -> [RunScore] {
        runs.runs.map { run in
            let task = ClassificationTask(run.episode())
            let predictions = learner.predictions(for: task, averaging: averaging, inference: inference)
            let errors = zip(predictions, task.queryLabels).filter { $0 != $1 }.count
            return RunScore(name: run.name, errors: errors, items: task.queryLabels.count)
        }
    }

    /// Errors on each run with plain embeddings, every image normalised by `running`; nil for a
    /// learner that cannot predict that way.
    static func score(_ learner: any ChallengeLearner, on runs: OneShotRuns, normalisedWith running: RunningStatistics) -> [RunScore]? {
        var scores: [RunScore] = []
        for run in runs.runs {
            let task = ClassificationTask(run.episode())
            guard let predictions = learner.predictions(for: task, normalisedWith: running.statistics) else { return nil }
            let errors = zip(predictions, task.queryLabels).filter { $0 != $1 }.count + task.queryLabels.count - predictions.count
            scores.append(RunScore(name: run.name, errors: errors, items: task.queryLabels.count))
        }
        return scores
    }

    /// Mean query accuracy over `count` tasks (fixed seed, so checks are comparable).
    public static func accuracy(of learner: any ChallengeLearner, tasks: TaskSampler<ClassificationTask>, count: Int,
                                averaging: ShiftAveraging = ShiftAveraging(radius: 0), inference: Inference = .inductive) throws -> Float {
        var generator = SeededGenerator(seed: 0xC0FFEE)
        var correct = 0, total = 0
        for _ in 0..<count {
            let task = try tasks(&generator)
            let predictions = learner.predictions(for: task, averaging: averaging, inference: inference)
            correct += zip(predictions, task.queryLabels).filter { $0 == $1 }.count
            total += predictions.count
        }
        return Float(correct) / Float(max(total, 1))
    }
}

