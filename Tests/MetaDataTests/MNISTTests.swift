import Foundation
import MetaFiles
import Testing
@testable import MetaData

/// The IDX reader and the MNIST dataset: the real test set when `../shared/data/mnist/` is
/// there, and hand-made IDX files (plain, gzip, broken) everywhere.
@Suite struct MNISTTests {
    @Test(.enabled(if: MNISTData.available, Comment(rawValue: MNISTData.needs)))
    func realTestSetCountsEveryDigit() throws {
        let mnist = try MNISTDataset(path: MNISTData.folder)
        #expect(mnist.classCount == 10 && mnist.side == 28)
        #expect((0..<10).map { mnist.imageCount(ofClass: $0) } == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        #expect(mnist.imageCount == 10_000)
        // Digits are bright strokes on black, as MetaLab's images are: a few percent to a third ink.
        let ink = mnist.image(ofClass: 1, at: 0).inkFraction
        #expect(ink > 0.02 && ink < 0.35)
        #expect(mnist.image(ofClass: 0, at: 0).pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
        let small = try MNISTDataset(path: MNISTData.folder, side: 14)
        #expect(small.image(ofClass: 7, at: 3).width == 14)
    }

    /// Four 2 × 2 images with labels 3, 1, 3, 9, as IDX bytes.
    private let images = idx([4, 2, 2], (0..<16).map { UInt8($0 * 10) })
    private let labels = idx([4], [3, 1, 3, 9])

    private func folder(_ name: String, images: [UInt8], labels: [UInt8], gzip: Bool = false) -> String {
        let folder = TestData.scratchFolder("mnist-\(name)")
        let suffix = gzip ? ".gz" : ""
        HostileInput.write(["t10k-images-idx3-ubyte" + suffix: images, "t10k-labels-idx1-ubyte" + suffix: labels], into: folder)
        return folder
    }

    @Test func plainAndGzipFilesReadTheSame() throws {
        let plain = try MNISTDataset(path: folder("plain", images: images, labels: labels), side: 3)
        let zipped = try MNISTDataset(path: folder("gzip", images: gzipped(images), labels: gzipped(labels), gzip: true), side: 3)
        #expect((0..<10).map { plain.imageCount(ofClass: $0) } == [0, 1, 0, 2, 0, 0, 0, 0, 0, 1])
        #expect(plain.image(ofClass: 3, at: 1).width == 3 && plain.image(ofClass: 1, at: 0) == zipped.image(ofClass: 1, at: 0))
        let native = try MNISTDataset(path: folder("native", images: images, labels: labels), side: 2)
        #expect(native.image(ofClass: 3, at: 1).pixels == [80, 90, 100, 110].map { Float($0) / 255 })
        #expect(native.className(9) == "digit 9")
    }

    @Test func badHeadersNameTheFileAndTheProblem() {
        let cases: [(String, [UInt8], [String])] = [
            ("empty", [], ["empty"]),
            ("short", [0, 0, 8], ["fewer than the 4-byte header"]),
            ("magic", [0x50, 0x4B, 3, 4] + [UInt8](repeating: 0, count: 12), ["two zero bytes"]),
            ("float", [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0], ["0x0D", "32-bit floats"]),
            ("rank", [0, 0, 8, 9], ["9 dimensions"]),
            ("cut-header", [0, 0, 8, 3, 0, 0, 0, 1], ["needs 16 bytes"]),
            // 4,294,967,295 × 65,535 × 65,535 elements claimed by a 16-byte file.
            ("absurd", [0, 0, 8, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0xFF, 0xFF, 0, 0, 0xFF, 0xFF], ["4294967295 × 65535 × 65535", "only 0 bytes"]),
            ("truncated", Array(idx([4, 3, 2], [UInt8](repeating: 1, count: 24)).dropLast(5)), ["4 × 3 × 2", "only 19 bytes"]),
            ("trailing", idx([4, 3, 2], [UInt8](repeating: 1, count: 24)) + [7], ["= 24 elements", "25 bytes"]),
        ]
        for (name, bytes, words) in cases {
            let root = folder(name, images: bytes, labels: labels)
            HostileInput.expectError(naming: root + "/t10k-images-idx3-ubyte", saying: words) { _ = try MNISTDataset(path: root) }
        }
    }

    @Test func labelsThatDoNotMatchTheImages() {
        let count = folder("count", images: images, labels: idx([3], [1, 2, 3]))
        HostileInput.expectError(naming: count + "/t10k-labels-idx1-ubyte", saying: ["3 labels for the 4 images"]) { _ = try MNISTDataset(path: count) }
        let digit = folder("digit", images: images, labels: idx([4], [1, 2, 12, 3]))
        HostileInput.expectError(naming: digit + "/t10k-labels-idx1-ubyte", saying: ["label 12 of item 2"]) { _ = try MNISTDataset(path: digit) }
        let swapped = folder("swapped", images: labels, labels: images)
        HostileInput.expectError(naming: swapped + "/t10k-images-idx3-ubyte", saying: ["images need 3"]) { _ = try MNISTDataset(path: swapped) }
        let missing = TestData.scratchFolder("mnist-missing")
        HostileInput.expectError(naming: missing, saying: ["t10k-images-idx3-ubyte"]) { _ = try MNISTDataset(path: missing) }
    }

    @Test func brokenAndBombedGzip() {
        let cut = gzipped(images)
        let truncated = folder("gzip-truncated", images: Array(cut.dropLast(12)), labels: labels, gzip: true)
        HostileInput.expectError(naming: truncated + "/t10k-images-idx3-ubyte.gz", saying: ["gzip"]) { _ = try MNISTDataset(path: truncated) }
        // 300 MB of zeros in a few hundred KB: inflation stops at the 256 MB budget.
        let bomb = folder("gzip-bomb", images: Fixtures.compressedZeros(count: 300 << 20, gzip: true), labels: labels, gzip: true)
        HostileInput.expectError(naming: bomb + "/t10k-images-idx3-ubyte.gz", saying: ["256 MB", "memory budget"]) { _ = try MNISTDataset(path: bomb) }
    }

    private func gzipped(_ bytes: [UInt8]) -> [UInt8] { Fixtures.gzip(bytes) }
}

/// Where the real MNIST test set lives: `../shared/data/mnist/` next to the package root.
enum MNISTData {
    static let folder = URL(fileURLWithPath: TestData.folder).deletingLastPathComponent().appendingPathComponent("mnist").path
    static let available = MNISTDataset.fileNames(.test).images.contains { FileManager.default.fileExists(atPath: folder + "/" + $0) }
    static let needs = "needs ../shared/data/mnist/{t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz}"
}

/// IDX bytes: magic (0, 0, 0x08 unsigned bytes, rank), dimensions big-endian, values.
func idx(_ dimensions: [Int], _ values: [UInt8]) -> [UInt8] {
    [0, 0, 8, UInt8(dimensions.count)] + dimensions.flatMap { value in (0..<4).map { UInt8(value >> (24 - 8 * $0) & 0xFF) } } + values
}
