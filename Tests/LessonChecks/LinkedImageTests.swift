import Foundation
import Testing
import MetaSession

/// The images the README and the lessons show on GitHub exist, and `assets/` holds exactly
/// the figures `metalab figures --assets` writes, small enough to keep in the repository.
@Suite struct LinkedImageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let assets = root.appendingPathComponent("assets")

    /// The Markdown files a reader sees: the README, the lessons and the instructors' guide.
    static var documents: [URL] {
        let lessons = root.appendingPathComponent("Lessons")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: lessons.path)) ?? [])
            .filter { $0.hasSuffix(".md") }.map { lessons.appendingPathComponent($0) }
        return [root.appendingPathComponent("README.md")] + files
    }

    /// The targets of `![alt](target)` in `text` that are files, not web addresses.
    static func imageLinks(in text: String) -> [String] {
        var links: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "![") {
            rest = rest[start.upperBound...]
            guard let close = rest.range(of: "]("), let end = rest[close.upperBound...].firstIndex(of: ")") else { break }
            let target = String(rest[close.upperBound..<end]).split(separator: " ").first.map(String.init) ?? ""
            if !target.contains("://") { links.append(target) }
            rest = rest[end...]
        }
        return links
    }

    @Test func linksAreFound() {
        #expect(Self.imageLinks(in: "a ![x](../assets/a.png) b ![y](https://e.org/b.png) ![z](c.png \"t\")") == ["../assets/a.png", "c.png"])
    }

    @Test func everyLinkedImageExists() throws {
        var checked = 0
        for document in Self.documents {
            let text = try String(contentsOf: document, encoding: .utf8)
            for link in Self.imageLinks(in: text) {
                let target = document.deletingLastPathComponent().appendingPathComponent(link).standardized
                #expect(FileManager.default.fileExists(atPath: target.path), "\(document.lastPathComponent) links to \(link), which is missing")
                checked += 1
            }
        }
        #expect(checked > 0, "no document links an image")
    }

    @Test func assetsAreTheScriptsFiguresAndSmall() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.assets.path).filter { $0.hasSuffix(".png") }
        #expect(Set(files) == Set(AssetFigures.files), "assets/ should hold exactly what 'metalab figures --assets' writes")
        let bytes = try files.reduce(0) { total, file in
            total + ((try FileManager.default.attributesOfItem(atPath: Self.assets.appendingPathComponent(file).path)[.size] as? Int) ?? 0)
        }
        #expect(bytes < 1_000_000, "assets/ holds \(bytes) bytes of PNG")
    }
}
