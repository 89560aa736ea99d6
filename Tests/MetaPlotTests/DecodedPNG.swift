import CPNG
import Foundation
@testable import MetaPlot

/// A PNG file read back through libpng, for checking what MetaPlot wrote.
struct DecodedPNG {
    let width: Int
    let height: Int
    let channels: Int
    let pixels: [UInt8]

    /// Reads and decodes the file at `path`; `nil` when it is missing or not a PNG.
    init?(path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        var w: UInt32 = 0, h: UInt32 = 0, c: UInt32 = 0
        var raw: UnsafeMutablePointer<UInt8>?
        var message = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer { buffer in
            metalab_png_decode(buffer.baseAddress, buffer.count, &w, &h, &c, &raw, &message, message.count)
        }
        guard status == 0, let raw else { return nil }
        defer { free(raw) }
        width = Int(w)
        height = Int(h)
        channels = Int(c)
        pixels = Array(UnsafeBufferPointer(start: raw, count: width * height * channels))
    }

    /// The colour at (x, y) of an RGBA image.
    subscript(x: Int, y: Int) -> Color {
        let i = (y * width + x) * channels
        return Color(pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3])
    }
}

/// Whether two colours differ by at most `tolerance` in every channel.
func isClose(_ a: Color, _ b: Color, tolerance: Int = 8) -> Bool {
    [(a.red, b.red), (a.green, b.green), (a.blue, b.blue), (a.alpha, b.alpha)]
        .allSatisfy { abs(Int($0.0) - Int($0.1)) <= tolerance }
}

/// A fresh empty folder under the temporary directory.
func temporaryFolder(_ name: String) throws -> String {
    let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("metaplot-\(name)-\(getpid())")
    try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
