/// Why a safetensors file could not be written or read, with the file and the exact problem.
public enum SafetensorsError: Error, CustomStringConvertible, Equatable {
    /// The file could not be opened or read.
    case cannotRead(path: String, reason: String)
    /// The file could not be written (the old file, if any, is left as it was).
    case cannotWrite(path: String, reason: String)
    /// A problem with the contents, found in the file at `path`.
    indirect case inFile(path: String, SafetensorsError)

    /// Fewer than the 8 bytes of the header length.
    case tooShort(size: Int)
    /// The header length points past the end of the file (this includes "negative" lengths,
    /// which read as huge unsigned numbers).
    case headerTooLong(length: UInt64, available: Int)
    /// The header is not valid UTF-8.
    case headerNotUTF8
    /// The header is not well-formed JSON.
    case badJSON(offset: Int, message: String)
    /// The header's JSON is not an object of tensor entries.
    case headerNotObject
    /// A tensor entry lacks a field or has one of the wrong type.
    case badEntry(name: String, reason: String)
    /// A tensor's dtype is not F32, the only one that loads into Float tensors.
    case unsupportedDType(name: String, dtype: String)
    /// A tensor's shape does not match the bytes its offsets span.
    case shapeMismatch(name: String, shape: [Int], span: Int)
    /// A tensor's data starts before the previous tensor's ends.
    case overlappingOffsets(name: String, begin: Int, previousEnd: Int)
    /// A tensor's data starts after the previous tensor's ends, leaving unused bytes.
    case gapInOffsets(name: String, begin: Int, previousEnd: Int)
    /// The tensors do not cover the data buffer exactly.
    case dataSizeMismatch(covered: Int, actual: Int)
    /// Two tensors share a name.
    case duplicateName(String)
    /// `__metadata__` is not an object of strings, or is given twice.
    case badMetadata(String)
    /// A tensor is named `__metadata__`, which the format reserves.
    case reservedName

    /// A one-line message naming the file (when known) and what was wrong.
    public var description: String {
        switch self {
        case let .cannotRead(path, reason): return "cannot read \(path): \(reason)"
        case let .cannotWrite(path, reason): return "cannot write \(path): \(reason)"
        case let .inFile(path, problem): return "\(path) is not a valid safetensors file: \(problem)"
        case let .tooShort(size): return "only \(size) bytes, fewer than the 8-byte header length"
        case let .headerTooLong(length, available):
            return "the header length \(length) exceeds the \(available) bytes that follow it"
        case .headerNotUTF8: return "the header is not valid UTF-8"
        case let .badJSON(offset, message): return "the header is not valid JSON at byte \(offset): \(message)"
        case .headerNotObject: return "the header is not a JSON object"
        case let .badEntry(name, reason): return "tensor '\(name)': \(reason)"
        case let .unsupportedDType(name, dtype):
            return "tensor '\(name)' has dtype \(dtype); only F32 loads into Float tensors"
        case let .shapeMismatch(name, shape, span):
            let needed = shape.reduce(Optional(4)) { bytes, extent in
                bytes.flatMap { $0.multipliedReportingOverflow(by: extent) }.flatMap { $0.overflow ? nil : $0.partialValue }
            }
            return "tensor '\(name)' of shape \(shape) needs \(needed.map { "\($0) bytes" } ?? "more bytes than can exist") but its offsets span \(span)"
        case let .overlappingOffsets(name, begin, previousEnd):
            return "tensor '\(name)' starts at byte \(begin), inside the previous tensor (which ends at \(previousEnd))"
        case let .gapInOffsets(name, begin, previousEnd):
            return "tensor '\(name)' starts at byte \(begin), leaving a gap after the previous tensor (which ends at \(previousEnd))"
        case let .dataSizeMismatch(covered, actual):
            return "the tensors cover \(covered) bytes of data but the file holds \(actual)"
        case let .duplicateName(name): return "two tensors are named '\(name)'"
        case let .badMetadata(reason): return "__metadata__ \(reason)"
        case .reservedName: return "a tensor may not be named __metadata__"
        }
    }
}
