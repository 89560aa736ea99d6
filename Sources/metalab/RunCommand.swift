import ArgumentParser
import Foundation
import MetaSession

/// `metalab run LESSON`: one lesson from start to end, unattended.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a lesson from start to end: prose, commands and their output, figures.")

    @Argument(help: "The lesson: a number (5), a name (05-maml) or a path to a .md file.")
    var lesson: String

    @Option(name: .long, help: "Folder for figures; each lesson writes into its own subfolder.")
    var out = "out"

    @Option(name: .long, help: "Folder holding the lessons.")
    var lessons = "Lessons"

    @Flag(name: .long, help: "Also write <out>/<lesson>/report.md: the lesson as it ran, figures linked.")
    var report = false

    func run() throws {
        let session = Session(options: .forTerminal(lessonsFolder: lessons, outputFolder: out, interactive: false),
                              output: { FileHandle.standardOutput.write(Data($0.utf8)) },
                              errorOutput: { FileHandle.standardError.write(Data($0.utf8)) })
        let summary = session.runLesson(lesson, report: report)
        if !summary.completed || summary.failed > 0 { throw ExitCode.failure }
    }
}
