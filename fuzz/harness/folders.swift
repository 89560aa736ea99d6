// libFuzzer target: folder trees read from disk — an Omniglot folder, Lake's runs as a folder,
// an MNIST folder — with what real disks hold: symbolic links (loops, dangling, pointing out),
// named pipes, unreadable files, names that are not UTF-8, empty files and folders.
//
// An input is a list of records: kind (`f` file, `d` folder, `l` symbolic link to the content,
// `p` named pipe, `u` file without read permission), name length (1 byte), the raw name
// (`/`-separated; `.`, `..` and empty parts dropped, so everything stays inside the scratch
// folder), content length (2 bytes, big-endian), content. The tree is built in a scratch folder
// and read by every folder reader.
import Foundation
import MetaData

/// Scratch files live in memory (/dev/shm) when it exists: the disk is slow and shared.
private let scratchRoot = FileManager.default.fileExists(atPath: "/dev/shm")
    ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory

private let scratch = scratchRoot.appendingPathComponent("metalab-fuzz-folders-\(getpid())").path

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let root = scratch + "/tree"
    try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    defer { removeTree(scratch) }
    build(bytes, in: root)
    if let tree = try? FileTree(path: root) {
        for path in tree.files.prefix(16) { _ = try? tree.contents(of: path) }
    }
    if let dataset = try? OmniglotDataset(path: root, side: 8) {
        for c in 0..<dataset.classCount {
            for i in 0..<dataset.imageCount(ofClass: c) { precondition(dataset.image(ofClass: c, at: i).width == 8) }
        }
    }
    if let runs = try? OneShotRuns(path: root) {
        for run in runs.runs { precondition(run.answers.allSatisfy { run.training.indices.contains($0) }) }
    }
    _ = try? MNISTDataset(path: root, side: 8)
    return 0
}

/// Creates the records of `bytes` under `root`.
private func build(_ bytes: [UInt8], in root: String) {
    var offset = 0
    var records = 0
    while offset + 2 <= bytes.count, records < 256 {
        let kind = bytes[offset], nameLength = Int(bytes[offset + 1])
        offset += 2
        guard offset + nameLength + 2 <= bytes.count else { return }
        let rawName = Array(bytes[offset..<offset + nameLength])
        offset += nameLength
        let length = min(Int(bytes[offset]) << 8 | Int(bytes[offset + 1]), bytes.count - offset - 2)
        offset += 2
        let content = Array(bytes[offset..<offset + length])
        offset += length
        records += 1
        let parts = rawName.split(separator: UInt8(ascii: "/")).map(Array.init)
            .filter { $0 != [UInt8(ascii: ".")] && $0 != [UInt8(ascii: "."), UInt8(ascii: ".")] }
            .map { $0.filter { $0 != 0 } }.filter { !$0.isEmpty }.prefix(6)
        guard !parts.isEmpty else { continue }
        var path = Array(root.utf8)
        for part in parts.dropLast() {
            path += [UInt8(ascii: "/")] + part
            _ = cPath(path) { mkdir($0, 0o755) }
        }
        path += [UInt8(ascii: "/")] + parts.last!
        create(kind: kind, at: path, content: content)
    }
}

private func create(kind: UInt8, at path: [UInt8], content: [UInt8]) {
    switch kind {
    case UInt8(ascii: "d"):
        _ = cPath(path) { mkdir($0, 0o755) }
    case UInt8(ascii: "l"):
        let target = content.filter { $0 != 0 } + [0]
        _ = cPath(path) { name in target.withUnsafeBufferPointer { symlink(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), name) } }
    case UInt8(ascii: "p"):
        _ = cPath(path) { mkfifo($0, 0o644) }
    default:
        let mode: mode_t = kind == UInt8(ascii: "u") ? 0 : 0o644
        let descriptor = cPath(path) { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK, mode) }
        guard descriptor >= 0 else { return }
        _ = content.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        if kind == UInt8(ascii: "u") { _ = cPath(path) { chmod($0, 0) } }
    }
}

private func cPath<T>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
    (path + [0]).withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self)) }
}

/// Removes the scratch tree whatever its names (`rm -rf` semantics, symbolic links not followed).
private func removeTree(_ path: String) { removeRaw(Array(path.utf8)) }

private func removeRaw(_ path: [UInt8]) {
    var status = stat()
    guard cPath(path, { lstat($0, &status) }) == 0 else { return }
    if status.st_mode & S_IFMT == S_IFDIR {
        _ = cPath(path) { chmod($0, 0o755) }
        guard let directory = cPath(path, { opendir($0) }) else { return }
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [46], name != [46, 46] { names.append(name) }
        }
        closedir(directory)
        for name in names { removeRaw(path + [47] + name) }
        _ = cPath(path) { rmdir($0) }
    } else {
        _ = cPath(path) { unlink($0) }
    }
}
