import CZlib

/// Inflates a raw deflate stream (no zlib header, as in zip entries) that must produce exactly
/// `expectedSize` bytes.
func inflateRaw(_ input: ArraySlice<UInt8>, expectedSize: Int, name: String) throws(ZipError) -> [UInt8] {
    // Deflate cannot expand more than 1032:1; a larger claim is a lie (or a zip bomb).
    guard expectedSize <= input.count * 1032 + 64 else {
        throw ZipError.implausibleSize(name: name, compressed: input.count, uncompressed: expectedSize)
    }
    var stream = z_stream()
    guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        throw ZipError.corruptData(name: name, reason: "zlib could not start")
    }
    defer { inflateEnd(&stream) }
    // The output grows with what zlib produces, not with the declared size, which the header
    // may inflate up to the 1032:1 bound; one byte past the declared size tells "exactly the
    // declared size" from "more than declared".
    let limit = expectedSize + 1
    var output: [UInt8] = []
    output.reserveCapacity(min(limit, 1 << 20))
    var chunk = [UInt8](repeating: 0, count: min(limit, 1 << 16))
    var input = Array(input)
    var status: Int32 = Z_OK
    input.withUnsafeMutableBufferPointer { source in
        stream.next_in = source.baseAddress
        stream.avail_in = UInt32(source.count)
        while status == Z_OK, output.count < limit {
            let room = min(chunk.count, limit - output.count)
            status = chunk.withUnsafeMutableBufferPointer { target in
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(room)
                return inflate(&stream, Z_NO_FLUSH)
            }
            output += chunk[0..<(room - Int(stream.avail_out))]
        }
    }
    switch status {
    case Z_STREAM_END where output.count == expectedSize:
        return output
    case Z_STREAM_END, Z_OK:
        // Ended at another size, or still producing past the declared size.
        throw ZipError.sizeMismatch(name: name, expected: expectedSize, found: output.count)
    case Z_BUF_ERROR:
        // No progress possible with output room left: the input ran out.
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
