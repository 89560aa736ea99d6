import Foundation
import Testing
import MetaSession

/// Every lesson in `Lessons/` runs to its end and every `expect` line in it holds.
@Suite struct LessonChecks {
    static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Lessons").path

    /// The instructors' template lesson (`Lessons/template/`), kept passing as it stands.
    static let template = (lessons as NSString).appendingPathComponent("template")

    /// The lesson files of a folder: its `.md` files except its `README.md` guide.
    static func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".md") && $0.lowercased() != "readme.md" }.sorted()
    }

    static var files: [String] { files(in: lessons) }

    /// Runs `file`'s checks from `folder`: no failure, and at least one check.
    func checksPass(_ file: String, in folder: String) {
        let out = NSTemporaryDirectory() + "metalab-lesson-checks-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: out) }
        var text = ""
        let session = Session(options: SessionOptions(lessonsFolder: folder, outputFolder: out, progressInterval: 0),
                              output: { text += $0 }, errorOutput: { text += $0 })
        let (passed, failed) = session.checkLessons([file])
        #expect(failed == 0, "\(file):\n\(text)")
        #expect(passed > 0, "\(file) has no expect lines")
    }

    @Test(arguments: files)
    func lessonChecksPass(_ file: String) {
        checksPass(file, in: Self.lessons)
    }

    @Test(arguments: files(in: template))
    func templateLessonPasses(_ file: String) {
        checksPass(file, in: Self.template)
    }

    @Test func thereAreLessonsAndATemplate() {
        #expect(!Self.files.isEmpty)
        #expect(!Self.files(in: Self.template).isEmpty)
        #expect(!Self.files.contains("README.md"), "the guide is not a lesson")
    }
}
