import CZlib
import Foundation
import Testing
@testable import MetaData

/// Inputs found by the fuzz targets `png` and `omniglot` (fuzz/run.sh), or by reading the
/// readers for what the fuzzers aim at, kept as regression tests: each must give a typed error
/// (or its data), quickly and without a large allocation.
@Suite struct FuzzRegressionTests {
    /// fuzz `png`, malloc(1314062336) inside png_read_info: a 79-byte PNG whose zTXt chunk
    /// claims 1.3 GB. libpng only warns about an ancillary chunk over its size limit, then
    /// allocates the claimed length; the reader now skips the text and metadata chunks unread.
    @Test func pngWithAHugeTextChunkIsATypedError() throws {
        let bytes = try #require(Data(base64Encoded:
            "iVBORw0KGgoAAAANSUhEUgAAAAwAAAAMAgMAAAArG7R0AAAACVBMVEX///8AAACAQCBUc90QAAAAAHRSTlP//3RSTlMAAHpUWHRErkJggg=="))
        #expect(throws: DataError.self) { try GreyImage(pngBytes: [UInt8](bytes), name: "fuzz.png") }
    }

    /// Text and metadata chunks, even corrupt ones, do not stop an image from decoding.
    @Test func textAndProfileChunksAreSkipped() throws {
        let plain = Fixtures.png(width: 2, height: 1, colorType: 0, samples: [0, 255])
        let header = 8 + 25   // signature, then the IHDR chunk
        var withText = Array(plain[..<header])
        withText += chunk("tEXt", Array("Comment\0fuzz".utf8))
        withText += chunk("zTXt", Array("Comment\0".utf8) + [0, 1, 2, 3])   // not a zlib stream
        withText += chunk("iCCP", Array("icc\0".utf8) + [0, 9, 9, 9])        // nor is this
        withText += plain[header...]
        let image = try GreyImage(pngBytes: withText)
        #expect(image == (try GreyImage(pngBytes: plain)))
    }

    /// A header that claims more pixels than any image MetaLab reads is refused before the
    /// pixel buffer (here 8192 × 8193 × 4 bytes, 268 MB) is allocated.
    @Test func pngOverThePixelLimitIsATypedError() throws {
        let header = be32(8192) + be32(8193) + [8, 6, 0, 0, 0]
        let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", header) + chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]) + chunk("IEND", [])
        #expect {
            try GreyImage(pngBytes: bytes, name: "big.png")
        } throws: { error in
            "\(error)".contains("too large")
        }
    }

    /// Found by reading the zip reader: a deflated entry that claims 1032 times its compressed
    /// size (the most deflate can expand) made the reader allocate and zero that much before
    /// inflating; the output now grows with the data, and the real size is reported.
    @Test func deflatedEntryClaimingTooMuchReportsTheRealSize() throws {
        let contents = [UInt8](repeating: 0x41, count: 100)
        var bytes = Fixtures.zip([(name: "a/b/c.png", data: contents, method: 8)])
        // The uncompressed size sits at offset 22 of the local header and 24 of the central record.
        let compressed = Int(bytes[18]) | Int(bytes[19]) << 8
        let claimed = compressed * 1032
        let central = try #require(centralRecordOffset(bytes))
        for offset in [22, central + 24] { bytes.replaceSubrange(offset..<offset + 4, with: le32(claimed)) }
        let archive = try ZipArchive(bytes: bytes)
        #expect(throws: ZipError.sizeMismatch(name: "a/b/c.png", expected: claimed, found: 100)) {
            try archive.contents(named: "a/b/c.png")
        }
    }

    private func centralRecordOffset(_ bytes: [UInt8]) -> Int? {
        (0..<bytes.count - 4).first { bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 1 && bytes[$0 + 3] == 2 }
    }
}

private func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let typed = Array(type.utf8) + data
    return be32(data.count) + typed + be32(Int(Fixtures.checksum(typed)))
}

private func be32(_ value: Int) -> [UInt8] { le32(value).reversed() }
private func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }
