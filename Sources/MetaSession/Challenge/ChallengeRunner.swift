import Foundation
import MetaTensor
import MetaNN
import MetaData
import MetaLearn
import MetaPlot

/// Runs the Omniglot challenge end to end and writes its report: errors per run, per
/// background set and their mean (the last line is exactly `mean error: X%`, X tested as
/// `Options.inference` says — inductively, item by item, by default; the lines before it give
/// the transductive and the plain-embedding figures, labelled), the training
/// curves as a PNG, the modified-Hausdorff baseline on the same runs, and the 5- and 20-way
/// accuracy on episodes of the runs' characters.
public struct ChallengeRunner {
    /// Settings from the command line or the REPL.
    public struct Options: Sendable {
        public var backgrounds: [String] = []
        public var runs: String
        public var algorithm = "protonet"
        public var minutes: Double = 15
        public var seed: UInt64 = 1
        public var outputFolder = "out/challenge"
        /// Episodes for the secondary 5-way / 20-way accuracy.
        public var characterEpisodes = 1000
        /// Print the result next to the published error rates before the last line.
        public var table = false
        /// Candidate test-time shift radii (the best on validation is used; [0] turns it off).
        public var shiftRadii = [0, 1, 2, 3]
        /// How validation and the headline treat the test images (the other way is printed too).
        public var inference = Inference.inductive
        /// The fraction of the budget trained with the validation characters held out (1: throughout,
        /// keeping the best-validating weights); see `OmniglotChallenge.Configuration.validateUntil`.
        public var validateUntil = 0.5

        public init(runs: String) { self.runs = runs }

        /// The background sets: the given ones, or the two minimal sets next to the runs file.
        public var resolvedBackgrounds: [String] {
            if !backgrounds.isEmpty { return backgrounds }
            let folder = (runs as NSString).deletingLastPathComponent
            return ["images_background_small1.zip", "images_background_small2.zip"].map { (folder as NSString).appendingPathComponent($0) }
        }
    }

    /// The algorithms that can run the challenge, from the registry.
    public static var algorithms: [String] { AlgorithmRegistry.standard.challengeNames }

    public let options: Options
    let output: (String) -> Void

    public init(options: Options, output: @escaping (String) -> Void) {
        self.options = options
        self.output = output
    }

    /// Trains and evaluates on every background set; returns the mean error rate over them.
    @discardableResult
    public func run(hooks: TrainingHooks = .silent) throws -> Double {
        guard Self.algorithms.contains(options.algorithm) else {
            throw ChallengeError.unknownAlgorithm(options.algorithm, known: Self.algorithms)
        }
        try FileManager.default.createDirectory(atPath: options.outputFolder, withIntermediateDirectories: true)
        let runs = try OneShotRuns(path: options.runs)
        output("Lake's one-shot runs: \(runs.runs.count) runs × \(runs.runs.first?.test.count ?? 0) test items, from \(options.runs)")
        let hausdorff = ModifiedHausdorff()
        let hausdorffError = runs.runs.map { hausdorff.errorRate(on: $0) }.reduce(0, +) / Double(max(runs.runs.count, 1))
        output(String(format: "modified Hausdorff baseline (no learning): %.1f%% error (Lake et al.: 38.8%%)", 100 * hausdorffError))

        var outcomes: [OmniglotChallenge.Outcome] = []
        for path in options.resolvedBackgrounds {
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let background = try OmniglotDataset(path: path)
            output("\nbackground \(name): \(background.alphabets.count) alphabets, \(background.characters.count) characters, \(background.imageCount) images")
            var generator = SeededGenerator(seed: options.seed)
            guard var learner = AlgorithmRegistry.standard.challengeLearner(options.algorithm, using: &generator) else { continue }
            var configuration = OmniglotChallenge.Configuration()
            configuration.schedule.timeLimit = options.minutes * 60
            configuration.seed = options.seed
            configuration.shiftRadii = options.shiftRadii
            configuration.inference = options.inference
            configuration.validateUntil = options.validateUntil
            let outcome = try OmniglotChallenge(configuration).run(&learner, background: background, backgroundName: name, runs: runs, hooks: hooks)
            outcomes.append(outcome)
            report(outcome)
            try saveWeights(of: learner, running: outcome.running, background: name)
            let onCharacters = { (ways: Int) in
                OmniglotChallenge.characterAccuracy(of: learner, runs: runs, ways: ways, episodes: options.characterEpisodes,
                                                    seed: options.seed, inference: options.inference)
            }
            let (five, twenty) = (onCharacters(5), onCharacters(20))
            output("  run characters, \(options.characterEpisodes) episodes each (plain embeddings, \(options.inference)): "
                   + "5-way \(percent(five)), 20-way \(percent(twenty))")
        }
        try plotCurves(outcomes)
        let mean = Self.mean(outcomes.map(\.errorRate))
        if options.table { printTable(outcomes, hausdorff: hausdorffError) }
        let other: Inference = options.inference == .inductive ? .transductive : .inductive
        output(String(format: "%@ mean error (%@): %.2f%%", other.description, Self.explanation(other), 100 * Self.mean(outcomes.map(\.otherErrorRate))))
        output(String(format: "plain-embedding mean error (%@, no shift averaging): %.2f%%", options.inference.description,
                      100 * Self.mean(outcomes.map(\.plainErrorRate))))
        let running = outcomes.compactMap(\.runningErrorRate)
        if running.count == outcomes.count && !running.isEmpty {
            output(String(format: "running-statistics mean error (inductive, plain embeddings normalised with batch norm's running averages, as PyTorch's eval()): %.2f%%",
                          100 * Self.mean(running)))
        }
        output("headline: \(options.inference), \(Self.explanation(options.inference))")
        output(String(format: "mean error: %.2f%%", 100 * mean))
        return mean
    }

