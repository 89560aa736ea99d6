import Foundation
import MetaData
import MetaTensor
import Testing

@Suite struct GlyphTests {
    @Test func sameSeedGivesSameBytes() {
        let a = GlyphDataset(seed: 7, split: .train), b = GlyphDataset(seed: 7, split: .train)
        for (c, i) in [(0, 0), (3, 5), (3999, 19)] {
            #expect(a.image(ofClass: c, at: i) == b.image(ofClass: c, at: i))
        }
        let other = GlyphDataset(seed: 8, split: .train)
        #expect(a.image(ofClass: 0, at: 0) != other.image(ofClass: 0, at: 0))
    }

    @Test func splitsAreDisjointRanges() {
        let train = GlyphDataset(seed: 1, split: .train)
        let validation = GlyphDataset(seed: 1, split: .validation)
        let test = GlyphDataset(seed: 1, split: .test)
        #expect(train.classes == 0..<4000)
        #expect(validation.classes == 4000..<4500)
        #expect(test.classes == 4500..<5500)
        #expect(test.design(ofClass: 0) == GlyphDataset(seed: 1, classes: 0..<10_000).design(ofClass: 4500))
    }

    @Test func drawingsAreCharactersOfSensibleSize() {
        let glyphs = GlyphDataset(seed: 3, split: .train)
        for c in 0..<50 {
            let image = glyphs.image(ofClass: c, at: 0)
            #expect(image.width == 28 && image.height == 28)
            #expect(image.pixels.allSatisfy { (0...1).contains($0) })
            #expect((0.04...0.35).contains(image.inkFraction), "class \(c) ink \(image.inkFraction)")
            let box = image.inkBounds(threshold: 0.5)!
            #expect(box.maxX - box.minX >= 8 || box.maxY - box.minY >= 8)
        }
    }

    @Test func drawingsOfAClassAreCloserThanDrawingsOfTwoClasses() {
        let glyphs = GlyphDataset(seed: 5, split: .test)
        var within = 0.0, between = 0.0
        for c in 0..<40 {
            let a = glyphs.image(ofClass: c, at: 0), b = glyphs.image(ofClass: c, at: 1), d = glyphs.image(ofClass: c + 40, at: 1)
            within += squaredDistance(a, b)
            between += squaredDistance(a, d)
        }
        #expect(within < 0.8 * between)
    }

    @Test func episodesHaveTheRightShapesAndLabels() throws {
        let sampler = try EpisodeSampler(dataset: GlyphDataset(seed: 2, split: .train), shape: EpisodeShape(ways: 5, shots: 2, queries: 3))
        var generator = SeededGenerator(seed: 11)
        let episode = sampler.sample(using: &generator)
        #expect(episode.support.shape == [10, 1, 28, 28])
        #expect(episode.query.shape == [15, 1, 28, 28])
        #expect(episode.supportLabels == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4])
        #expect(episode.queryLabels == [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4])
        #expect(Set(episode.classIDs).count == 5)
        var again = SeededGenerator(seed: 11)
        #expect(sampler.sample(using: &again).support.scalars == episode.support.scalars)
    }

    /// Writes sheets of drawings to /tmp for looking at: one row per class.
    @Test func dumpContactSheets() throws {
        let glyphs = GlyphDataset(seed: 1, split: .test)
        for (name, first, zoom) in [("glyph-sheet.png", 0, 1), ("glyph-sheet-zoom.png", 20, 4)] {
            let path = NSTemporaryDirectory() + name
            try contactSheet(glyphs, classes: first..<first + 8, drawings: 8, zoom: zoom).writePNG(to: path)
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }

    /// Pixel nearest-neighbour on 600 5-way 1-shot test episodes: clearly above chance, and
    /// far from what a learner reaches.
    @Test func pixelNearestNeighbourIsAboveChanceAndFarFromPerfect() throws {
        let sampler = try EpisodeSampler(dataset: GlyphDataset(seed: 1, split: .test), shape: EpisodeShape(ways: 5, shots: 1, queries: 15))
        var generator = SeededGenerator(seed: 600)
        let accuracies = sampler.sampleBatch(600, using: &generator).map(PixelNearestNeighbour.accuracy(on:))
        let (mean, ci) = meanAndCI95(accuracies)
        print("glyphs pixel-NN 5-way 1-shot: \(String(format: "%.2f", 100 * mean))% ± \(String(format: "%.2f", 100 * ci))% (600 episodes)")
        #expect((0.38...0.57).contains(mean))
    }
}

func squaredDistance(_ a: GreyImage, _ b: GreyImage) -> Double {
    zip(a.pixels, b.pixels).reduce(0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }
}

/// Drawings of `classes` side by side, one class per row, each pixel shown `zoom` × `zoom`.
func contactSheet(_ data: any ClassDataset, classes: Range<Int>, drawings: Int, zoom: Int) -> GreyImage {
    let side = data.image(ofClass: classes.lowerBound, at: 0).width, cell = side * zoom + 2
    var sheet = GreyImage(width: drawings * cell, height: classes.count * cell)
    for (row, classID) in classes.enumerated() {
        for column in 0..<drawings {
            let image = data.image(ofClass: classID, at: column)
            for y in 0..<side * zoom { for x in 0..<side * zoom {
                sheet[column * cell + x, row * cell + y] = image[x / zoom, y / zoom]
            } }
        }
    }
    return sheet
}
