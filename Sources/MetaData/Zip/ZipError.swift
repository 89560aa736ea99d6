import MetaFiles

/// Why a zip archive could not be read: every malformed or unsupported case is one of these,
/// never a crash.
public enum ZipError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No end-of-central-directory record in the last 65,557 bytes: not a zip, or truncated.
    case noEndRecord(fileSize: Int)
    /// Zip64 archives (more than 65,535 entries or 4 GiB) are not supported.
    case zip64Unsupported
    /// Archives split over several disks are not supported.
    case multiDiskUnsupported
    /// The central directory lies (partly) outside the file.
    case centralDirectoryOutOfBounds(offset: Int, size: Int, fileSize: Int)
    /// A central-directory record is cut short or has a bad signature.
    case badCentralRecord(index: Int, offset: Int)
    /// The central directory lists a different number of entries than the end record says.
    case entryCountMismatch(expected: Int, found: Int)
    /// An entry's local header is missing, cut short or has a bad signature.
    case badLocalHeader(name: String, offset: Int)
    /// An entry's data runs past the end of the file.
    case dataOutOfBounds(name: String)
    /// Only stored (0) and deflated (8) entries are supported.
    case unsupportedMethod(name: String, method: Int)
    /// Encrypted entries are not supported.
    case encrypted(name: String)
    /// The declared uncompressed size is impossible for the compressed size.
    case implausibleSize(name: String, compressed: Int, uncompressed: Int)
    /// The deflate stream is corrupt.
    case corruptData(name: String, reason: String)
    /// The entry inflated to a different size than declared.
    case sizeMismatch(name: String, expected: Int, found: Int)
    /// The entry's CRC-32 does not match its contents.
    case checksumMismatch(name: String, expected: UInt32, found: UInt32)
    /// No entry has this name.
    case noSuchEntry(String)
    /// Two entries share a name, so which one is meant is ambiguous.
    case duplicateName(String)
    /// An entry declares more bytes than the memory budget allows for one file.
    case overBudget(name: String, size: Int, limit: Int)
    /// Two entries' data overlap, or an entry's data overlaps the central directory.
    case overlappingData(name: String)

    /// The error as one line of text: what was expected, and where.
    public var description: String {
        switch self {
        case .noEndRecord(let size):
            return "no end-of-central-directory record (file of \(size) bytes is not a zip, or truncated)"
        case .zip64Unsupported:
            return "zip64 archives are not supported"
        case .multiDiskUnsupported:
            return "multi-disk archives are not supported"
        case .centralDirectoryOutOfBounds(let offset, let size, let fileSize):
            return "central directory at offset \(offset), \(size) bytes, lies outside the \(fileSize)-byte file"
        case .badCentralRecord(let index, let offset):
            return "central-directory record \(index) at offset \(offset) is truncated or has a bad signature"
        case .entryCountMismatch(let expected, let found):
            return "end record promises \(expected) entries, central directory holds \(found)"
        case .badLocalHeader(let name, let offset):
            return "local header of \(name) at offset \(offset) is truncated or has a bad signature"
        case .dataOutOfBounds(let name):
            return "data of \(name) runs past the end of the file"
        case .unsupportedMethod(let name, let method):
            return "\(name) uses compression method \(method); expected 0 (stored) or 8 (deflated)"
        case .encrypted(let name):
            return "\(name) is encrypted"
        case .implausibleSize(let name, let compressed, let uncompressed):
            return "\(name) claims \(uncompressed) bytes from \(compressed) compressed bytes"
        case .corruptData(let name, let reason):
            return "\(name) has corrupt deflate data: \(reason)"
        case .sizeMismatch(let name, let expected, let found):
            return "\(name) inflated to \(found) bytes, expected \(expected)"
        case .checksumMismatch(let name, let expected, let found):
            return "\(name) has CRC-32 \(hex(found)), expected \(hex(expected))"
        case .noSuchEntry(let name):
            return "no entry named \(name)"
        case .duplicateName(let name):
            return "two entries are named \(name)"
        case .overBudget(let name, let size, let limit):
            return "\(name) declares \(FileLimits.describe(bytes: size)), more than the \(FileLimits.describe(bytes: limit)) memory budget for one file"
        case .overlappingData(let name):
            return "the data of \(name) overlaps another entry or the central directory"
        }
    }
}

private func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }
