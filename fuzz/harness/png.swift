// libFuzzer target: the PNG reader (libpng through the CPNG shim), and the area-averaging
// downsample the Omniglot loader applies to every decoded image.
//
// Each input is decoded as it is and, when a chunk's CRC-32 is wrong, again with every CRC
// repaired: libpng is not instrumented for coverage, and random mutations nearly always break
// a CRC, so without the second pass few inputs would get past the chunk reader to the image
// transforms and the conversion to ink.
import CZlib
import Foundation
import MetaData

/// FUZZ_VERBOSE=1 prints what each input decoded to (for checking seeds).
private let verbose = ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] != nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    decode(bytes, polarity: size % 2 == 0 ? .darkInk : .lightInk)
    if let repaired = repairingCRCs(bytes) { decode(repaired, polarity: .darkInk) }
    return 0
}

private func decode(_ bytes: [UInt8], polarity: InkPolarity) {
    let image: GreyImage
    do { image = try GreyImage(pngBytes: bytes, name: "fuzz.png", polarity: polarity) } catch {
        if verbose { print(error) }
        return
    }
    if verbose { print("decoded \(image.width)×\(image.height)") }
    precondition(image.pixels.count == image.width * image.height)
    precondition(image.pixels.allSatisfy { $0 >= -1e-5 && $0 <= 1 + 1e-5 }, "ink outside 0...1")
    if image.width > 0, image.height > 0 { _ = image.areaResized(side: 28) }
}

/// The bytes with every complete chunk's CRC-32 recomputed, or `nil` if none was wrong.
private func repairingCRCs(_ input: [UInt8]) -> [UInt8]? {
    var bytes = input
    var changed = false
    var offset = 8
    while offset + 12 <= bytes.count {
        let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        guard length <= bytes.count - offset - 12 else { break }
        let crcAt = offset + 8 + length
        let crc = bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress! + offset + 4, UInt32(length + 4))) }
        let stored = bytes[crcAt..<crcAt + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        if stored != crc {
            for i in 0..<4 { bytes[crcAt + i] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * UInt32(i))) }
            changed = true
        }
        offset = crcAt + 4
    }
    return changed ? bytes : nil
}
