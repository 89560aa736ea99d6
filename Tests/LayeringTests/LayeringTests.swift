import Foundation
import Testing

/// The modules form a stack: each may import only the modules below it that it depends on
/// (as declared in Package.swift), plus system modules. This reads every `import` in Sources/
/// and fails on one that reaches up or sideways, so the layering cannot drift unnoticed.
@Suite struct LayeringTests {
    /// From the bottom up: each module and what it may import.
    static let allowed: [(module: String, imports: Set<String>)] = [
        ("MetaFiles", []),
        ("MetaTensor", ["CKernels"]),
        ("MetaNN", ["MetaTensor", "MetaFiles"]),
        ("MetaData", ["MetaTensor", "MetaFiles", "CPNG", "CZlib"]),
        ("MetaPlot", ["MetaFiles", "CPNG"]),
        ("MetaLearn", ["MetaTensor", "MetaNN", "MetaData"]),
        ("MetaLesson", []),
        ("MetaSession", ["MetaFiles", "MetaLesson", "MetaTensor", "MetaNN", "MetaData", "MetaPlot", "MetaLearn"]),
        ("MetaBench", ["MetaTensor", "MetaNN", "MetaLearn"]),
        ("metalab", ["MetaSession", "MetaLesson", "MetaLearn", "MetaPlot", "MetaBench", "CReadline", "ArgumentParser"]),
    ]

    /// Modules every layer may use.
    static let system: Set<String> = ["Foundation", "Synchronization", "Dispatch", "Glibc", "Darwin"]

    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    /// `module` → the modules its Swift files import.
    static func imports(of module: String) throws -> [(file: String, imported: String)] {
        let folder = sources.appendingPathComponent(module)
        guard let files = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var found: [(String, String)] = []
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let index = words.firstIndex(of: "import"), words[..<index].allSatisfy({ $0.hasPrefix("@") }),
                      index + 1 < words.count else { continue }
                found.append((module + "/" + file, String(words[index + 1])))
            }
        }
        return found
    }

    @Test func everyModuleIsInTheStack() throws {
        let modules = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path).filter { !$0.hasPrefix(".") }
        let known = Set(Self.allowed.map(\.module) + ["CPNG", "CZlib", "CReadline", "CKernels"])
        #expect(Set(modules).subtracting(known).isEmpty, "modules not placed in the stack: \(Set(modules).subtracting(known).sorted())")
    }

    @Test func noModuleImportsOneAboveIt() throws {
        for (module, imports) in Self.allowed {
            for (file, imported) in try Self.imports(of: module) where !Self.system.contains(imported) {
                #expect(imports.contains(imported), "\(file) imports \(imported), which \(module) may not use")
            }
        }
    }
}
