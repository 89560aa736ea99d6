#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files without trusting them: only regular files (a pipe or a device named like
/// a data file never blocks or streams forever), and never more than a limit, checked against
/// the file's size before anything is allocated.
public enum BoundedFile {
    /// The bytes of the regular file at `path`, at most `limit` of them.
    ///
    /// - Parameter purpose: what the file is for, as the error's message says it
    ///   (e.g. "a lesson file").
    public static func read(_ path: String, limit: Int = FileLimits.maxFileBytes,
                            purpose: String = "one file") throws(FileError) -> [UInt8] {
        // O_NONBLOCK: opening a named pipe must not wait for a writer.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { throw .missing(path: path) }
            throw .unreadable(path: path, reason: systemMessage(code))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(path: path, reason: systemMessage(errno)) }
        let kind = status.st_mode & S_IFMT
        guard kind == S_IFREG else { throw .notRegularFile(path: path, kind: describe(kind: kind)) }
        let size = Int(status.st_size)
        guard size <= limit else { throw .tooLarge(path: path, size: size, limit: limit, purpose: purpose) }
        // The file may change while it is read: read what is there, but never past the limit.
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while true {
            if filled == bytes.count {
                guard bytes.count < limit + 1 else { break }
                bytes += [UInt8](repeating: 0, count: min(1 << 16, limit + 1 - bytes.count))
            }
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .unreadable(path: path, reason: systemMessage(errno))
            }
            if count == 0 { break }
            filled += count
        }
        guard filled <= limit else { throw .tooLarge(path: path, size: filled, limit: limit, purpose: purpose) }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// What kind of file an `st_mode` type is, for messages.
    public static func describe(kind: mode_t) -> String {
        switch kind {
        case S_IFDIR: return "a folder"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a named pipe"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        default: return "a special file"
        }
    }
}
