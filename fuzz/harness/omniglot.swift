// libFuzzer target: the zip reader (central directory, local headers, stored and deflated
// entries, CRC-32), then the same bytes as an Omniglot archive through FileTree and
// OmniglotDataset (layout checks, PNG decoding, downsampling).
import Foundation
import MetaData

private let scratch = FileManager.default.temporaryDirectory
    .appendingPathComponent("metalab-fuzz-omniglot-\(getpid()).zip").path

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let archive = try? ZipArchive(bytes: bytes) else { return 0 }
    for (i, entry) in archive.entries.enumerated() {
        _ = archive.entry(named: entry.name)
        if let contents = try? archive.contents(of: entry, verifyChecksum: i % 2 == 0) {
            precondition(contents.count == entry.uncompressedSize, "contents of \(entry.name) have the wrong size")
        }
    }
    // The archive opened: read it the way `load omniglot PATH` does.
    guard FileManager.default.createFile(atPath: scratch, contents: Data(bytes)) else { return 0 }
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    guard let tree = try? FileTree(path: scratch) else { return 0 }
    for path in tree.files.prefix(8) { _ = try? tree.contents(of: path) }
    if let dataset = try? OmniglotDataset(tree: tree, side: 28) {
        for c in 0..<dataset.classCount {
            _ = dataset.className(c)
            for i in 0..<dataset.imageCount(ofClass: c) { precondition(dataset.image(ofClass: c, at: i).width == 28) }
        }
        _ = dataset.classGroups
    }
    return 0
}
