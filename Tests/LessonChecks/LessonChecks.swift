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

    /// The `../shared/…` data files a lesson reads (Omniglot, MNIST) that are not there, seen
    /// from the folder the tests run in.
    static func missingSharedData(_ file: String, in folder: String) -> [String] {
        let text = (try? String(contentsOfFile: (folder as NSString).appendingPathComponent(file), encoding: .utf8)) ?? ""
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "`" || $0 == "(" })
        let paths = words.map { word in String(word.reversed().drop(while: { ",.;:)'\"".contains($0) }).reversed()) }
        return Set(paths.filter { $0.hasPrefix("../shared/") }).sorted().filter { !FileManager.default.fileExists(atPath: $0) }
    }

    /// Runs `file`'s checks from `folder`: no failure, and at least one check. A lesson whose
    /// `../shared/` data is absent is skipped with a message naming what it needs.
    func checksPass(_ file: String, in folder: String) {
        let missing = Self.missingSharedData(file, in: folder)
        guard missing.isEmpty else {
            print("LessonChecks: \(file) needs \(missing.joined(separator: ", ")) (next to this checkout); skipped")
            return
        }
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
