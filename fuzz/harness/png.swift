// libFuzzer target: the PNG reader (libpng through the CPNG shim), and the area-averaging
// downsample the Omniglot loader applies to every decoded image.
import Foundation
import MetaData

/// FUZZ_VERBOSE=1 prints what each input decoded to (for checking seeds).
private let verbose = ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] != nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let polarity: InkPolarity = size % 2 == 0 ? .darkInk : .lightInk
    let image: GreyImage
    do { image = try GreyImage(pngBytes: bytes, name: "fuzz.png", polarity: polarity) } catch {
        if verbose { print(error) }
        return 0
    }
    if verbose { print("decoded \(image.width)×\(image.height)") }
    precondition(image.pixels.count == image.width * image.height)
    precondition(image.pixels.allSatisfy { $0 >= -1e-5 && $0 <= 1 + 1e-5 }, "ink outside 0...1")
    if image.width > 0, image.height > 0 { _ = image.areaResized(side: 28) }
    return 0
}
