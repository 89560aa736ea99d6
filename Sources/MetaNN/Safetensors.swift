import Foundation
import MetaTensor

/// Named Float32 tensors and string metadata in the safetensors format, readable by the
/// `safetensors` package of PyTorch and JAX.
///
/// Layout: an 8-byte little-endian header length N; N bytes of JSON
/// `{"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...,
/// "__metadata__": {"key": "value"}}` padded with spaces to a multiple of 8; then the tensors'
/// little-endian data, back to back from offset 0, covering the rest of the file exactly.
public struct Safetensors: Sendable {
    /// The tensors in file order (the order of their data).
    public var tensors: [(name: String, tensor: Tensor)]
    /// Free-form string metadata (`__metadata__`).
    public var metadata: [String: String]

    /// A collection of named tensors and metadata.
    public init(tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The tensor called `name`, if there is one.
    public subscript(name: String) -> Tensor? {
        tensors.first { $0.name == name }?.tensor
    }

    // MARK: Encoding

    /// The file's bytes. Throws for duplicate or reserved names.
    public func encoded() throws(SafetensorsError) -> [UInt8] {
        var seen = Set<String>()
        for (name, _) in tensors {
            guard name != "__metadata__" else { throw .reservedName }
            guard seen.insert(name).inserted else { throw .duplicateName(name) }
        }
        var entries: [String] = []
        var offset = 0
        for (name, tensor) in tensors {
            let end = offset + 4 * tensor.count
            entries.append("\(SafetensorsJSON.quoted(name)):{\"dtype\":\"F32\",\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }.map { "\(SafetensorsJSON.quoted($0.key)):\(SafetensorsJSON.quoted($0.value))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes += $0 }
        bytes += header
        for (_, tensor) in tensors {
            for value in tensor.scalars {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
            }
        }
        return bytes
    }

    // MARK: Decoding

    /// Reads a safetensors byte string, checking everything; any input either decodes or throws.
    public static func decode(_ bytes: [UInt8]) throws(SafetensorsError) -> Safetensors {
        guard bytes.count >= 8 else { throw .tooShort(size: bytes.count) }
        let length = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let available = bytes.count - 8
        guard length <= UInt64(available) else { throw .headerTooLong(length: length, available: available) }
        let headerEnd = 8 + Int(length)
        let header = Array(bytes[8..<headerEnd])
        guard String(validating: header, as: UTF8.self) != nil else { throw .headerNotUTF8 }
        let json: SafetensorsJSON
        do { json = try SafetensorsJSON.parse(header) } catch { throw .badJSON(offset: error.offset, message: error.message) }
        guard case .object(let members) = json else { throw .headerNotObject }

        var entries: [Entry] = []
        var metadata: [String: String]?
        var names = Set<String>()
        for (index, member) in members.enumerated() {
            let name = member.key, value = member.value
            if name == "__metadata__" {
                guard metadata == nil else { throw .badMetadata("is given twice") }
                metadata = try Self.metadata(value)
                continue
            }
            guard names.insert(name).inserted else { throw .duplicateName(name) }
            entries.append(try Entry(name: name, json: value, index: index))
        }

        entries.sort { ($0.begin, $0.end, $0.index) < ($1.begin, $1.end, $1.index) }
        var expected = 0
        for entry in entries {
            if entry.begin < expected { throw .overlappingOffsets(name: entry.name, begin: entry.begin, previousEnd: expected) }
            if entry.begin > expected { throw .gapInOffsets(name: entry.name, begin: entry.begin, previousEnd: expected) }
            expected = entry.end
        }
        let dataCount = bytes.count - headerEnd
        guard expected == dataCount else { throw .dataSizeMismatch(covered: expected, actual: dataCount) }

        let tensors = entries.map { entry in
            let start = headerEnd + entry.begin
            let scalars = (0..<(entry.end - entry.begin) / 4).map { i in
                let p = start + 4 * i
                let bits = UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24
                return Float(bitPattern: bits)
            }
            return (name: entry.name, tensor: Tensor(shape: entry.shape, scalars: scalars))
        }
        return Safetensors(tensors: tensors, metadata: metadata ?? [:])
    }

    /// One tensor's header entry, validated on its own (offsets are checked together later).
    private struct Entry {
        let name: String
        let shape: [Int]
        let begin: Int
        let end: Int
        let index: Int

        init(name: String, json: SafetensorsJSON, index: Int) throws(SafetensorsError) {
            guard case .object(let fields) = json else { throw .badEntry(name: name, reason: "the entry is not an object") }
            func field(_ key: String) throws(SafetensorsError) -> SafetensorsJSON {
                let matches = fields.filter { $0.key == key }
                guard matches.count == 1 else {
                    throw .badEntry(name: name, reason: matches.isEmpty ? "missing \"\(key)\"" : "\"\(key)\" is given twice")
                }
                return matches[0].value
            }
            guard case .string(let dtype) = try field("dtype") else { throw .badEntry(name: name, reason: "\"dtype\" is not a string") }
            guard dtype == "F32" else { throw .unsupportedDType(name: name, dtype: dtype) }
            guard case .array(let extents) = try field("shape") else { throw .badEntry(name: name, reason: "\"shape\" is not an array") }
            let shape = extents.compactMap(\.nonNegativeInteger)
            guard shape.count == extents.count else {
                throw .badEntry(name: name, reason: "\"shape\" must hold non-negative integers")
            }
            guard case .array(let offsets) = try field("data_offsets"), offsets.count == 2,
                  let begin = offsets[0].nonNegativeInteger, let end = offsets[1].nonNegativeInteger else {
                throw .badEntry(name: name, reason: "\"data_offsets\" must be two non-negative integers")
            }
            guard begin <= end else { throw .badEntry(name: name, reason: "data_offsets [\(begin), \(end)] run backwards") }
            // Multiply in the order `shapeCount` does, so an accepted shape never overflows there.
            var bytes = 4
            for extent in shape {
                let (product, overflow) = bytes.multipliedReportingOverflow(by: extent)
                guard !overflow else { throw .shapeMismatch(name: name, shape: shape, span: end - begin) }
                bytes = product
            }
            var count = 1
            for extent in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: extent)
                guard !overflow else { throw .shapeMismatch(name: name, shape: shape, span: end - begin) }
                count = product
            }
            guard bytes == end - begin else { throw .shapeMismatch(name: name, shape: shape, span: end - begin) }
            self.name = name
            self.shape = shape
            self.begin = begin
            self.end = end
            self.index = index
        }
    }

    private static func metadata(_ json: SafetensorsJSON) throws(SafetensorsError) -> [String: String] {
        guard case .object(let pairs) = json else { throw .badMetadata("is not an object") }
        var metadata: [String: String] = [:]
        for pair in pairs {
            let key = pair.key, value = pair.value
            guard case .string(let text) = value else { throw .badMetadata("value of '\(key)' is not a string") }
            guard metadata.updateValue(text, forKey: key) == nil else { throw .badMetadata("key '\(key)' is given twice") }
        }
        return metadata
    }
}
