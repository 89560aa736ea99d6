import CZlib
import Foundation

/// Builds small zip archives and PNG files byte by byte, so the readers can be tested on
/// every case (and on broken ones) without data files.
enum Fixtures {
    /// A zip archive holding `entries` (name, contents, method 0 = stored or 8 = deflated).
    static func zip(_ entries: [(name: String, data: [UInt8], method: Int)]) -> [UInt8] {
        zip(raw: entries.map { entry in
            RawEntry(name: entry.name, payload: entry.method == 8 ? deflateRaw(entry.data) : entry.data, method: entry.method,
                     crc: checksum(entry.data), size: entry.data.count)
        })
    }

    /// One entry of a hand-made archive: its stored bytes and what its headers declare, which
    /// need not be true.
    struct RawEntry {
        var name: String
        var payload: [UInt8]
        var method: Int
        var crc: UInt32
        /// The declared uncompressed size.
        var size: Int
    }

    /// A zip archive of entries whose headers say whatever `entries` declare.
    static func zip(raw entries: [RawEntry]) -> [UInt8] {
        var body: [UInt8] = [], directory: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            let offset = body.count
            body += le32(0x0403_4B50) + le16(20) + le16(0) + le16(entry.method) + le16(0) + le16(0)
            body += le32(Int(entry.crc)) + le32(entry.payload.count) + le32(entry.size) + le16(name.count) + le16(0) + name + entry.payload
            directory += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(entry.method) + le16(0) + le16(0)
            directory += le32(Int(entry.crc)) + le32(entry.payload.count) + le32(entry.size) + le16(name.count) + le16(0) + le16(0)
            directory += le16(0) + le16(0) + le32(0) + le32(offset) + name
        }
        let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
            + le32(directory.count) + le32(body.count) + le16(0)
        return body + directory + end
    }

    /// `bytes` as a gzip file.
    static func gzip(_ bytes: [UInt8]) -> [UInt8] { deflated(bytes, windowBits: 31) }

    /// `count` zero bytes compressed as raw deflate (`gzip` false) or as a gzip file, made a
    /// megabyte at a time so that a bomb costs the test no memory.
    static func compressedZeros(count: Int, gzip: Bool) -> [UInt8] {
        var stream = z_stream()
        deflateInit2_(&stream, 9, Z_DEFLATED, gzip ? 31 : -15, 9, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        defer { deflateEnd(&stream) }
        var zeros = [UInt8](repeating: 0, count: 1 << 20)
        var output: [UInt8] = [], chunk = [UInt8](repeating: 0, count: 1 << 16)
        var left = count
        repeat {
            let take = min(left, zeros.count)
            left -= take
            zeros.withUnsafeMutableBufferPointer { input in
                stream.next_in = input.baseAddress
                stream.avail_in = UInt32(take)
                repeat {
                    chunk.withUnsafeMutableBufferPointer { out in
                        stream.next_out = out.baseAddress
                        stream.avail_out = UInt32(out.count)
                        _ = deflate(&stream, left == 0 ? Z_FINISH : Z_NO_FLUSH)
                    }
                    output += chunk[0..<(chunk.count - Int(stream.avail_out))]
                } while stream.avail_out == 0
            }
        } while left > 0
        return output
    }

    /// A PNG of `width × height` samples (`channels` per pixel, 8-bit, or 1-bit grey when
    /// `bitDepth` is 1 — then samples are 0 or 1).
    static func png(width: Int, height: Int, colorType: Int, bitDepth: Int = 8, samples: [UInt8]) -> [UInt8] {
        let channels = [0: 1, 2: 3, 4: 2, 6: 4][colorType]!
        var raw: [UInt8] = []
        for y in 0..<height {
            raw.append(0) // filter: none
            let row = Array(samples[(y * width * channels)..<((y + 1) * width * channels)])
            if bitDepth == 1 {
                for start in stride(from: 0, to: width, by: 8) {
                    var byte: UInt8 = 0
                    for bit in 0..<8 where start + bit < width && row[start + bit] != 0 { byte |= 0x80 >> UInt8(bit) }
                    raw.append(byte)
                }
            } else {
                raw += row
            }
        }
        let header = be32(width) + be32(height) + [UInt8(bitDepth), UInt8(colorType), 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", header) + chunk("IDAT", compressZlib(raw)) + chunk("IEND", [])
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return be32(data.count) + typed + be32(Int(checksum(typed)))
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        UInt32(crc32(0, bytes, UInt32(bytes.count)))
    }

    private static func deflateRaw(_ bytes: [UInt8]) -> [UInt8] { deflated(bytes, windowBits: -15) }

    /// `bytes` compressed in one go: raw deflate (`windowBits` −15) or gzip (31).
    private static func deflated(_ bytes: [UInt8], windowBits: Int32) -> [UInt8] {
        var stream = z_stream()
        deflateInit2_(&stream, 9, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        defer { deflateEnd(&stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
        input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                _ = deflate(&stream, Z_FINISH)
            }
        }
        return Array(output[0..<Int(stream.total_out)])
    }

    private static func compressZlib(_ bytes: [UInt8]) -> [UInt8] {
        var length = compressBound(UInt(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        _ = compress(&output, &length, bytes, UInt(bytes.count))
        return Array(output[..<Int(length)])
    }

    private static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    private static func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16 & 0xFFFF) }
    private static func be32(_ value: Int) -> [UInt8] { le32(value).reversed() }
}
