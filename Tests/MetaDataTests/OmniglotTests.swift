import Foundation
import MetaData
import MetaTensor
import Testing

@Suite(.enabled(if: TestData.available, Comment(rawValue: TestData.needs)))
struct OmniglotTests {
    @Test func backgroundSmall1Counts() throws {
        let omniglot = try OmniglotDataset(path: TestData.small1)
        #expect(omniglot.alphabets.count == 5)
        #expect(omniglot.classCount == 136)
        #expect(omniglot.imageCount == 2720)
        #expect((0..<omniglot.classCount).allSatisfy { omniglot.imageCount(ofClass: $0) == 20 })
        #expect(omniglot.className(0) == "Balinese/character01")
        #expect(omniglot.classGroups.count == 5 && omniglot.classGroups.joined().count == 136)
    }

    @Test func backgroundSmall2Counts() throws {
        let omniglot = try OmniglotDataset(path: TestData.small2)
        #expect(omniglot.alphabets.count == 5)
        #expect(omniglot.classCount == 156)
        #expect(omniglot.imageCount == 3120)
    }

    /// The 28×28 image of a known drawing against its 105×105 original: ink fraction (kept
    /// exactly by area averaging) and bounding box (the 28-pixels an inked 105-pixel overlaps).
    @Test func downsamplingAKnownImage() throws {
        let omniglot = try OmniglotDataset(path: TestData.small1)
        let bytes = try ZipArchive(contentsOf: TestData.small1).contents(named: "images_background_small1/Balinese/character01/0108_01.png")
        let original = try GreyImage(pngBytes: bytes)
        #expect(original.width == 105 && original.height == 105)
        #expect(original.pixels.allSatisfy { $0 == 0 || $0 == 1 })
        let inkPixels = original.pixels.filter { $0 == 1 }.count
        #expect(inkPixels > 100 && inkPixels < 105 * 105 / 4, "strokes are the minority: ink = black pixels")

        let small = omniglot.image(ofClass: 0, at: 0)
        #expect(small.width == 28 && small.height == 28)
        #expect(abs(small.inkFraction - Float(inkPixels) / Float(105 * 105)) < 1e-5)

        var minX = 105, minY = 105, maxX = -1, maxY = -1
        for y in 0..<105 { for x in 0..<105 where original.pixels[y * 105 + x] == 1 {
            minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
        } }
        let first = { (low: Int) in Int((Double(low) / 3.75).rounded(.down)) }
        let last = { (high: Int) in Int((Double(high + 1) / 3.75).rounded(.up)) - 1 }
        #expect(small.inkBounds(threshold: 0) == PixelBox(minX: first(minX), minY: first(minY), maxX: last(maxX), maxY: last(maxY)))
    }

    @Test func rotationClassesQuadrupleTheClasses() throws {
        let omniglot = try OmniglotDataset(path: TestData.small1)
        let rotated = RotatedClasses(omniglot)
        #expect(rotated.classCount == 4 * 136)
        #expect(rotated.classGroups.count == 20)
        #expect(rotated.image(ofClass: 4 * 7, at: 3) == omniglot.image(ofClass: 7, at: 3))
        #expect(rotated.image(ofClass: 4 * 7 + 1, at: 3) == omniglot.image(ofClass: 7, at: 3).rotated90(1))
        #expect(rotated.className(4 * 7 + 2).hasSuffix("↻180°"))
    }

