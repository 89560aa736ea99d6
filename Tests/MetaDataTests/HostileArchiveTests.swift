import Foundation
import Testing
@testable import MetaData

/// Zip archives that lie: each must end in a typed error naming the archive, before any
/// allocation sized by the lie (`FileLimits.maxFileBytes` is the most one entry may take).
@Suite struct HostileArchiveTests {
    private let png = HostileInput.png

    /// Writes `bytes` as `name` in a fresh folder; returns the path.
    private func archive(_ bytes: [UInt8], _ name: String) -> String {
        let path = (TestData.scratchFolder("hostile-zip-\(name)") as NSString).appendingPathComponent(name + ".zip")
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// A second, valid alphabet, so that the first entry's folder is not taken as a wrapper.
    private var valid: Fixtures.RawEntry { entry("Beta/character01/0001_01.png", png) }

    private func entry(_ name: String, _ data: [UInt8], method: Int = 0) -> Fixtures.RawEntry {
        Fixtures.RawEntry(name: name, payload: data, method: method, crc: Fixtures.checksum(data), size: data.count)
    }

    @Test func repeatedNames() {
        let path = archive(Fixtures.zip(raw: [entry("A/character01/1.png", png), entry("A/character01/1.png", png)]), "repeated")
        HostileInput.expectError(naming: path, saying: ["two entries are named A/character01/1.png"]) { _ = try OmniglotDataset(path: path) }
        HostileInput.expectError(naming: path) { _ = try OneShotRuns(path: path) }
    }

    @Test func lyingSizes() {
        var stored = entry("A/character01/1.png", png)
        stored.size = 1000
        let path = archive(Fixtures.zip(raw: [stored, valid]), "lying-size")
        HostileInput.expectError(naming: path, saying: ["bytes, expected 1000"]) { _ = try OmniglotDataset(path: path) }
        // A compressed size past the end of the file.
        var bytes = Fixtures.zip(raw: [entry("A/character01/1.png", png), valid])
        bytes.replaceSubrange(18..<22, with: [0xFF, 0xFF, 0, 0])
        bytes.replaceSubrange(centralRecord(bytes) + 20..<centralRecord(bytes) + 24, with: [0xFF, 0xFF, 0, 0])
        let past = archive(bytes, "lying-compressed-size")
        HostileInput.expectError(naming: past, saying: ["runs past the end"]) { _ = try OmniglotDataset(path: past) }
    }

    @Test func lyingOffsets() {
        var bytes = Fixtures.zip(raw: [entry("A/character01/1.png", png)])
        let central = centralRecord(bytes)
        bytes.replaceSubrange(central + 42..<central + 46, with: [0x00, 0x00, 0x01, 0x00])  // local header at 65,536
        let path = archive(bytes, "lying-offset")
        HostileInput.expectError(naming: path, saying: ["local header"]) { _ = try OmniglotDataset(path: path) }
        // The end record puts the central directory past the end of the file.
        var end = Fixtures.zip(raw: [entry("A/character01/1.png", png)])
        end.replaceSubrange(end.count - 6..<end.count - 2, with: [0xF0, 0xFF, 0xFF, 0x0F])
        let far = archive(end, "lying-directory")
        HostileInput.expectError(naming: far, saying: ["central directory"]) { _ = try OmniglotDataset(path: far) }
    }

    /// Two entries whose data is the same bytes: the "overlapping files" bomb.
    @Test func overlappingEntries() {
        var bytes = Fixtures.zip(raw: [entry("A/character01/1.png", png), entry("A/character01/2.png", png)])
        let second = centralRecord(bytes, number: 1)
        bytes.replaceSubrange(second + 42..<second + 46, with: [0, 0, 0, 0])  // points at the first entry's header
        let path = archive(bytes, "overlapping")
        HostileInput.expectError(naming: path, saying: ["overlaps"]) { _ = try OmniglotDataset(path: path) }
    }

    @Test func truncatedDeflate() {
        let data = (0..<4000).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / 13) }
        var cut = Fixtures.zip([(name: "A/character01/1.png", data: data, method: 8)])
        let compressed = Int(cut[18]) | Int(cut[19]) << 8
        let payload = Array(cut[30 + 19..<30 + 19 + compressed / 2])
        var truncated = entry("A/character01/1.png", data, method: 8)
        truncated.payload = payload
        cut = Fixtures.zip(raw: [truncated, valid])
        let path = archive(cut, "truncated")
        HostileInput.expectError(naming: path, saying: ["truncated"]) { _ = try OmniglotDataset(path: path) }
    }

    /// A small entry declaring gigabytes is refused from its header alone.
    @Test func declaredBomb() throws {
        var bomb = entry("A/character01/1.png", Fixtures.compressedZeros(count: 1 << 20, gzip: false), method: 8)
        bomb.size = 3 << 30
        let path = archive(Fixtures.zip(raw: [bomb, valid]), "declared-bomb")
        HostileInput.expectError(naming: path, saying: ["claims 3221225472 bytes"]) { _ = try OmniglotDataset(path: path) }
        // A size deflate could reach, but over the memory budget for one file.
        var large = entry("A/character01/1.png", Fixtures.compressedZeros(count: 300 << 20, gzip: false), method: 8)
        large.size = 300 << 20
        let budget = archive(Fixtures.zip(raw: [large, valid]), "over-budget")
        HostileInput.expectError(naming: budget, saying: ["300 MB", "memory budget"]) { _ = try OmniglotDataset(path: budget) }
    }

    /// An entry declaring 1,000 bytes that inflates without end stops one byte past the claim.
    @Test func undeclaredBomb() {
        var bomb = entry("A/character01/1.png", Fixtures.compressedZeros(count: 300 << 20, gzip: false), method: 8)
        bomb.size = 1000
        bomb.crc = 0
        let path = archive(Fixtures.zip(raw: [bomb, valid]), "undeclared-bomb")
        HostileInput.expectError(naming: path, saying: ["expected 1000"]) { _ = try OmniglotDataset(path: path) }
    }

    @Test func emptyAndTruncatedArchives() {
        let empty = archive([], "empty")
        HostileInput.expectError(naming: empty, saying: ["no end-of-central-directory record"]) { _ = try OmniglotDataset(path: empty) }
        let whole = Fixtures.zip(raw: [entry("A/character01/1.png", png)])
        let cut = archive(Array(whole[..<(whole.count - 10)]), "cut")
        HostileInput.expectError(naming: cut) { _ = try OneShotRuns(path: cut) }
    }

    /// Where central-directory record `number` starts.
    private func centralRecord(_ bytes: [UInt8], number: Int = 0) -> Int {
        let starts = (0..<bytes.count - 4).filter { bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 1 && bytes[$0 + 3] == 2 }
        return starts[number]
    }
}
