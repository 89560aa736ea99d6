#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a failure never loses data: the bytes go to a temporary file in the
/// destination's folder (`.NAME.PID.RANDOM.tmp`), which is flushed to disk and then renamed over
/// the destination. Whatever goes wrong — a full disk, a missing or read-only folder, a crash —
/// the old file is either still there whole or replaced whole, and no temporary file stays
/// behind (one left by a killed writer is removed by the next write to the same path).
///
/// A destination that is a device or a pipe (`/dev/null`, `/dev/full`, a FIFO) cannot be
/// replaced by renaming; it is written directly.
public enum AtomicFile {
    /// Replaces (or creates) the file at `path` with `bytes`. The folder must exist.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
        let (folder, name) = split(path)
        var status = stat()
        if stat(path, &status) == 0 {
            let kind = status.st_mode & S_IFMT
            if kind == S_IFDIR { throw .notWritable(path: path, reason: "a folder of that name is in the way") }
            if kind != S_IFREG { return try writeDirectly(bytes, to: path) }
        }
        removeAbandonedTemporaries(in: folder, name: name)
        let temporary = join(folder, ".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(errno, path: path, folder: folder) }
        var code = writeAll(bytes, to: descriptor)
        if code == 0, fsync(descriptor) != 0 { code = errno }
        if close(descriptor) != 0, code == 0 { code = errno }
        if code == 0, rename(temporary, path) != 0 { code = errno }
        if code != 0 {
            unlink(temporary)
            throw failure(code, path: path, folder: folder)
        }
    }

    /// Writes to a device or pipe in place (there is nothing to keep intact).
    private static func writeDirectly(_ bytes: [UInt8], to path: String) throws(FileError) {
        let descriptor = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(errno, path: path, folder: split(path).folder) }
        var code = writeAll(bytes, to: descriptor)
        if close(descriptor) != 0, code == 0 { code = errno }
        if code != 0 { throw failure(code, path: path, folder: split(path).folder) }
    }

    /// Writes every byte; returns 0 or the `errno` of the first failure.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
        bytes.withUnsafeBytes { buffer -> Int32 in
            var written = 0
            while written < buffer.count {
                let result = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += result
            }
            return 0
        }
    }

    /// The error for a failed system call with `errno` `code`.
    private static func failure(_ code: Int32, path: String, folder: String) -> FileError {
        if isDiskFull(code) {
            let reason = code == EFBIG ? "the file size limit was reached" : code == EDQUOT ? "the disk quota is exceeded" : "the disk is full"
            return .diskFull(path: path, reason: reason)
        }
        var status = stat()
        if stat(folder, &status) != 0 {
            return .notWritable(path: path, reason: "the folder \(folder) does not exist")
        }
        if status.st_mode & S_IFMT != S_IFDIR { return .notWritable(path: path, reason: "\(folder) is not a folder") }
        return .notWritable(path: path, reason: systemMessage(code))
    }

    /// Deletes `.NAME.PID.RANDOM.tmp` files in `folder` whose writing process no longer exists
    /// (it was killed before it could rename or remove them). Best effort: failures are ignored.
    private static func removeAbandonedTemporaries(in folder: String, name: String) {
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        let prefix = ".\(name)."
        while let entry = readdir(directory) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard entryName.hasPrefix(prefix), entryName.hasSuffix(".tmp") else { continue }
            let fields = entryName.dropFirst(prefix.count).dropLast(4).split(separator: ".")
            guard fields.count == 2, let pid = pid_t(fields[0]), UInt32(fields[1]) != nil else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(join(folder, entryName)) }
        }
    }

    /// The folder (`.` when none is given) and the file name of `path`.
    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
