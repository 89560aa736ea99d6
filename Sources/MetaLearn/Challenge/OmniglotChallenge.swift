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
/// warps. A slice of the background characters is held out: validation accuracy on it picks
/// the weights that are evaluated. The runs are never seen before the final evaluation.
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
        /// Fraction of background characters held out for model selection.
        public var validationFraction = 0.15
        /// Validate every this many seconds of training.
        public var validationEverySeconds: Double = 60
        /// Validation episodes (20-way 1-shot within an alphabet) per check.
        public var validationEpisodes = 100
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
        /// Scores on the runs with the chosen test-time shift averaging.
        public let runs: [RunScore]
        /// Scores on the runs with plain embeddings (the same as `runs` when the radius is 0).
        public let plainRuns: [RunScore]
        /// The test-time shift averaging chosen on validation.
        public let averaging: ShiftAveraging
        /// Validation accuracy of each candidate shift radius, in the order tried.
        public let shiftValidation: [(radius: Int, accuracy: Float)]
        public let report: TrainingReport
        public let steps: Int
        /// Validation accuracy of the kept weights (20-way 1-shot on held-out background characters).
        public let bestValidation: Float?
        /// Overall error over the 400 test items.
        public var errorRate: Double { OmniglotChallenge.errorRate(runs) }
        /// Overall error with plain embeddings.
        public var plainErrorRate: Double { OmniglotChallenge.errorRate(plainRuns) }
    }

    public let configuration: Configuration

    public init(_ configuration: Configuration = Configuration()) { self.configuration = configuration }

    /// Trains `learner` on `background` within the budget, keeps the weights that validate
    /// best, and scores them on `runs`. A stop request ends training early (the best weights
    /// so far are still evaluated).
    public func run(_ learner: inout any ChallengeLearner, background: OmniglotDataset, backgroundName: String,
                    runs: OneShotRuns, hooks: TrainingHooks = .silent) throws -> Outcome {
        let parts = try background.split(by: .classes, fractions: [1 - configuration.validationFraction, configuration.validationFraction],
                                         seed: configuration.seed)
        let training: any ClassDataset = configuration.rotations ? RotatedClasses(parts[0]) : parts[0]
        let sampling: ClassSampling = configuration.withinAlphabet ? .withinGroup : .anyClasses
        let tasks = try EpisodeSampler(dataset: training, shape: configuration.trainShape, classSampling: sampling,
                                       imageAugmentation: configuration.augmentation).taskSampler
        let validationWays = min(20, parts[1].classGroups.map(\.count).max() ?? 0)
        let validation = try EpisodeSampler(dataset: parts[1], shape: EpisodeShape(ways: max(validationWays, 2), shots: 1, queries: 1),
                                            classSampling: validationWays >= 2 ? .withinGroup : .anyClasses).taskSampler

        var generator = SeededGenerator(seed: configuration.seed)
        var report = TrainingReport()
        var best: (accuracy: Float, weights: Parameters)? = nil
        let start = monotonicSeconds()
        var lastValidation = start, step = 0
        while monotonicSeconds() - start < configuration.seconds {
            if hooks.shouldStop() { report.interrupted = true; break }
            step += 1
            let elapsed = monotonicSeconds() - start
            learner.noteProgress(Float(elapsed / configuration.seconds))
            let batch = try (0..<learner.tasksPerStep).map { _ in try tasks(&generator) }
            let (loss, accuracy) = try learner.trainingStep(on: batch, iteration: step, learningRate: learningRate(at: elapsed))
            var validationAccuracy: Float? = nil
            let now = monotonicSeconds()
            if now - lastValidation >= configuration.validationEverySeconds || now - start >= configuration.seconds {
                lastValidation = now
                validationAccuracy = try Self.accuracy(of: learner, tasks: validation, count: configuration.validationEpisodes)
                if validationAccuracy! > best?.accuracy ?? -1 { best = (validationAccuracy!, learner.snapshot) }
            }
            let point = TrainingPoint(iteration: step, loss: loss, accuracy: accuracy, validation: validationAccuracy, seconds: now - start)
            report.points.append(point)
            hooks.report(point, 0)
        }
        report.seconds = monotonicSeconds() - start
        if let best { learner.snapshot = best.weights }
        // Test-time shift averaging, chosen on the held-out background characters (never the runs).
        var averaging = ShiftAveraging(radius: 0), shiftValidation: [(radius: Int, accuracy: Float)] = []
        if learner.supportsShiftAveraging && configuration.shiftRadii.count > 1 && !hooks.shouldStop() {
            for radius in configuration.shiftRadii {
                let candidate = ShiftAveraging(radius: radius)
                let accuracy = try Self.accuracy(of: learner, tasks: validation, count: configuration.validationEpisodes, averaging: candidate)
                if accuracy > shiftValidation.map(\.accuracy).max() ?? -1 { averaging = candidate }
                shiftValidation.append((radius, accuracy))
            }
        }
        let plain = Self.score(learner, on: runs, averaging: ShiftAveraging(radius: 0))
        return Outcome(background: backgroundName, algorithm: learner.name,
                       runs: averaging.radius == 0 ? plain : Self.score(learner, on: runs, averaging: averaging),
                       plainRuns: plain, averaging: averaging, shiftValidation: shiftValidation,
                       report: report, steps: step, bestValidation: best?.accuracy)
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

    /// Errors of `learner` on each of the runs.
    public static func score(_ learner: any ChallengeLearner, on runs: OneShotRuns,
                             averaging: ShiftAveraging = ShiftAveraging(radius: 0)) -> [RunScore] {
        runs.runs.map { run in
            let task = ClassificationTask(run.episode())
            let predictions = learner.predictions(for: task, averaging: averaging)
            let errors = zip(predictions, task.queryLabels).filter { $0 != $1 }.count
            return RunScore(name: run.name, errors: errors, items: task.queryLabels.count)
        }
    }

    /// Mean query accuracy over `count` tasks (fixed seed, so checks are comparable).
    public static func accuracy(of learner: any ChallengeLearner, tasks: TaskSampler<ClassificationTask>, count: Int,
                                averaging: ShiftAveraging = ShiftAveraging(radius: 0)) throws -> Float {
        var generator = SeededGenerator(seed: 0xC0FFEE)
        var correct = 0, total = 0
        for _ in 0..<count {
            let task = try tasks(&generator)
            let predictions = learner.predictions(for: task, averaging: averaging)
            correct += zip(predictions, task.queryLabels).filter { $0 == $1 }.count
            total += predictions.count
        }
        return Float(correct) / Float(max(total, 1))
    }
}

