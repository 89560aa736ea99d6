import Foundation
import MetaFiles
import MetaLesson

/// The lessons in a folder (`Lessons/NN-name.md`), found by number, name or path.
struct LessonLibrary: Sendable {
    /// The folder.
    let folder: String

    /// The lesson files' paths, sorted by name.
    func files() throws(SessionError) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw .missingLessonsFolder(folder)
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    /// The lesson `reference` names: a number (`5`), a slug (`05-maml`), a short name
    /// (`maml`) or a path to a `.md` file.
    func lesson(_ reference: String) throws -> Lesson {
        if reference.contains("/") { return try Self.read(path: reference) }
        if reference.hasSuffix(".md") {
            let inFolder = (folder as NSString).appendingPathComponent(reference)
            return try Self.read(path: FileManager.default.fileExists(atPath: reference) ? reference : inFolder)
        }
        let paths = try files()
        let slugs = paths.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
        let number = Int(reference)
        for (path, slug) in zip(paths, slugs) {
            let digits = Int(slug.prefix { $0.isASCII && $0.isNumber })
            let short = slug.drop { $0.isASCII && $0.isNumber }.drop { $0 == "-" || $0 == "_" }
            if slug == reference || String(short) == reference || (number != nil && digits == number) {
                return try Self.read(path: path)
            }
        }
        throw SessionError.unknownLesson(reference, suggestion: Suggestions.best(reference, among: slugs))
    }

    /// Reads and parses one lesson file.
    static func read(path: String) throws -> Lesson {
        let bytes: [UInt8]
        do { bytes = try BoundedFile.read(path, limit: FileLimits.maxLessonBytes, purpose: "a lesson file") } catch {
            throw SessionError.unreadableLesson(path: path, reason: error.reason)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return try Lesson.parse(text: text, name: (path as NSString).lastPathComponent)
    }

    /// Lesson slugs and numbers starting with `prefix`, for completion.
    func completions(_ prefix: String) -> [String] {
        let slugs = ((try? files()) ?? []).map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
        return slugs.filter { $0.hasPrefix(prefix) }
    }
}
