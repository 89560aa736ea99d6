import CPNG
import Foundation
import MetaFiles

/// Which pixels of a decoded file are the strokes.
public enum InkPolarity: Sendable {
    /// Dark strokes on light paper (Omniglot): ink = 1 − luminance.
    case darkInk
    /// Light strokes on a dark ground: ink = luminance.
    case lightInk
}

extension GreyImage {
    /// Decodes a PNG (1-, 2-, 4-, 8- or 16-bit grey, grey+alpha, RGB, RGBA, palette) held in
    /// memory. Colour becomes luminance (Rec. 601 weights); transparent pixels count as paper
    /// (background). `name` only appears in error messages.
    public init(pngBytes bytes: [UInt8], name: String = "PNG data", polarity: InkPolarity = .darkInk) throws {
        var width: UInt32 = 0, height: UInt32 = 0, channels: UInt32 = 0
        var decoded: UnsafeMutablePointer<UInt8>?
        var message = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer { buffer in
            metalab_png_decode(buffer.baseAddress, buffer.count, &width, &height, &channels, &decoded, &message, message.count)
        }
        guard status == 0, let pixels = decoded else {
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw DataError.badPNG(name: name, reason: text.isEmpty ? "unknown error" : text)
        }
        defer { free(pixels) }
        let count = Int(width) * Int(height)
        let stride = Int(channels)
        var ink = [Float](repeating: 0, count: count)
        for index in 0..<count {
            let pixel = pixels + index * stride
            let paper = luminance(pixel, channels: stride)
            ink[index] = polarity == .darkInk ? 1 - paper : paper
        }
        self.init(width: Int(width), height: Int(height), pixels: ink)
    }

    /// Reads and decodes the PNG file at `path`.
    public init(pngFile path: String, polarity: InkPolarity = .darkInk) throws {
        try self.init(pngBytes: readFile(path, purpose: "a PNG file"), name: path, polarity: polarity)
    }

    /// Writes the image as an 8-bit grey PNG (for looking at it; ink is drawn dark on white
    /// when `polarity` is `.darkInk`), atomically: a failed write leaves any previous file whole
    /// and throws a `FileError` naming the file.
    public func writePNG(to path: String, polarity: InkPolarity = .darkInk) throws {
        let bytes = pixels.map { value -> UInt8 in
            let clamped = min(max(value, 0), 1)
            return UInt8(((polarity == .darkInk ? 1 - clamped : clamped) * 255).rounded())
        }
        var encoded: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer { buffer in
            metalab_png_encode_memory(buffer.baseAddress, UInt32(width), UInt32(height), 1, &encoded, &size, &message, message.count)
        }
        guard status == 0, let encoded else {
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw DataError.unreadableFile(path: path, reason: text)
        }
        defer { free(encoded) }
        try AtomicFile.write(Array(UnsafeBufferPointer(start: encoded, count: size)), to: path)
    }
}

/// The luminance in 0...1 of one decoded pixel with 1–4 channels; alpha composites over white.
private func luminance(_ pixel: UnsafeMutablePointer<UInt8>, channels: Int) -> Float {
    let scale: Float = 1 / 255
    switch channels {
    case 1:
        return Float(pixel[0]) * scale
    case 2:
        let alpha = Float(pixel[1]) * scale
        return alpha * Float(pixel[0]) * scale + (1 - alpha)
    case 3:
        return rec601(pixel[0], pixel[1], pixel[2])
    default:
        let alpha = Float(pixel[3]) * scale
        return alpha * rec601(pixel[0], pixel[1], pixel[2]) + (1 - alpha)
    }
}

/// Rec. 601 luma of an 8-bit RGB triple, in 0...1.
private func rec601(_ red: UInt8, _ green: UInt8, _ blue: UInt8) -> Float {
    (0.299 * Float(red) + 0.587 * Float(green) + 0.114 * Float(blue)) / 255
}
