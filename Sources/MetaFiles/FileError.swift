/// Why a file could not be read or written: the file, and which limit or which refusal of the
/// system stood in the way.
public enum FileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Nothing exists at the path.
    case missing(path: String)
    /// The path names a folder, a device, a pipe or a socket where a regular file was expected.
    case notRegularFile(path: String, kind: String)
    /// The file is larger than the reader accepts.
    case tooLarge(path: String, size: Int, limit: Int, purpose: String)
    /// The system refused to read the file (permissions, I/O error, a symbolic-link loop …).
    case unreadable(path: String, reason: String)
    /// The system refused the write (permissions, a read-only file system, a missing folder …).
    case notWritable(path: String, reason: String)
    /// The disk or the quota is full, or the file would exceed the allowed file size.
    case diskFull(path: String, reason: String)

    /// The error as one line of text naming the file.
    public var description: String {
        switch self {
        case let .missing(path): return "no file at \(path)"
        case .notWritable, .diskFull: return "cannot write \(path): \(reason)"
        default: return "cannot read \(path): \(reason)"
        }
    }

    /// What went wrong, without the path.
    public var reason: String {
        switch self {
        case .missing:
            return "no such file or directory"
        case let .notRegularFile(_, kind):
            return "it is \(kind), not a regular file"
        case let .tooLarge(_, size, limit, purpose):
            return "it holds \(FileLimits.describe(bytes: size)), more than the \(FileLimits.describe(bytes: limit)) accepted for \(purpose)"
        case let .unreadable(_, reason), let .notWritable(_, reason):
            return reason
        case let .diskFull(_, reason):
            return "\(reason); nothing was replaced"
        }
    }

    /// The path the error is about.
    public var path: String {
        switch self {
        case let .missing(path), let .notRegularFile(path, _), let .tooLarge(path, _, _, _),
             let .unreadable(path, _), let .notWritable(path, _), let .diskFull(path, _):
            return path
        }
    }
}
