import Foundation
import Testing
@testable import MetaSession

/// Whole runs compared with recorded transcripts in `Transcripts/`: each `$ ` line is typed
/// (a bare `$` presses Enter), everything else is the expected output. Set
/// `METALAB_RECORD=1` to write the transcripts from the current behaviour instead.
@Suite struct TranscriptTests {
    static let folder = SessionHarness.testsFolder.appendingPathComponent("Transcripts")
    static let prompt = "$"

    @Test(arguments: ["help", "sines", "glyphs", "lesson", "mistakes"])
    func transcript(_ name: String) throws {
        let path = Self.folder.appendingPathComponent(name + ".txt").path
        let recorded = try String(contentsOfFile: path, encoding: .utf8)
        let inputs = recorded.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix(Self.prompt) }
            .map { String($0.dropFirst(Self.prompt.count).drop { $0 == " " }) }
        let harness = SessionHarness()
        var actual = ""
        for input in inputs {
            let before = harness.maskedText
            harness.run(input)
            actual += (input.isEmpty ? Self.prompt : Self.prompt + " " + input) + "\n" + harness.maskedText.dropFirst(before.count)
        }
        if ProcessInfo.processInfo.environment["METALAB_RECORD"] == "1" {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        #expect(actual == recorded, "transcript \(name) differs; re-record with METALAB_RECORD=1 if the change is intended")
        if actual != recorded { print(Self.firstDifference(actual, recorded)) }
    }

    static func firstDifference(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false), y = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(x.count, y.count) where (i < x.count ? x[i] : "∅") != (i < y.count ? y[i] : "∅") {
            return "line \(i + 1):\n  actual:   \(i < x.count ? x[i] : "∅")\n  recorded: \(i < y.count ? y[i] : "∅")"
        }
        return "no difference"
    }
}
