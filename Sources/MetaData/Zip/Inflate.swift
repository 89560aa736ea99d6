import CZlib

/// Inflates a raw deflate stream (no zlib header, as in zip entries) that must produce exactly
/// `expectedSize` bytes.
func inflateRaw(_ input: ArraySlice<UInt8>, expectedSize: Int, name: String) throws(ZipError) -> [UInt8] {
    // Deflate cannot expand more than 1032:1; a larger claim is a lie (or a zip bomb).
    guard expectedSize <= input.count * 1032 + 64 else {
        throw ZipError.implausibleSize(name: name, compressed: input.count, uncompressed: expectedSize)
    }
    // One spare byte tells "exactly the declared size" from "more than declared".
    var output = [UInt8](repeating: 0, count: expectedSize + 1)
    var stream = z_stream()
    guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        throw ZipError.corruptData(name: name, reason: "zlib could not start")
    }
    defer { inflateEnd(&stream) }
    var input = Array(input)
    let status: Int32 = input.withUnsafeMutableBufferPointer { source in
        output.withUnsafeMutableBufferPointer { target in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            stream.next_out = target.baseAddress
            stream.avail_out = UInt32(target.count)
            return inflate(&stream, Z_FINISH)
        }
    }
    let produced = Int(stream.total_out)
    switch status {
    case Z_STREAM_END:
        guard produced == expectedSize else { throw ZipError.sizeMismatch(name: name, expected: expectedSize, found: produced) }
        output.removeLast()
        return output
    case Z_BUF_ERROR where stream.avail_out == 0:
        throw ZipError.sizeMismatch(name: name, expected: expectedSize, found: produced)
    case Z_BUF_ERROR:
        throw ZipError.corruptData(name: name, reason: "stream ends early (truncated)")
    default:
        let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
        throw ZipError.corruptData(name: name, reason: reason)
    }
}

/// The CRC-32 (as zip uses it) of `bytes`.
func crc32Checksum(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBufferPointer { buffer in
        UInt32(truncatingIfNeeded: crc32(0, buffer.baseAddress, UInt32(buffer.count)))
    }
}
