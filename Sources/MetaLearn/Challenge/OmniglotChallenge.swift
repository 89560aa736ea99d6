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
        /// Wall-clock training budget in seconds.
        public var seconds: Double = 15 * 60
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
        /// Validate every this many seconds of training.
        public var validationEverySeconds: Double = 60
        /// Validation episodes per check.
        public var validationEpisodes = 100
        /// Feed batch norm's running averages (`RunningStatistics`) with every this many training
        /// steps' batch (each costs one extra forward pass without a graph).
        public var runningStatisticsEvery = 10
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
        /// Errors on the runs with plain embeddings normalised by `running` (PyTorch's `eval()`).
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
        var best: (accuracy: Float, weights: Parameters, running: RunningStatistics?)? = nil
        var running: RunningStatistics? = nil
        var averaging = ShiftAveraging(radius: 0), shiftValidation: [(radius: Int, accuracy: Float)] = []
        var validating = true, heldOutSeconds: Double? = nil
        let start = monotonicSeconds()
        var lastValidation = start, step = 0
        // Test-time shift averaging, chosen on the held-out background characters (never the runs).
        func chooseShiftRadius() throws {
            guard learner.supportsShiftAveraging && configuration.shiftRadii.count > 1 && !hooks.shouldStop() else { return }
            for radius in configuration.shiftRadii {
                let candidate = ShiftAveraging(radius: radius)
                let accuracy = try Self.accuracy(of: learner, tasks: validation, count: configuration.validationEpisodes,
                                                 averaging: candidate, inference: inference)
                if accuracy > shiftValidation.map(\.accuracy).max() ?? -1 { averaging = candidate }
                shiftValidation.append((radius, accuracy))
            }
        }
        while monotonicSeconds() - start < configuration.seconds {
            if hooks.shouldStop() { report.interrupted = true; break }
            step += 1
            let elapsed = monotonicSeconds() - start
            learner.noteProgress(Float(elapsed / configuration.seconds))
            let batch = try (0..<learner.tasksPerStep).map { _ in try tasks(&generator) }
            let (loss, accuracy) = try learner.trainingStep(on: batch, iteration: step, learningRate: learningRate(at: elapsed))
            if step % max(configuration.runningStatisticsEvery, 1) == 0, let statistics = learner.trainingBatchStatistics(batch[0]) {
                if running == nil { running = RunningStatistics(layers: statistics.indices.map { "\(4 * $0 + 1)" }, channels: statistics.map(\.mean.count)) }
                running!.update(with: statistics)
            }
            var validationAccuracy: Float? = nil
            let now = monotonicSeconds()
            let switching = validating && rejoins && now - start >= configuration.validateUntil * configuration.seconds
            if validating && (switching || now - lastValidation >= configuration.validationEverySeconds || now - start >= configuration.seconds) {
                lastValidation = now
                validationAccuracy = try Self.accuracy(of: learner, tasks: validation, count: configuration.validationEpisodes,
                                                       inference: inference)
                if rejoins {
                    best = (validationAccuracy!, learner.snapshot, running)  // the latest, not the best: training goes on from here
                } else if validationAccuracy! > best?.accuracy ?? -1 {
                    best = (validationAccuracy!, learner.snapshot, running)
                }
            }
            if switching {  // the radius choice's time comes out of the budget, like every validation
                heldOutSeconds = monotonicSeconds() - start
                try chooseShiftRadius()
                validating = false
                tasks = try trainingTasks(background)
            }
            let point = TrainingPoint(iteration: step, loss: loss, accuracy: accuracy, validation: validationAccuracy, seconds: now - start)
            report.points.append(point)
            hooks.report(point, 0)
        }
        report.seconds = monotonicSeconds() - start
        if validating {  // held out to the end (or stopped before the switch): the best-validating weights
            if let best { learner.snapshot = best.weights }
            try chooseShiftRadius()
        }
        let plain = Self.score(learner, on: runs, averaging: ShiftAveraging(radius: 0), inference: inference)
        let kept = validating ? best.map(\.running) ?? running : running
        let other: Inference = inference == .inductive ? .transductive : .inductive
        return Outcome(background: backgroundName, algorithm: learner.name, inference: inference,
                       runs: averaging.radius == 0 ? plain : Self.score(learner, on: runs, averaging: averaging, inference: inference),
                       otherRuns: Self.score(learner, on: runs, averaging: averaging, inference: other),
                       plainRuns: plain, validation: heldOut.description, averaging: averaging, shiftValidation: shiftValidation,
                       report: report, steps: step, running: kept,
                       runningRuns: kept.map { Self.score(learner, on: runs, normalisedWith: $0) }, bestValidation: best?.accuracy,
                       heldOutFraction: heldOutSeconds.map { $0 / max(report.seconds, 1e-9) } ?? 1)
    }

    /// Errors over all items of `scores`.
    static func errorRate(_ scores: [RunScore]) -> Double {
        Double(scores.map(\.errors).reduce(0, +)) / Double(max(scores.map(\.items).reduce(0, +), 1))
    }

    /// Adam's rate after `elapsed` seconds: constant for half the budget, then halved each eighth.
    func learningRate(at elapsed: Double) -> Float {
        let fraction = elapsed / configuration.seconds
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

    /// Errors on each run with plain embeddings, every image normalised by `running`.
    static func score(_ learner: any ChallengeLearner, on runs: OneShotRuns, normalisedWith running: RunningStatistics) -> [RunScore] {
        runs.runs.map { run in
            let task = ClassificationTask(run.episode())
            let predictions = learner.predictions(for: task, normalisedWith: running.statistics) ?? []
            let errors = zip(predictions, task.queryLabels).filter { $0 != $1 }.count + task.queryLabels.count - predictions.count
            return RunScore(name: run.name, errors: errors, items: task.queryLabels.count)
        }
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

