import Foundation
import Testing

/// MetaSession's folders form a stack too: a file may use the top-level types and functions
/// declared in folders below its own, never those of a folder beside or above it. This reads
/// every Swift file of the module (comments and string text left out, interpolations kept),
/// finds the names each folder declares at the top level, and fails on a use that goes up or
/// sideways, naming the file, the name and where it is declared.
@Suite struct FolderLayeringTests {
    /// From the bottom up; folders on one level may not use each other. "" is the module's own
    /// root (`Session.swift` and its extensions).
    static let levels: [[String]] = [
        ["Core"],                   // console, errors, options, progress, result values
        ["Learners", "Lessons"],    // the algorithm registry and learner adapters; the lesson files
        ["State"],                  // what a session holds: settings, data, results, the open lesson
        ["Figures", "Challenge"],   // figures drawn from results; the Omniglot challenge runner
        ["Commands"],               // the command table and its handlers
        [""],                       // the session
    ]

    static let module = LayeringTests.sources.appendingPathComponent("MetaSession")

    /// Every Swift file of MetaSession with its folder ("" at the root) and its code.
    static func files() throws -> [(path: String, folder: String, code: SwiftCode)] {
        guard let paths = FileManager.default.enumerator(atPath: module.path) else { return [] }
        return try paths.compactMap { entry -> (String, String, SwiftCode)? in
            guard let path = entry as? String, path.hasSuffix(".swift") else { return nil }
            let text = try String(contentsOf: module.appendingPathComponent(path), encoding: .utf8)
            let folder = path.contains("/") ? String(path.prefix { $0 != "/" }) : ""
            return (path, folder, SwiftCode(text))
        }
    }

    @Test func everyFolderHasALevel() throws {
        let known = Set(Self.levels.joined())
        let folders = Set(try Self.files().map(\.folder))
        #expect(folders.subtracting(known).isEmpty, "MetaSession folders without a level: \(folders.subtracting(known).sorted())")
    }

    @Test func noFolderUsesOneBesideOrAboveIt() throws {
        let files = try Self.files()
        let level = Dictionary(uniqueKeysWithValues: Self.levels.enumerated().flatMap { index, folders in folders.map { ($0, index) } })
        var declaredIn: [String: (folder: String, path: String)] = [:]
        for file in files {
            for name in file.code.topLevelDeclarations { declaredIn[name] = (file.folder, file.path) }
        }
        #expect(declaredIn.count > 50, "found only \(declaredIn.count) top-level declarations: the scanner is broken")
        var violations: [String] = []
        for file in files {
            guard let own = level[file.folder] else { continue }
            for name in file.code.identifiers.sorted() {
                guard let home = declaredIn[name], home.folder != file.folder, let theirs = level[home.folder] else { continue }
                if theirs >= own { violations.append("\(file.path) uses \(name) from \(home.path)") }
            }
        }
        #expect(violations.isEmpty, "upward or sideways uses:\n\(violations.joined(separator: "\n"))")
    }

    /// The scanner on the cases that matter: comments and string text are not code,
    /// interpolations are; nested declarations are not top-level.
    @Test func theScannerSeesCodeOnly() {
        let code = SwiftCode(#"""
        /// Uses Hidden in a comment.
        public struct Outer { struct Inner {} }
        private enum Kind: String { case a }
        final class Box {}
        func helper() -> String { "Quoted \(Interpolated.value) /* not a comment */" } // Trailing
        let raw = #"Raw \(NotCode) text"#
        /* Block /* nested */ Comment */ typealias Alias = Int
        """#)
        #expect(code.topLevelDeclarations == ["Outer", "Kind", "Box", "helper", "Alias"])
        #expect(code.identifiers.contains("Interpolated"))
        for hidden in ["Hidden", "Quoted", "Trailing", "NotCode", "Block", "Comment"] {
            #expect(!code.identifiers.contains(hidden), "\(hidden) is not code")
        }
    }
}

/// One Swift file reduced to what the layering test needs: its code without comments and
/// string text (interpolations kept), its identifiers, and its top-level declarations.
struct SwiftCode {
    /// The code with comments and string text replaced by spaces.
    let code: String

    init(_ text: String) { code = Self.strip(Array(text.unicodeScalars)) }

    /// Every identifier in the code.
    var identifiers: Set<String> {
        Set(code.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init).filter { $0.first!.isLetter || $0.first == "_" })
    }

    /// The names of the types, type aliases and functions declared at brace depth 0.
    var topLevelDeclarations: [String] {
        let keywords: Set<String> = ["struct", "enum", "class", "protocol", "typealias", "actor", "func"]
        var names: [String] = [], depth = 0, previous = ""
        var word = ""
        func flush() {
            guard !word.isEmpty else { return }
            if depth == 0, keywords.contains(previous) { names.append(word) }
            previous = word
            word = ""
        }
        for character in code {
            if character.isLetter || character.isNumber || character == "_" { word.append(character); continue }
            flush()
            if character == "{" { depth += 1 } else if character == "}" { depth -= 1 }
            if !character.isWhitespace { previous = "" }
        }
        flush()
        return names
    }

    /// Comments and string text blanked; `\( … )` inside strings kept as code.
    private static func strip(_ s: [Unicode.Scalar]) -> String {
        var out = String.UnicodeScalarView()
        var i = 0
        // Open string literals, innermost last: the number of `#` and whether it is multi-line;
        // `parens` counts the parentheses of the interpolation being read in each.
        var strings: [(hashes: Int, multiline: Bool)] = []
        var parens: [Int] = []
        func at(_ k: Int, _ text: String) -> Bool {
            let scalars = Array(text.unicodeScalars)
            return k + scalars.count <= s.count && Array(s[k..<(k + scalars.count)]) == scalars
        }
        func blank(_ count: Int) { out.append(contentsOf: repeatElement(" ", count: count)); i += count }
        while i < s.count {
            if let open = strings.last, parens.count < strings.count {
                // Inside string text.
                let close = (open.multiline ? "\"\"\"" : "\"") + String(repeating: "#", count: open.hashes)
                let interpolation = "\\" + String(repeating: "#", count: open.hashes) + "("
                if at(i, close) { strings.removeLast(); blank(close.unicodeScalars.count); continue }
                if at(i, interpolation) { parens.append(0); blank(interpolation.unicodeScalars.count); continue }
                if s[i] == "\\" { blank(min(2, s.count - i)); continue }
                out.append(s[i] == "\n" ? "\n" : " ")
                i += 1
                continue
            }
            if at(i, "//") {
                while i < s.count, s[i] != "\n" { blank(1) }
                continue
            }
            if at(i, "/*") {
                var depth = 0
                repeat {
                    if at(i, "/*") { depth += 1; blank(2) } else if at(i, "*/") { depth -= 1; blank(2) } else { out.append(s[i] == "\n" ? "\n" : " "); i += 1 }
                } while depth > 0 && i < s.count
                continue
            }
            var hashes = 0
            while at(i + hashes, "#") { hashes += 1 }
            if at(i + hashes, "\"") {
                let multiline = at(i + hashes, "\"\"\"")
                strings.append((hashes, multiline))
                blank(hashes + (multiline ? 3 : 1))
                continue
            }
            if !parens.isEmpty {
                if s[i] == "(" { parens[parens.count - 1] += 1 }
                if s[i] == ")" {
                    if parens[parens.count - 1] == 0 { parens.removeLast(); blank(1); continue }
                    parens[parens.count - 1] -= 1
                }
            }
            out.append(s[i])
            i += 1
        }
        return String(out)
    }
}
