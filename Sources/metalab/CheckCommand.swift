import ArgumentParser
import Foundation
import MetaSession

/// `metalab check [LESSON …]`: runs lessons and their `expect` lines; ends with `N passed, M failed`.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run lessons' expect lines as checks (all lessons when none is named).")

    @Argument(help: "Lessons by number, name or path (default: every lesson in --lessons).")
    var names: [String] = []

    @Option(name: .long, help: "Folder for figures; each lesson writes into its own subfolder.")
    var out = "out"

    @Option(name: .long, help: "Folder holding the lessons.")
    var lessons = "Lessons"

    @Flag(name: .long, help: "Turn learning off (every train runs zero iterations): each check that claims learning should fail.")
    var sabotage = false

    func run() throws {
        var options = SessionOptions.forTerminal(lessonsFolder: lessons, outputFolder: out, interactive: false)
        options.sabotage = sabotage
        let session = Session(options: options,
                              output: { FileHandle.standardOutput.write(Data($0.utf8)) },
                              errorOutput: { FileHandle.standardError.write(Data($0.utf8)) })
        let (_, failed) = session.checkLessons(names)
        // Under sabotage the checks are expected to fail; the lines above say which did.
        if failed > 0 && !sabotage { throw ExitCode.failure }
    }
}
