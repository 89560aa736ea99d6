import ArgumentParser
import Foundation

/// `metalab` (or `metalab repl`): the interactive lesson REPL; reads commands line by line when
/// standard input is not a terminal (`metalab < script.txt`), stopping at the first failed line.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "The lesson REPL (the default): `lessons`, `open 1`, then Enter to step through.")

    @Option(name: .long, help: "Folder with the lesson files (default: ./Lessons, or the one beside the package).")
    var lessons: String?

    @Option(name: .long, help: "Folder for figures and checkpoints.")
    var out = "out"

    func run() throws {
        let status = REPL(lessonsFolder: lessons ?? LessonsFolder.locate(), outputFolder: out).run()
        if status != 0 { throw ExitCode(status) }
    }
}

/// Finds the lessons: `./Lessons`, else the package's `Lessons/` next to the build folder
/// (the binary lives in `.build/<config>/metalab`).
enum LessonsFolder {
    static func locate() -> String {
        let manager = FileManager.default
        if manager.fileExists(atPath: "Lessons") { return "Lessons" }
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = binary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("Lessons")
            if manager.fileExists(atPath: candidate.path) { return candidate.path }
            folder = folder.deletingLastPathComponent()
        }
        return "Lessons"
    }
}
