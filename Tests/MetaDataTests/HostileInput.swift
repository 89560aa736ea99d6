import Foundation
import Testing
import MetaData

/// Checks for the hostile corpus: a reader given bad input must throw a typed `DataError` whose
/// message names the file (and says what was wrong), and must not trap or hang.
enum HostileInput {
    /// Runs `body`, which must throw a `DataError` whose message contains `path` and every one
    /// of `words`; returns the message.
    @discardableResult
    static func expectError(naming path: String, saying words: [String] = [], sourceLocation: SourceLocation = #_sourceLocation,
                            _ body: () throws -> Void) -> String {
        do {
            try body()
            Issue.record("no error for \(path)", sourceLocation: sourceLocation)
            return ""
        } catch let error as DataError {
            let message = error.description
            #expect(message.contains(path), "the message does not name \(path): \(message)", sourceLocation: sourceLocation)
            for word in words {
                #expect(message.contains(word), "the message does not say \"\(word)\": \(message)", sourceLocation: sourceLocation)
            }
            return message
        } catch {
            Issue.record("not a DataError: \(error)", sourceLocation: sourceLocation)
            return ""
        }
    }

    /// Writes `files` (relative path → bytes) under `folder`, creating folders.
    static func write(_ files: [String: [UInt8]], into folder: String) {
        for (path, bytes) in files {
            let full = (folder as NSString).appendingPathComponent(path)
            try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: full, contents: Data(bytes))
        }
    }

    /// A 4 × 4 grey PNG.
    static let png = Fixtures.png(width: 4, height: 4, colorType: 0, samples: [UInt8](repeating: 200, count: 16))

    /// A small valid Omniglot tree: two alphabets, three characters.
    static let omniglot: [String: [UInt8]] = [
        "Alpha/character01/0001_01.png": png, "Alpha/character01/0001_02.png": png,
        "Alpha/character02/0002_01.png": png, "Beta/character01/0003_01.png": png,
    ]

    /// A valid tree of Lake's runs: `run01` with two classes and two test images.
    static func runs(key: String? = nil) -> [String: [UInt8]] {
        let answers = key ?? "run01/test/item01.png run01/training/class02.png\nrun01/test/item02.png run01/training/class01.png\n"
        return ["run01/training/class01.png": png, "run01/training/class02.png": png,
                "run01/test/item01.png": png, "run01/test/item02.png": png, "run01/class_labels.txt": Array(answers.utf8)]
    }
}
