import Foundation
import Testing
import MetaSession

/// Every lesson in `Lessons/` runs to its end and every `expect` line in it holds.
@Suite struct LessonChecks {
    static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Lessons").path

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: lessons)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
    }

    @Test(arguments: files)
    func lessonChecksPass(_ file: String) {
        let out = NSTemporaryDirectory() + "metalab-lesson-checks-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: out) }
        var text = ""
        let session = Session(options: SessionOptions(lessonsFolder: Self.lessons, outputFolder: out, progressInterval: 0),
                              output: { text += $0 }, errorOutput: { text += $0 })
        let (passed, failed) = session.checkLessons([file])
        #expect(failed == 0, "\(file):\n\(text)")
        #expect(passed > 0, "\(file) has no expect lines")
    }

    @Test func thereAreLessons() {
        #expect(!Self.files.isEmpty)
    }
}
