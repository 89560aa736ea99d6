import ArgumentParser
import CReadline
import Foundation
import MetaSession
import MetaLearn

/// `metalab challenge`: the Omniglot one-shot challenge on the minimal background sets.
struct ChallengeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "challenge",
        abstract: "Train on Omniglot's minimal background sets, then classify Lake's 20 one-shot runs.")

    @Option(name: .long, help: "A background folder or zip (repeatable; default: the two minimal sets next to the runs file).")
    var background: [String] = []

    @Option(name: .long, help: "Lake's runs: all_runs.zip or its folder.")
    var runs = "../shared/data/omniglot/all_runs.zip"

    @Option(name: .long, help: ArgumentHelp("The algorithm to train: \(ChallengeRunner.algorithms.joined(separator: ", ")).", valueName: "name"))
    var algo = "protonet"

    @Option(name: .long, help: "Training budget per background set, in minutes.")
    var minutes: Double = 15

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 1

    @Flag(name: .long, help: "Also print the result next to the published error rates.")
    var table = false

    @Option(name: .long, help: "Candidate test-time shift radii for embedding learners, comma-separated; the one that validates best is used (0 turns shift averaging off).")
    var shiftRadii = "0,1,2,3"

    @Option(name: .long, help: "How validation and the headline treat Lake's test images: inductive (each alone, the default) or transductive (a run's 20 as one batch); the other figure is printed too.")
    var inference = "inductive"

    @Option(name: .long, help: "Fraction of the budget trained with the validation alphabet held out; the shift radius is chosen then, the alphabet joins training and the final weights are tested (1: hold it out throughout and test the best-validating weights).")
    var validateUntil = 0.5

    @Option(name: .long, help: "Folder for the training-curve PNG.")
    var out = "out/challenge"

    func validate() throws {
        guard ChallengeRunner.algorithms.contains(algo) else {
            throw ValidationError("--algo must be one of \(ChallengeRunner.algorithms.joined(separator: ", ")), got '\(algo)'")
        }
        guard minutes > 0 && minutes <= 24 * 60 else { throw ValidationError("--minutes must be between 0 and 1440, got \(minutes)") }
        guard Inference(rawValue: inference) != nil else { throw ValidationError("--inference must be inductive or transductive, got '\(inference)'") }
        guard validateUntil > 0 && validateUntil <= 1 else { throw ValidationError("--validate-until must be a fraction above 0 and at most 1, got \(validateUntil)") }
        guard radii != nil else { throw ValidationError("--shift-radii must be comma-separated whole numbers from 0 to 4, got '\(shiftRadii)'") }
    }

    /// The parsed `--shift-radii`, or nil when malformed.
    private var radii: [Int]? {
        let values = shiftRadii.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && (0...4).contains($0!) }) else { return nil }
        return values.map { $0! }
    }

    func run() throws {
        metalab_line_buffer_stdout()
        var options = ChallengeRunner.Options(runs: runs)
        options.backgrounds = background
        options.algorithm = algo
        options.minutes = minutes
        options.seed = seed
        options.outputFolder = out
        options.table = table
        options.shiftRadii = radii ?? [0]
        options.inference = Inference(rawValue: inference) ?? .inductive
        options.validateUntil = validateUntil
        do {
            try ChallengeRunner(options: options, output: { print($0) }).run()
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
