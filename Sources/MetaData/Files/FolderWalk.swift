import Glibc
import MetaFiles

/// Lists the regular files under a folder the way a dataset loader needs them, refusing what
/// would make the listing endless or ambiguous: a symbolic link that loops back or leads out of
/// the folder, a second way into a folder already listed, a name that is not UTF-8, a pipe or a
/// device where a file should be. Hidden names (starting with `.`) are skipped unread.
///
/// Depth and the number of entries are bounded by `FileLimits`.
struct FolderWalk {
    let root: String
    private(set) var files: [String] = []
    private var visited: Set<FileID> = []
    private var entries = 0
    private let rootReal: String

    private struct FileID: Hashable { let device: UInt64, inode: UInt64 }

    /// Walks the folder at `root` (which must be a folder).
    init(root: String) throws(DataError) {
        self.root = root
        guard let real = realpath(root, nil) else { throw .unreadableFile(path: root, reason: systemMessage(errno)) }
        rootReal = String(cString: real)
        free(real)
        var status = stat()
        guard stat(root, &status) == 0 else { throw .unreadableFile(path: root, reason: systemMessage(errno)) }
        visited.insert(FileID(device: UInt64(status.st_dev), inode: UInt64(status.st_ino)))
        try walk(relative: "", depth: 0)
    }

    private func full(_ relative: String) -> String { relative.isEmpty ? root : root + "/" + relative }

    private mutating func walk(relative: String, depth: Int) throws(DataError) {
        let folder = full(relative)
        guard depth < FileLimits.maxFolderDepth else {
            throw .unexpectedLayout(source: root, expected: "folders at most \(FileLimits.maxFolderDepth) deep", found: folder)
        }
        guard let directory = opendir(folder) else { throw .unreadableFile(path: folder, reason: systemMessage(errno)) }
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name.first != UInt8(ascii: ".") { names.append(name) }  // hidden, `.` and `..`
        }
        closedir(directory)
        entries += names.count
        guard entries <= FileLimits.maxFolderFiles else {
            throw .overBudget(source: root, needed: "more than \(FileLimits.maxFolderFiles) files and folders",
                              limit: "\(FileLimits.maxFolderFiles)-entry")
        }
        for raw in names.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard let name = String(validating: raw, as: UTF8.self) else {
                throw .badFileName(folder: folder, name: String(decoding: raw, as: UTF8.self))
            }
            let path = relative.isEmpty ? name : relative + "/" + name
            try visit(path, depth: depth)
        }
    }

    private mutating func visit(_ relative: String, depth: Int) throws(DataError) {
        let path = full(relative)
        var link = stat(), target = stat()
        guard lstat(path, &link) == 0 else { throw .unreadableFile(path: path, reason: systemMessage(errno)) }
        let isLink = link.st_mode & S_IFMT == S_IFLNK
        guard stat(path, &target) == 0 else {
            let code = errno
            throw .unreadableFile(path: path, reason: isLink && code == ENOENT ? "a symbolic link to a missing file" : systemMessage(code))
        }
        switch target.st_mode & S_IFMT {
        case S_IFREG:
            files.append(relative)
        case S_IFDIR:
            if isLink { try checkInside(path) }
            guard visited.insert(FileID(device: UInt64(target.st_dev), inode: UInt64(target.st_ino))).inserted else {
                throw .unexpectedLayout(source: root, expected: "each folder reached once",
                                        found: "\(path), a symbolic link back to a folder already listed (a loop)")
            }
            try walk(relative: relative, depth: depth + 1)
        default:
            throw .unreadableFile(path: path, reason: "it is \(BoundedFile.describe(kind: target.st_mode & S_IFMT)), not a regular file or folder")
        }
    }

    /// Refuses a symbolic link to a folder outside the root (the walk would list foreign files).
    private func checkInside(_ path: String) throws(DataError) {
        guard let real = realpath(path, nil) else { throw .unreadableFile(path: path, reason: systemMessage(errno)) }
        let resolved = String(cString: real)
        free(real)
        guard resolved.hasPrefix(rootReal == "/" ? "/" : rootReal + "/") else {
            throw .unexpectedLayout(source: root, expected: "folders inside it", found: "\(path), a symbolic link to \(resolved)")
        }
    }
}