    /// The mean of some error rates (0 for none).
    static func mean(_ rates: [Double]) -> Double { rates.reduce(0, +) / Double(max(rates.count, 1)) }

    /// What a protocol means for Lake's runs, in words.
    static func explanation(_ inference: Inference) -> String {
        switch inference {
        case .inductive: return "each test image classified alone from the run's 20 training images"
        case .transductive: return "a run's 20 test images as one batch"
        }
    }

    private func report(_ outcome: OmniglotChallenge.Outcome) {
        output("  " + outcome.validation)
        let rejoined = outcome.heldOutFraction < 1
        if rejoined {
            output(String(format: "  the held-out characters joined training after %.0f%% of the budget (the shift radius chosen on them then, its time counted in the budget); the final weights are tested",
                          100 * outcome.heldOutFraction))
        }
        let validation = outcome.bestValidation.map {
            String(format: rejoined ? ", validation accuracy before they joined %.1f%%" : ", best validation accuracy %.1f%%", 100 * $0)
        } ?? ""
        output(String(format: "  %@: %d training steps in %.0f s%@", outcome.algorithm, outcome.steps, outcome.report.seconds, validation))
        if !outcome.shiftValidation.isEmpty {
            let tried = outcome.shiftValidation.map { String(format: "radius %d %.1f%%", $0.radius, 100 * $0.accuracy) }
            output("  test-time shift averaging, validation accuracy: \(tried.joined(separator: ", ")) → radius \(outcome.averaging.radius)")
        }
        let cells = outcome.runs.map { String(format: "%@ %4.1f%%", $0.name, 100 * $0.errorRate) }
        for row in stride(from: 0, to: cells.count, by: 5) {
            output("  " + cells[row..<min(row + 5, cells.count)].joined(separator: "   "))
        }
        var plain = outcome.averaging.radius == 0 ? "" : String(format: "; plain embeddings %.2f%%", 100 * outcome.plainErrorRate)
        if let running = outcome.runningErrorRate {
            plain += String(format: "; running statistics %.2f%% (%d batches)", 100 * running, outcome.running?.batchesTracked ?? 0)
        }
        output(String(format: "  %@: %.2f%% error over %d test items, %@ (%@ %.2f%%%@)", outcome.background, 100 * outcome.errorRate,
                      outcome.runs.map(\.items).reduce(0, +), outcome.inference.description,
                      outcome.inference == .inductive ? "transductive" : "inductive", 100 * outcome.otherErrorRate, plain))
    }

    /// Writes the kept weights as `challenge-ALGO-BACKGROUND.safetensors`, with the metadata
    /// `load model` needs, so the trained model can be examined in the REPL.
    private func saveWeights(of learner: any ChallengeLearner, running: RunningStatistics?, background: String) throws {
        let weights = learner.snapshot
        let metadata = ["format": "pt", "metalab.algorithm": options.algorithm, "metalab.kind": "classification",
                        "metalab.network": "conv4", "metalab.channels": "64", "metalab.blocks": "4",
                        "metalab.ways": "20", "metalab.shots": "1", "metalab.queries": "1", "metalab.background": background]
        let path = (options.outputFolder as NSString).appendingPathComponent("challenge-\(options.algorithm)-\(background).safetensors")
        try Safetensors(tensors: zip(weights.names, weights.tensors).map { ($0, $1) } + (running?.tensors ?? []), metadata: metadata).save(to: path)
        output("  kept weights: \(path) (load them in the REPL with 'load model \(path)')")
    }

