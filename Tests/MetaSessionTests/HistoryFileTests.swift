import Foundation
import Testing

/// The history file (`~/.metalab_history`) is outside input and an output that can fail: a
/// history that is not a file, or that stops accepting writes, gets one clear message and the
/// REPL goes on without it.
@Suite(.serialized) struct HistoryFileTests {
    private func home(_ name: String) throws -> String {
        let folder = NSTemporaryDirectory() + "metalab-history-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aHistoryThatIsNotAFileIsReportedAtStart() throws {
        let folder = try home("folder")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/.metalab_history", withIntermediateDirectories: true)
        let terminal = try REPLTerminalTests.Terminal(environment: ["HOME": folder])
        #expect(terminal.wait { $0.contains("history is not kept this session") && $0.contains("not a regular file") }, "\(terminal.screen)")
        terminal.type("seed 3\r")
        terminal.type("where\r")
        #expect(terminal.wait { _ in terminal.after("where").contains("> ") }, "\(terminal.screen)")
        terminal.type("\u{04}")
        #expect(terminal.wait(seconds: 10) { _ in !terminal.process.isRunning })
    }

    @Test func aHistoryThatStopsAcceptingWritesIsReportedOnce() throws {
        let folder = try home("fails")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let history = folder + "/.metalab_history"
        let terminal = try REPLTerminalTests.Terminal(environment: ["HOME": folder])
        #expect(terminal.wait { $0.contains("> ") }, "no prompt: \(terminal.screen)")
        terminal.type("seed 3\r")
        #expect(terminal.wait { _ in ((try? String(contentsOfFile: history, encoding: .utf8)) ?? "").contains("seed 3") })
        // The file turns into a folder: the next append fails.
        try FileManager.default.removeItem(atPath: history)
        try FileManager.default.createDirectory(atPath: history, withIntermediateDirectories: true)
        terminal.type("seed 4\r")
        #expect(terminal.wait { $0.contains("cannot write the history file \(history)") }, "\(terminal.screen)")
        terminal.type("seed 5\r")
        terminal.type("where\r")
        #expect(terminal.wait { _ in terminal.after("where").contains("> ") })
        #expect(terminal.screen.components(separatedBy: "cannot write the history file").count == 2, "reported more than once")
        terminal.type("\u{04}")
        #expect(terminal.wait(seconds: 10) { _ in !terminal.process.isRunning })
    }
}
