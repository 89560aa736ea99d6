import Foundation
import MetaData
import Testing

/// Bad input on disk gets a typed error that says what was expected and where.
@Suite struct LoadingErrorTests {
    let blank = Fixtures.png(width: 105, height: 105, colorType: 0, bitDepth: 1, samples: [UInt8](repeating: 1, count: 105 * 105))

    private func write(_ files: [String: [UInt8]], into folder: String) {
        for (path, bytes) in files {
            let full = (folder as NSString).appendingPathComponent(path)
            try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: full, contents: Data(bytes))
        }
    }

    @Test func missingPath() {
        #expect(throws: DataError.missingPath("/no/such/omniglot")) { try OmniglotDataset(path: "/no/such/omniglot") }
        #expect(throws: DataError.missingPath("/no/such/all_runs.zip")) { try OneShotRuns(path: "/no/such/all_runs.zip") }
    }

    @Test func emptyFolder() {
        let folder = TestData.scratchFolder("empty")
        #expect(throws: DataError.emptySource(folder)) { try OmniglotDataset(path: folder) }
        #expect(throws: DataError.emptySource(folder)) { try OneShotRuns(path: folder) }
    }

    @Test func smallOmniglotFolderLoads() throws {
        let folder = TestData.scratchFolder("tiny-omniglot")
        write(["Alpha/character01/0001_01.png": blank, "Alpha/character01/0001_02.png": blank,
               "Beta/character01/0002_01.png": blank, "LICENSE": Array("free".utf8)], into: folder)
        let omniglot = try OmniglotDataset(path: folder)
        #expect(omniglot.alphabets == ["Alpha", "Beta"])
        #expect(omniglot.classCount == 2 && omniglot.imageCount == 3)
        #expect(omniglot.image(ofClass: 1, at: 0).inkFraction == 0)
        #expect(throws: DataError.notEnoughImages(className: "Beta/character01", needed: 2, found: 1)) {
            try EpisodeSampler(dataset: omniglot, shape: EpisodeShape(ways: 2, shots: 1, queries: 1))
        }
    }

    @Test func otherLayoutNamesTheOffendingFile() {
        let folder = TestData.scratchFolder("flat")
        write(["Alpha/0001_01.png": blank], into: folder)
        #expect(throws: DataError.unexpectedLayout(source: folder, expected: "alphabet/characterNN/NNNN_DD.png", found: "Alpha/0001_01.png")) {
            try OmniglotDataset(path: folder)
        }
    }

    @Test func corruptPNGNamesTheFileInsideTheZip() throws {
        let zipPath = TestData.scratchFolder("corrupt") + "/set.zip"
        let bytes = Fixtures.zip([("set/Alpha/character01/0001_01.png", blank, 8), ("set/Alpha/character01/0001_02.png", Array(blank.prefix(50)), 0)])
        FileManager.default.createFile(atPath: zipPath, contents: Data(bytes))
        #expect { try OmniglotDataset(path: zipPath) } throws: { error in
            guard case DataError.badPNG(let name, _) = error else { return false }
            return name.contains("set.zip") && name.hasSuffix("Alpha/character01/0001_02.png")
        }
    }

    @Test func notAZip() {
        let path = TestData.scratchFolder("notzip") + "/fake.zip"
        FileManager.default.createFile(atPath: path, contents: Data("hello".utf8))
        #expect(throws: DataError.badArchive(path: path, .noEndRecord(fileSize: 5))) { try OmniglotDataset(path: path) }
    }

    @Test func badAnswerKeyNamesFileAndLine() {
        let folder = TestData.scratchFolder("runs")
        write(["run01/training/class01.png": blank, "run01/training/class02.png": blank,
               "run01/test/item01.png": blank, "run01/test/item02.png": blank,
               "run01/class_labels.txt": Array("run01/test/item01.png run01/training/class02.png\nrun01/test/item02.png\n".utf8)], into: folder)
        #expect { try OneShotRuns(path: folder) } throws: { error in
            guard case DataError.badAnswerKey(let file, let line, _) = error else { return false }
            return file.hasSuffix("run01/class_labels.txt") && line == 2
        }
        write(["run01/class_labels.txt": Array("run01/test/item01.png run01/training/class02.png\nrun01/test/item02.png run01/training/class01.png\n".utf8)], into: folder)
        #expect(throws: Never.self) { try OneShotRuns(path: folder) }
    }
}