    @Test func splitsByAlphabetAndByCharacter() throws {
        let omniglot = try OmniglotDataset(path: TestData.small2)
        let byAlphabet = try omniglot.split(by: .group, fractions: [0.6, 0.2, 0.2], seed: 4)
        #expect(byAlphabet.map { $0.classGroups.count } == [3, 1, 1])
        #expect(byAlphabet.map(\.classCount).reduce(0, +) == 156)
        let alphabetsOf = { (part: ClassSubset) in Set(part.classes.map { omniglot.characters[$0].alphabet }) }
        #expect(alphabetsOf(byAlphabet[0]).isDisjoint(with: alphabetsOf(byAlphabet[1])))
        let again = try omniglot.split(by: .group, fractions: [0.6, 0.2, 0.2], seed: 4)
        #expect(again.map(\.classes) == byAlphabet.map(\.classes))

        let byCharacter = try omniglot.split(by: .classes, fractions: [0.5, 0.5], seed: 1)
        #expect(byCharacter.map(\.classCount) == [78, 78])
        #expect(Set(byCharacter[0].classes).isDisjoint(with: byCharacter[1].classes))
        #expect(throws: DataError.self) { try omniglot.split(by: .group, fractions: [0.9, 0.05], seed: 1) }
    }

    @Test func withinAlphabetEpisodes() throws {
        let omniglot = try OmniglotDataset(path: TestData.small1)
        let sampler = try EpisodeSampler(dataset: omniglot, shape: EpisodeShape(ways: 20, shots: 1, queries: 1), classSampling: .withinGroup)
        var generator = SeededGenerator(seed: 3)
        for episode in sampler.sampleBatch(20, using: &generator) {
            #expect(Set(episode.classIDs.map { omniglot.characters[$0].alphabet }).count == 1)
            #expect(episode.support.shape == [20, 1, 28, 28])
        }
        #expect(throws: DataError.self) {
            try EpisodeSampler(dataset: omniglot, shape: EpisodeShape(ways: 60, shots: 1, queries: 1), classSampling: .withinGroup)
        }
    }

    @Test func folderAndZipLoadAlike() throws {
        let folder = TestData.scratchFolder("omniglot-folder")
        let zip = try ZipArchive(contentsOf: TestData.small1)
        for entry in zip.entries where entry.name.hasPrefix("images_background_small1/Latin/") || entry.name.hasPrefix("images_background_small1/Greek/") {
            let path = (folder as NSString).appendingPathComponent(entry.name)
            if entry.isDirectory {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } else {
                FileManager.default.createFile(atPath: path, contents: Data(try zip.contents(of: entry)))
            }
        }
        let fromFolder = try OmniglotDataset(path: folder + "/images_background_small1")
        let fromParent = try OmniglotDataset(path: folder)
        let fromZip = try OmniglotDataset(path: TestData.small1)
        #expect(fromFolder.alphabets == ["Greek", "Latin"] && fromParent.alphabets == fromFolder.alphabets)
        let greek = fromZip.alphabets.firstIndex(of: "Greek")!
        let zipClass = fromZip.characters.firstIndex { $0.alphabet == greek && $0.name == "character05" }!
        let folderClass = fromFolder.characters.firstIndex { $0.alphabet == 0 && $0.name == "character05" }!
        #expect(fromZip.image(ofClass: zipClass, at: 9) == fromFolder.image(ofClass: folderClass, at: 9))
    }

    @Test func anotherLayoutIsATypedError() throws {
        #expect { try OmniglotDataset(path: TestData.runs) } throws: { error in
            guard case DataError.unexpectedLayout(let source, _, let found) = error else { return false }
            return source == TestData.runs && found.hasPrefix("run01/")
        }
        #expect { try OneShotRuns(path: TestData.small1) } throws: { error in
            if case DataError.unexpectedLayout = error { return true }
            return false
        }
    }

    /// Loading both small background sets and all 20 runs (decoding 6,640 PNGs) must take
    /// under 5 s in a release build.
    @Test func loadingIsFast() throws {
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            _ = try OmniglotDataset(path: TestData.small1)
            _ = try OmniglotDataset(path: TestData.small2)
            _ = try OneShotRuns(path: TestData.runs)
        }
        print("loaded images_background_small1 + small2 + all_runs in \(elapsed)")
        #expect(elapsed < .seconds(5))
    }
}
