import MetaFiles

/// The contents of an IDX file, the format of LeCun's MNIST files: a big-endian header — two
/// zero bytes, an element type, the number of dimensions, then each dimension as a 32-bit
/// count — followed by the elements, row-major. Only unsigned-byte elements (type 0x08, the
/// type of every MNIST file) are read.
///
/// Every size in the header is checked against the bytes the file actually holds before
/// anything is allocated; a bad file throws `DataError.badIDX` naming the file.
public struct IDXArray: Sendable, Equatable {
    /// The dimensions, outermost first (e.g. `[10000, 28, 28]` for MNIST's test images).
    public let dimensions: [Int]
    /// The elements, row-major.
    public let values: [UInt8]

    /// The element type codes of the format, for messages.
    static let typeNames: [UInt8: String] = [0x08: "unsigned bytes", 0x09: "signed bytes", 0x0B: "16-bit integers",
                                            0x0C: "32-bit integers", 0x0D: "32-bit floats", 0x0E: "64-bit floats"]

    /// Parses IDX bytes (already decompressed); `name` names the file in errors.
    public init(bytes: [UInt8], name: String) throws(DataError) {
        func bad(_ reason: String) -> DataError { .badIDX(file: name, reason: reason) }
        guard !bytes.isEmpty else { throw bad("the file is empty") }
        guard bytes.count >= 4 else { throw bad("only \(bytes.count) bytes, fewer than the 4-byte header (0, 0, type, dimensions)") }
        guard bytes[0] == 0, bytes[1] == 0 else {
            throw bad("it starts with \(hex(bytes[0])) \(hex(bytes[1])), expected two zero bytes (magic 0x0000TTNN)")
        }
        guard bytes[2] == 0x08 else {
            let type = Self.typeNames[bytes[2]].map { " (\($0))" } ?? " (not an IDX type)"
            throw bad("element type \(hex(bytes[2]))\(type); only unsigned bytes (0x08) are supported")
        }
        let rank = Int(bytes[3])
        guard (1...4).contains(rank) else { throw bad("it declares \(rank) dimensions; expected 1 to 4") }
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else {
            throw bad("the header of \(rank) dimensions needs \(headerSize) bytes, the file holds \(bytes.count)")
        }
        let dimensions = (0..<rank).map { axis in
            (0..<4).reduce(0) { $0 << 8 | Int(bytes[4 + 4 * axis + $1]) }
        }
        let available = bytes.count - headerSize
        let shape = dimensions.map(String.init).joined(separator: " × ")
        // The product of up to four 32-bit counts can overflow Int; compare step by step.
        var elements = 1
        for size in dimensions {
            let (product, overflow) = elements.multipliedReportingOverflow(by: size)
            guard !overflow, product <= available else {
                throw bad("it declares \(shape) elements, but only \(available) bytes of data follow the header")
            }
            elements = product
        }
        guard elements == available else {
            throw bad("it declares \(shape) = \(elements) elements, but \(available) bytes of data follow the header")
        }
        self.dimensions = dimensions
        values = Array(bytes[headerSize...])
    }

    /// Reads the IDX file at `path`, gzip-compressed (`.gz`, recognised by its content) or plain.
    public init(path: String) throws(DataError) {
        var bytes = try readFile(path, purpose: "an IDX file")
        if isGzip(bytes) { bytes = try gunzip(bytes, name: path) }
        try self.init(bytes: bytes, name: path)
    }
}

private func hex(_ byte: UInt8) -> String {
    "0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
}
