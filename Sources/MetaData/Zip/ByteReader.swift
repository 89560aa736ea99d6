/// Little-endian reads from a byte array that never trap: a read past the end returns `nil`.
struct ByteReader {
    let bytes: [UInt8]

    /// The unsigned 16-bit value at `offset`, or `nil` if it lies outside the bytes.
    func uint16(at offset: Int) -> Int? {
        guard offset >= 0, offset <= bytes.count - 2 else { return nil }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }

    /// The unsigned 32-bit value at `offset`, or `nil` if it lies outside the bytes.
    func uint32(at offset: Int) -> Int? {
        guard let low = uint16(at: offset), let high = uint16(at: offset + 2) else { return nil }
        return low | high << 16
    }

    /// `count` bytes from `offset` as a string (UTF-8, invalid sequences repaired), or `nil`.
    func string(at offset: Int, count: Int) -> String? {
        guard offset >= 0, count >= 0, offset <= bytes.count - count else { return nil }
        return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
    }
}
