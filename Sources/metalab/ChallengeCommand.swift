import ArgumentParser
import CReadline
import MetaSession

/// `metalab challenge`: the Omniglot one-shot challenge on the minimal background sets.
struct ChallengeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "challenge",
        abstract: "Train on Omniglot's minimal background sets, then classify Lake's 20 one-shot runs.")

    @Option(name: .long, help: "A background folder or zip (repeatable; default: the two minimal sets next to the runs file).")
    var background: [String] = []

    @Option(name: .long, help: "Lake's runs: all_runs.zip or its folder.")
    var runs = "../shared/data/omniglot/all_runs.zip"

    @Option(name: .long, help: "The algorithm to train.")
    var algo = "protonet"

    @Option(name: .long, help: "Training budget per background set, in minutes.")
    var minutes: Double = 15

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Folder for the training-curve PNG.")
    var out = "out/challenge"

    func validate() throws {
        guard minutes > 0 && minutes <= 24 * 60 else { throw ValidationError("--minutes must be between 0 and 1440, got \(minutes)") }
    }

    func run() throws {
        metalab_line_buffer_stdout()
        var options = ChallengeRunner.Options(runs: runs)
        options.backgrounds = background
        options.algorithm = algo
        options.minutes = minutes
        options.seed = seed
        options.outputFolder = out
        do {
            try ChallengeRunner(options: options, output: { print($0) }).run()
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
