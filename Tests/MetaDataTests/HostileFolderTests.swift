import Foundation
import Testing
import MetaData

/// Folders as real disks hold them — symbolic-link loops, dangling links, pipes, unreadable
/// files, names that are not UTF-8, empty files, images whose headers lie — and answer keys
/// that name the wrong files: each ends in a typed error naming the file, without hanging.
@Suite struct HostileFolderTests {
    private func folder(_ name: String, _ files: [String: [UInt8]]) -> String {
        let folder = TestData.scratchFolder("hostile-folder-\(name)")
        HostileInput.write(files, into: folder)
        return folder
    }

    @Test func symbolicLinkLoop() throws {
        let root = folder("loop", HostileInput.omniglot)
        try FileManager.default.createSymbolicLink(atPath: root + "/Alpha/character01/again", withDestinationPath: "..")
        HostileInput.expectError(naming: root + "/Alpha/character01/again", saying: ["loop"]) { _ = try OmniglotDataset(path: root) }
        let selfLoop = folder("self-loop", HostileInput.omniglot)
        try FileManager.default.createSymbolicLink(atPath: selfLoop + "/Alpha/me", withDestinationPath: "me")
        HostileInput.expectError(naming: selfLoop + "/Alpha/me", saying: ["symbolic links"]) { _ = try FileTree(path: selfLoop) }
    }

    @Test func linksThatLeadNowhereOrOutside() throws {
        let dangling = folder("dangling", HostileInput.omniglot)
        try FileManager.default.createSymbolicLink(atPath: dangling + "/Alpha/character01/0001_03.png", withDestinationPath: "gone.png")
        HostileInput.expectError(naming: dangling + "/Alpha/character01/0001_03.png", saying: ["missing"]) { _ = try OmniglotDataset(path: dangling) }
        let outside = folder("outside", HostileInput.omniglot)
        try FileManager.default.createSymbolicLink(atPath: outside + "/Gamma", withDestinationPath: "/usr")
        HostileInput.expectError(naming: outside + "/Gamma", saying: ["/usr"]) { _ = try OmniglotDataset(path: outside) }
    }

    /// A named pipe where an image should be must not block the reader.
    @Test func namedPipe() {
        let root = folder("pipe", HostileInput.omniglot)
        #expect(mkfifo(root + "/Alpha/character01/0001_03.png", 0o644) == 0)
        HostileInput.expectError(naming: root + "/Alpha/character01/0001_03.png", saying: ["named pipe"]) { _ = try OmniglotDataset(path: root) }
    }

    /// Without read permission (as any user but root, who reads everything).
    @Test func unreadableFile() throws {
        let root = folder("unreadable", HostileInput.omniglot)
        let file = root + "/Alpha/character01/0001_02.png"
        #expect(chmod(file, 0) == 0)
        defer { chmod(file, 0o644) }
        if getuid() == 0 {
            #expect(throws: Never.self) { try OmniglotDataset(path: root) }
        } else {
            HostileInput.expectError(naming: file, saying: ["permission denied"]) { _ = try OmniglotDataset(path: root) }
        }
    }

    @Test func nameThatIsNotUTF8() {
        let root = folder("not-utf8", HostileInput.omniglot)
        let name = Array((root + "/Alpha/character01/").utf8) + [0xFF, 0xFE, 0x2E, 0x70, 0x6E, 0x67, 0]
        let descriptor = name.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT, 0o644) }
        #expect(descriptor >= 0)
        close(descriptor)
        HostileInput.expectError(naming: root + "/Alpha/character01", saying: ["not valid UTF-8"]) { _ = try OmniglotDataset(path: root) }
    }

    @Test func emptyFiles() {
        var files = HostileInput.omniglot
        files["Alpha/character01/0001_02.png"] = []
        let root = folder("empty-png", files)
        HostileInput.expectError(naming: root + "/Alpha/character01/0001_02.png", saying: ["not a PNG"]) { _ = try OmniglotDataset(path: root) }
        let runs = folder("empty-key", HostileInput.runs(key: ""))
        HostileInput.expectError(naming: runs + "/run01/class_labels.txt", saying: ["no answer for run01/test/item01.png"]) { _ = try OneShotRuns(path: runs) }
    }

    /// PNG headers declaring absurd sizes are refused before the pixels are allocated.
    @Test func absurdImageDimensions() {
        for (name, width, height, words) in [("huge", 100_000, 100_000, ["too large"]), ("lying", 4000, 4000, ["more than", "can hold"])] {
            var files = HostileInput.omniglot
            files["Alpha/character01/0001_02.png"] = pngHeader(width: width, height: height)
            let root = folder("absurd-\(name)", files)
            HostileInput.expectError(naming: root + "/Alpha/character01/0001_02.png", saying: words) { _ = try OmniglotDataset(path: root) }
        }
    }

    @Test func answerKeysNamingMissingOrOutsideFiles() {
        let missing = folder("key-missing", HostileInput.runs(key: "run01/test/item01.png run01/training/class07.png\n"))
        HostileInput.expectError(naming: missing + "/run01/class_labels.txt", saying: ["line 1", "no image run01/training/class07.png"]) {
            _ = try OneShotRuns(path: missing)
        }
        let outside = folder("key-outside", HostileInput.runs(key: "run01/test/item01.png ../../etc/passwd\n"))
        HostileInput.expectError(naming: outside + "/run01/class_labels.txt", saying: ["../../etc/passwd lies outside run01"]) {
            _ = try OneShotRuns(path: outside)
        }
        let twice = folder("key-twice", HostileInput.runs(key: "run01/test/item01.png run01/training/class01.png\nrun01/test/item01.png run01/training/class02.png\n"))
        HostileInput.expectError(naming: twice + "/run01/class_labels.txt", saying: ["line 2", "second answer"]) { _ = try OneShotRuns(path: twice) }
        var garbled = HostileInput.runs()
        garbled["run01/class_labels.txt"] = [0xFF, 0xFE, 0x20, 0x80, 0x0A]
        let binary = folder("key-binary", garbled)
        HostileInput.expectError(naming: binary + "/run01/class_labels.txt", saying: ["line 1"]) { _ = try OneShotRuns(path: binary) }
    }

    /// The same runs load from a folder and from a zip.
    @Test func validRunsLoadInBothLayouts() throws {
        let root = folder("runs-valid", HostileInput.runs())
        let fromFolder = try OneShotRuns(path: root)
        let zipPath = root + ".zip"
        FileManager.default.createFile(atPath: zipPath, contents: Data(Fixtures.zip(HostileInput.runs().sorted { $0.key < $1.key }.map { ($0.key, $0.value, 8) })))
        let fromZip = try OneShotRuns(path: zipPath)
        #expect(fromFolder.runs.map(\.answers) == [[1, 0]] && fromZip.runs.map(\.answers) == [[1, 0]])
    }

    /// A PNG whose header declares `width × height` 8-bit grey pixels, with almost no data.
    private func pngHeader(width: Int, height: Int) -> [UInt8] {
        var bytes = Fixtures.png(width: 1, height: 1, colorType: 0, samples: [0])
        let be = { (value: Int) in (0..<4).map { UInt8(value >> (24 - 8 * $0) & 0xFF) } }
        bytes.replaceSubrange(16..<24, with: be(width) + be(height))
        let crc = Fixtures.checksum(Array(bytes[12..<29]))
        bytes.replaceSubrange(29..<33, with: be(Int(crc)))
        return bytes
    }
}
