import MetaData
import MetaTensor
import Testing

@Suite struct ZipTests {
    let text = Array(String(repeating: "few-shot learning ", count: 40).utf8)
    var archive: [UInt8] {
        Fixtures.zip([("top/", [], 0), ("top/stored.txt", Array("hello".utf8), 0), ("top/deflated.txt", text, 8), ("top/empty", [], 8)])
    }

    @Test func readsStoredAndDeflatedEntries() throws {
        let zip = try ZipArchive(bytes: archive)
        #expect(zip.entries.map(\.name) == ["top/", "top/stored.txt", "top/deflated.txt", "top/empty"])
        #expect(zip.entries[0].isDirectory)
        #expect(zip.entries[2].method == 8 && zip.entries[2].compressedSize < text.count)
        #expect(try zip.contents(named: "top/stored.txt") == Array("hello".utf8))
        #expect(try zip.contents(named: "top/deflated.txt") == text)
        #expect(try zip.contents(named: "top/empty") == [])
        #expect(throws: ZipError.noSuchEntry("nope")) { try zip.contents(named: "nope") }
    }

    @Test func truncatedOrEmptyArchivesAreTypedErrors() {
        #expect(throws: ZipError.noEndRecord(fileSize: 0)) { try ZipArchive(bytes: []) }
        #expect(throws: ZipError.noEndRecord(fileSize: 21)) { try ZipArchive(bytes: [UInt8](repeating: 0, count: 21)) }
        // Cut inside the end record: no record is found.
        #expect(throws: ZipError.self) { try ZipArchive(bytes: Array(archive.dropLast(5))) }
    }

    @Test func badDirectoryOffsetIsATypedError() {
        var bytes = archive
        bytes[bytes.count - 6] = 0xFF  // directory offset byte 0
        bytes[bytes.count - 5] = 0xFF  // …byte 1: far past the end
        #expect { try ZipArchive(bytes: bytes) } throws: { error in
            if case ZipError.centralDirectoryOutOfBounds = error { return true }
            return false
        }
    }

    @Test func badLocalHeaderOffsetIsATypedError() throws {
        var bytes = archive
        let zip = try ZipArchive(bytes: bytes)
        // Point the stored entry's local-header offset into the middle of nowhere.
        let directoryStart = bytes.count - 22 - directorySize(bytes)
        let secondRecord = directoryStart + 46 + zip.entries[0].name.utf8.count
        bytes[secondRecord + 42] = 0x33
        // Every local header is checked when the archive opens (to refuse overlapping entries).
        #expect { try ZipArchive(bytes: bytes) } throws: { error in
            if case ZipError.badLocalHeader(let name, _) = error { return name == "top/stored.txt" }
            return false
        }
    }

    @Test func unsupportedMethodZip64AndChecksumAreTypedErrors() throws {
        let bzip = Fixtures.zip([("a.bin", [1, 2, 3], 12)])
        #expect(throws: ZipError.unsupportedMethod(name: "a.bin", method: 12)) { try ZipArchive(bytes: bzip).contents(named: "a.bin") }

        var zip64 = Fixtures.zip([("a.bin", [1, 2, 3], 0)])
        for offset in (zip64.count - 6)..<(zip64.count - 2) { zip64[offset] = 0xFF }
        #expect(throws: ZipError.zip64Unsupported) { try ZipArchive(bytes: zip64) }

        var corrupted = Fixtures.zip([("a.txt", Array("abc".utf8), 0)])
        corrupted[30 + 5] = UInt8(ascii: "x")  // first data byte
        let zip = try ZipArchive(bytes: corrupted)
        #expect { try zip.contents(named: "a.txt") } throws: { error in
            if case ZipError.checksumMismatch = error { return true }
            return false
        }
        #expect(try zip.contents(named: "a.txt", verifyChecksum: false) == Array("xbc".utf8))
    }

    @Test func corruptDeflateDataIsATypedError() throws {
        var bytes = archive
        let zip = try ZipArchive(bytes: bytes)
        let entry = zip.entry(named: "top/deflated.txt")!
        let start = entry.localHeaderOffset + 30 + entry.name.utf8.count
        for offset in start..<(start + entry.compressedSize) { bytes[offset] = 0xFF }
        let broken = try ZipArchive(bytes: bytes)
        #expect(throws: ZipError.self) { try broken.contents(of: entry) }
    }

    /// Random byte flips, truncations and splices of a valid archive: every outcome is a
    /// value or a thrown ZipError, never a crash.
    @Test func mutatedArchivesNeverCrash() {
        var generator = SeededGenerator(seed: 99)
        let original = archive
        var failures = 0
        for round in 0..<3000 {
            var bytes = original
            switch round % 3 {
            case 0:
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            case 1:
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator)))
            default:
                let position = Int.random(in: 0..<bytes.count - 4, using: &generator)
                let value = [0xFF, 0x00, 0x7F][Int.random(in: 0...2, using: &generator)]
                for offset in position..<position + 4 { bytes[offset] = UInt8(value) }
            }
            do {
                let zip = try ZipArchive(bytes: bytes)
                for entry in zip.entries { _ = try? zip.contents(of: entry) }
            } catch {
                failures += 1
            }
        }
        #expect(failures > 0)
    }

    private func directorySize(_ bytes: [UInt8]) -> Int {
        let at = bytes.count - 10
        return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
    }
}
