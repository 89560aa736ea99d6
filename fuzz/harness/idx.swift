// libFuzzer target: the IDX reader (MNIST's format), gzip-compressed or plain, and the MNIST
// dataset built from an images file and a labels file.
//
// An input is the images file's length (4 bytes, big-endian), the images file, then the labels
// file. Both are written into a scratch folder under MNIST's names and loaded as
// `data mnist FOLDER` does; the whole input is also parsed as one IDX file.
import Foundation
import MetaData

/// Scratch files live in memory (/dev/shm) when it exists: the disk is slow and shared.
private let scratchRoot = FileManager.default.fileExists(atPath: "/dev/shm")
    ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory

private let scratch = scratchRoot.appendingPathComponent("metalab-fuzz-idx-\(getpid())").path

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let array = try? IDXArray(bytes: bytes, name: "fuzz.idx") {
        precondition(array.values.count == array.dimensions.reduce(1, *), "IDX values do not fill the dimensions")
    }
    guard size >= 4 else { return 0 }
    let length = min(bytes[0..<4].reduce(0) { $0 << 8 | Int($1) }, size - 4)
    let images = Array(bytes[4..<4 + length]), labels = Array(bytes[(4 + length)...])
    try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    guard FileManager.default.createFile(atPath: scratch + "/t10k-images-idx3-ubyte", contents: Data(images)),
          FileManager.default.createFile(atPath: scratch + "/t10k-labels-idx1-ubyte", contents: Data(labels))
    else { return 0 }
    for side in [28, 5] {
        guard let dataset = try? MNISTDataset(path: scratch, side: side) else { continue }
        precondition(dataset.classCount == 10)
        for digit in 0..<10 {
            for index in 0..<dataset.imageCount(ofClass: digit) {
                let image = dataset.image(ofClass: digit, at: index)
                precondition(image.width == side && image.height == side, "an MNIST image of the wrong size")
                precondition(image.pixels.allSatisfy { $0 >= 0 && $0 <= 1 + 1e-5 }, "ink outside 0...1")
            }
        }
    }
    return 0
}