    private func plotCurves(_ outcomes: [OmniglotChallenge.Outcome]) throws {
        var series: [LineSeries] = []
        let heldOut = options.validateUntil < 1 ? String(format: " (alphabet held out until %.0f%%)", 100 * options.validateUntil) : ""
        for outcome in outcomes {
            let points = outcome.report.points.filter { $0.validation != nil }
            series.append(LineSeries(name: "\(outcome.background) validation\(heldOut)", x: points.map { $0.seconds / 60 },
                                     y: points.map { Double($0.validation!) }))
            // Training episodes' query accuracy in about 40 blocks: the whole budget, also after validation ends.
            let steps = outcome.report.points, size = max(1, steps.count / 40)
            let blocks = stride(from: 0, to: steps.count, by: size).map { steps[$0..<min($0 + size, steps.count)] }
            series.append(LineSeries(name: "\(outcome.background) training episodes", x: blocks.map { $0.last!.seconds / 60 },
                                     y: blocks.map { block in block.map { Double($0.accuracy ?? 0) }.reduce(0, +) / Double(block.count) }))
        }
        var configuration = LineChart.Configuration(title: "Omniglot challenge: \(options.algorithm)", xLabel: "minutes of training",
                                                    yLabel: "20-way 1-shot accuracy")
        configuration.yRange = 0...1
        let path = (options.outputFolder as NSString).appendingPathComponent("challenge-\(options.algorithm).png")
        try LineChart(series: series, configuration: configuration).writePNG(to: path)
        output("training curves: \(path)")
    }

    /// The published error rates on the 20 runs (Lake et al. 2015; minimal-set figures from
    /// Lake, Salakhutdinov & Tenenbaum 2019, "The Omniglot challenge: a 3-year progress report").
    static let published: [(String, String)] = [
        ("People (original setting)", "4.5%"),
        ("Bayesian Program Learning, minimal sets (4.3%, 4.0%)", "4.2%"),
        ("Simple ConvNet, minimal sets (24.0%, 22.3%)", "23.2%"),
        ("Prototypical Networks, minimal sets", "~30.1%"),
        ("Modified Hausdorff distance (no learning)", "38.8%"),
    ]

    private func printTable(_ outcomes: [OmniglotChallenge.Outcome], hausdorff: Double) {
        var rows = Self.published
        let averaged = outcomes.contains { $0.averaging.radius > 0 } ? ", shift-averaged test embeddings" : ""
        func row(_ label: String, _ rates: [Double]) {
            let sets = rates.map { String(format: "%.1f%%", 100 * $0) }.joined(separator: ", ")
            rows.append((String(format: "MetaLab %@, %g min per minimal set, %@ (%@)", options.algorithm, options.minutes, label, sets),
                         String(format: "%.1f%%", 100 * Self.mean(rates))))
        }
        let inference = options.inference, other: Inference = inference == .inductive ? .transductive : .inductive
        row(inference.description + averaged, outcomes.map(\.errorRate))
        row(other.description + averaged, outcomes.map(\.otherErrorRate))
        if !averaged.isEmpty { row("\(inference), the same weights, plain embeddings", outcomes.map(\.plainErrorRate)) }
        rows.append(("MetaLab modified Hausdorff on the same runs", String(format: "%.1f%%", 100 * hausdorff)))
        let width = rows.map(\.0.count).max() ?? 0
        output("\n" + "method".padding(toLength: width, withPad: " ", startingAt: 0) + "  error")
        output(String(repeating: "─", count: width) + "  ─────")
        for (name, error) in rows { output(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + error) }
    }

    private func percent(_ estimate: MeanEstimate) -> String {
        String(format: "%.1f%% ± %.1f", 100 * estimate.mean, 100 * estimate.interval95)
    }
}

/// What can go wrong before the challenge starts.
public enum ChallengeError: Error, CustomStringConvertible {
    case unknownAlgorithm(String, known: [String])

    public var description: String {
        switch self {
        case let .unknownAlgorithm(name, known):
            return "unknown algorithm '\(name)' for the challenge; choose one of: \(known.joined(separator: ", "))"
        }
    }
}
