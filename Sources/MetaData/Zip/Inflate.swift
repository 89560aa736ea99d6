import CZlib
import MetaFiles

/// How a zlib inflation ended.
enum InflateOutcome {
    /// The stream ended after exactly these bytes.
    case complete([UInt8])
    /// The stream produced more than the limit (the bytes so far are dropped).
    case overLimit
    /// The input ran out before the stream ended, after `produced` bytes.
    case truncated(produced: Int)
    /// zlib rejected the data.
    case corrupt(String)
}

/// Inflates `input` with zlib (`windowBits` −15: raw deflate as in zip entries; 31: gzip),
/// producing at most `limit` bytes. The output grows with what zlib produces, never with a size
/// the data claims, so a small input that inflates without end costs at most `limit + 1` bytes.
func inflateBounded(_ input: ArraySlice<UInt8>, windowBits: Int32, limit: Int) -> InflateOutcome {
    var stream = z_stream()
    guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        return .corrupt("zlib could not start")
    }
    defer { inflateEnd(&stream) }
    // One byte past the limit tells "exactly the limit" from "more than the limit".
    let capacity = limit + 1
    var output: [UInt8] = []
    output.reserveCapacity(min(capacity, 1 << 20))
    var chunk = [UInt8](repeating: 0, count: min(capacity, 1 << 16))
    var input = Array(input)
    var status: Int32 = Z_OK
    input.withUnsafeMutableBufferPointer { source in
        stream.next_in = source.baseAddress
        stream.avail_in = UInt32(source.count)
        while status == Z_OK, output.count < capacity {
            let room = min(chunk.count, capacity - output.count)
            status = chunk.withUnsafeMutableBufferPointer { target in
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(room)
                return inflate(&stream, Z_NO_FLUSH)
            }
            output += chunk[0..<(room - Int(stream.avail_out))]
        }
    }
    switch status {
    case Z_STREAM_END where output.count <= limit: return .complete(output)
    case Z_STREAM_END, Z_OK: return output.count > limit ? .overLimit : .truncated(produced: output.count)
    case Z_BUF_ERROR: return .truncated(produced: output.count)  // no progress possible: the input ran out
    default: return .corrupt(stream.msg.map { String(cString: $0) } ?? "zlib error \(status)")
    }
}

/// Inflates a raw deflate stream (no zlib header, as in zip entries) that must produce exactly
/// `expectedSize` bytes.
func inflateRaw(_ input: ArraySlice<UInt8>, expectedSize: Int, name: String) throws(ZipError) -> [UInt8] {
    // Deflate cannot expand more than 1032:1; a larger claim is a lie (or a zip bomb).
    guard expectedSize <= input.count * 1032 + 64 else {
        throw ZipError.implausibleSize(name: name, compressed: input.count, uncompressed: expectedSize)
    }
    guard expectedSize <= FileLimits.maxFileBytes else {
        throw ZipError.overBudget(name: name, size: expectedSize, limit: FileLimits.maxFileBytes)
    }
    switch inflateBounded(input, windowBits: -15, limit: expectedSize) {
    case .complete(let output) where output.count == expectedSize: return output
    case .complete(let output): throw ZipError.sizeMismatch(name: name, expected: expectedSize, found: output.count)
    case .overLimit: throw ZipError.sizeMismatch(name: name, expected: expectedSize, found: expectedSize + 1)
    case .truncated: throw ZipError.corruptData(name: name, reason: "stream ends early (truncated)")
    case .corrupt(let reason): throw ZipError.corruptData(name: name, reason: reason)
    }
}

/// The CRC-32 (as zip uses it) of `bytes`.
func crc32Checksum(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBufferPointer { buffer in
        UInt32(truncatingIfNeeded: crc32(0, buffer.baseAddress, UInt32(buffer.count)))
    }
}
