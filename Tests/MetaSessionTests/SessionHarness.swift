import Foundation
import Testing
@testable import MetaSession

/// A session for tests: plain text, 80 columns, no progress, the fixture lessons, and a fresh
/// output folder; everything written is collected in order, errors marked `error:` as shown.
final class SessionHarness {
    let folder: String
    private(set) var text = ""
    private(set) var errorLines = 0
    private(set) var session: Session!

    init(lessons: String = SessionHarness.fixtureLessons, interactive: Bool = false, sabotage: Bool = false) {
        folder = NSTemporaryDirectory() + "metalab-session-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var options = SessionOptions(lessonsFolder: lessons, outputFolder: folder + "/out", style: .plain, width: 80,
                                     interactive: interactive, progress: false, progressInterval: 0)
        options.sabotage = sabotage
        session = Session(options: options, output: { [unowned self] in text += $0 },
                          errorOutput: { [unowned self] in text += $0; errorLines += $0.filter { $0 == "\n" }.count })
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Runs one line as the REPL would (an empty line runs the next step) and returns what it wrote.
    @discardableResult
    func run(_ line: String) -> (outcome: LineOutcome, written: String) {
        let start = text.endIndex
        let outcome = line.isEmpty ? session.runNextStep() : session.execute(line)
        return (outcome, String(text[start...]))
    }

    /// Everything written so far, with the output folder shown as `$OUT` and timings masked.
    var maskedText: String {
        text.replacingOccurrences(of: folder, with: "$OUT")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.contains("seconds: ") ? line.prefix { $0 != ":" } + ": …" : Substring(line) }
            .joined(separator: "\n")
    }

    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtureLessons = testsFolder.appendingPathComponent("Fixtures/Lessons").path
}
