import Foundation
import MetaLearn
import MetaLesson

/// `challenge`: the Omniglot one-shot challenge from inside the session, through the same
/// `ChallengeRunner` as `metalab challenge`, writing into the session's output folder.
enum ChallengeCommands {
    /// Where the challenge's files come from, for the message when they are missing.
    static let source = "https://github.com/brendenlake/omniglot (python/images_background_small1.zip, images_background_small2.zip, all_runs.zip)"


    /// Checks the files, then trains and reports; Ctrl-C ends training early.
    static func run(_ arguments: ChallengeArguments, _ context: inout SessionContext) throws {
        var options = ChallengeRunner.Options(runs: arguments.runs)
        if let backgrounds = arguments.backgrounds { options.backgrounds = backgrounds }
        options.algorithm = arguments.algorithm
        options.minutes = arguments.minutes
        options.seed = context.seed(arguments.seed)
        options.outputFolder = OutputFolder.path("challenge", in: context.state.settings.outputFolder)
        let missing = ([options.runs] + options.resolvedBackgrounds).filter { !FileManager.default.fileExists(atPath: $0) }
        guard missing.isEmpty else {
            throw SessionError.wrongData("challenge needs \(missing.joined(separator: ", ")): get them from \(source)")
        }
        try OutputFolder.prepare(folder: options.outputFolder)
        let console = context.console, stop = context.stop
        try ChallengeRunner(options: options, output: { console.line($0) }).run(hooks: TrainingHooks(shouldStop: { stop.isRaised }))
        if stop.isRaised { console.line("stopped (Ctrl-C): the figures above are for the training done so far") }
    }
}
