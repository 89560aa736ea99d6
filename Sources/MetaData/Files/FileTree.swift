import Foundation

/// A read-only tree of files — a folder on disk or a zip archive — addressed by `/`-separated
/// paths relative to its root, so dataset loaders read both the same way.
///
/// Hidden files (`.DS_Store`, …) and macOS `__MACOSX` folders are left out.
public struct FileTree: Sendable {
    /// The folder or archive path, for messages.
    public let location: String
    /// Relative paths of the files (not folders), sorted.
    public let files: [String]
    private let storage: Storage
    private let prefix: String

    private enum Storage: Sendable {
        case folder(String)
        case zip(ZipArchive)
    }

    /// Opens a folder, or a zip archive when `path` is a file.
    public init(path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw DataError.missingPath(path) }
        if isFolder.boolValue {
            let walk = try FolderWalk(root: path)
            self.init(location: path, storage: .folder(path), prefix: "", paths: walk.files)
        } else {
            let archive = try ZipArchive(contentsOf: path)
            let names = archive.entries.filter { !$0.isDirectory }.map(\.name)
            self.init(location: path, storage: .zip(archive), prefix: "", paths: names)
        }
    }

    private init(location: String, storage: Storage, prefix: String, paths: [String]) {
        self.location = location
        self.storage = storage
        self.prefix = prefix
        files = paths.filter { path in
            !path.split(separator: "/").contains { $0.hasPrefix(".") || $0 == "__MACOSX" }
        }.sorted()
    }

    /// The bytes of the file at `relativePath`.
    public func contents(of relativePath: String) throws -> [UInt8] {
        let full = prefix + relativePath
        switch storage {
        case .folder(let root):
            return try readFile((root as NSString).appendingPathComponent(full), purpose: "one file of a dataset")
        case .zip(let archive):
            do { return try archive.contents(named: full) } catch {
                throw DataError.badArchive(path: location, error)
            }
        }
    }

    /// A name for `relativePath` in messages: the folder or archive and the path inside it.
    public func describe(_ relativePath: String) -> String {
        switch storage {
        case .folder(let root): return (root as NSString).appendingPathComponent(pathFromRoot(relativePath))
        case .zip: return "\(location) ▸ \(pathFromRoot(relativePath))"
        }
    }

    /// `relativePath` as seen from the folder or archive this tree was opened from.
    public func pathFromRoot(_ relativePath: String) -> String { prefix + relativePath }

    /// The top-level folder names, sorted.
    public var topLevelFolders: [String] {
        Array(Set(files.compactMap { path in path.firstIndex(of: "/").map { String(path[..<$0]) } })).sorted()
    }

    /// The tree seen from inside `folder` (a top-level folder).
    public func subtree(_ folder: String) -> FileTree {
        let inner = folder + "/"
        let paths = files.filter { $0.hasPrefix(inner) }.map { String($0.dropFirst(inner.count)) }
        return FileTree(location: location, storage: storage, prefix: prefix + inner, paths: paths)
    }

    /// If every file sits inside one top-level folder (as in the official zips, e.g.
    /// `images_background_small1/`), the tree inside it; otherwise `self`.
    public func unwrappingSingleFolder() -> FileTree {
        let folders = topLevelFolders
        guard folders.count == 1, files.allSatisfy({ $0.contains("/") }) else { return self }
        return subtree(folders[0])
    }

    /// Reads (and decodes) the files at `paths` on all cores; results keep the order of `paths`.
    /// The first error, in path order, is rethrown.
    public func decodeAll<Value: Sendable>(_ paths: [String], _ decode: @Sendable ([UInt8], String) throws -> Value) throws -> [Value] {
        // A few files decode faster on this thread than handed to others.
        guard paths.count >= 32 else { return try paths.map { try decode(try contents(of: $0), describe($0)) } }
        let results = ResultSlots<Value>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            let path = paths[index]
            results.set(index, Result { try decode(try contents(of: path), describe(path)) })
        }
        return try results.values.map { try $0!.get() }
    }
}

/// One result slot per parallel job; each job writes only its own slot.
private final class ResultSlots<Value>: @unchecked Sendable {
    private(set) var values: [Result<Value, any Error>?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<Value, any Error>) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}
