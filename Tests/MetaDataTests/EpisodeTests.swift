import MetaData
import MetaTensor
import Testing

/// A dataset whose every pixel says which class and image it is: value = class + index / 100.
struct LabelledPixels: ClassDataset {
    var counts: [Int]
    var groups: [[Int]]? = nil
    var side = 4
    var classCount: Int { counts.count }
    func imageCount(ofClass classID: Int) -> Int { counts[classID] }
    func image(ofClass classID: Int, at index: Int) -> GreyImage {
        GreyImage(width: side, height: side, repeating: Float(classID) + Float(index) / 100)
    }
    func className(_ classID: Int) -> String { "class\(classID)" }
    var classGroups: [[Int]] { groups ?? [Array(0..<classCount)] }
}

@Suite struct EpisodeTests {
    @Test func episodesAreClassMajorWithDistinctImages() throws {
        let data = LabelledPixels(counts: Array(repeating: 10, count: 12))
        let sampler = try EpisodeSampler(dataset: data, shape: EpisodeShape(ways: 4, shots: 3, queries: 2))
        var generator = SeededGenerator(seed: 1)
        for episode in sampler.sampleBatch(50, using: &generator) {
            #expect(episode.support.shape == [12, 1, 4, 4] && episode.query.shape == [8, 1, 4, 4])
            #expect(Set(episode.classIDs).count == 4)
            let firstPixels = { (tensor: Tensor, n: Int) in (0..<n).map { tensor.scalars[$0 * 16] } }
            let support = firstPixels(episode.support, 12), query = firstPixels(episode.query, 8)
            for (value, label) in zip(support, episode.supportLabels) { #expect(Int(value) == episode.classIDs[label]) }
            for (value, label) in zip(query, episode.queryLabels) { #expect(Int(value) == episode.classIDs[label]) }
            #expect(Set(support + query).count == 20, "no image is used twice")
        }
    }

    @Test func samplingIsDeterministicAndCoversClasses() throws {
        let data = LabelledPixels(counts: Array(repeating: 5, count: 30))
        let sampler = try EpisodeSampler(dataset: data, shape: EpisodeShape(ways: 5, shots: 1, queries: 1))
        var a = SeededGenerator(seed: 5), b = SeededGenerator(seed: 5)
        let first = sampler.sampleBatch(100, using: &a), second = sampler.sampleBatch(100, using: &b)
        #expect(first.map(\.classIDs) == second.map(\.classIDs))
        #expect(Set(first.flatMap(\.classIDs)).count == 30)
    }

    @Test func withinGroupSamplingStaysInOneGroup() throws {
        let data = LabelledPixels(counts: Array(repeating: 4, count: 9), groups: [[0, 1, 2], [3, 4, 5, 6], [7, 8]])
        let sampler = try EpisodeSampler(dataset: data, shape: EpisodeShape(ways: 3, shots: 1, queries: 1), classSampling: .withinGroup)
        var generator = SeededGenerator(seed: 2)
        for episode in sampler.sampleBatch(40, using: &generator) {
            let ids = Set(episode.classIDs)
            #expect(ids.isSubset(of: [0, 1, 2]) || ids.isSubset(of: [3, 4, 5, 6]))
        }
    }

    @Test func classAugmentationIsSharedAndImageAugmentationIsNot() throws {
        let data = GlyphDataset(seed: 3, split: .train)
        let turns = try EpisodeSampler(dataset: data, shape: EpisodeShape(ways: 3, shots: 4, queries: 0), classAugmentation: RandomQuarterTurn())
        var generator = SeededGenerator(seed: 8)
        let episode = turns.sample(using: &generator)
        // Re-derive: each support image equals some quarter turn of an original drawing, and
        // all images of a class share the turn.
        for label in 0..<3 {
            var turnsSeen = Set<Int>()
            for shot in 0..<4 {
                let pixels = Array(episode.support.scalars[((label * 4 + shot) * 784)..<((label * 4 + shot + 1) * 784)])
                let image = GreyImage(width: 28, height: 28, pixels: pixels)
                let matches = (0..<20).flatMap { index in
                    (0..<4).filter { data.image(ofClass: episode.classIDs[label], at: index).rotated90($0) == image }
                }
                #expect(!matches.isEmpty)
                turnsSeen.formUnion(matches)
            }
            #expect(turnsSeen.count == 1)
        }
        let chain = RandomAffine().then(RandomQuarterTurn())
        var g = SeededGenerator(seed: 4)
        let image = data.image(ofClass: 0, at: 0)
        #expect(chain.apply(image, using: &g) != chain.apply(image, using: &g))
    }

    @Test func tooFewImagesIsATypedErrorNamingTheClass() {
        let data = LabelledPixels(counts: [20, 20, 3, 20, 20])
        #expect(throws: DataError.notEnoughImages(className: "class2", needed: 6, found: 3)) {
            try EpisodeSampler(dataset: data, shape: EpisodeShape(ways: 2, shots: 1, queries: 5))
        }
        let message = "\(DataError.notEnoughImages(className: "class2", needed: 6, found: 3))"
        #expect(message.contains("class2") && message.contains("3") && message.contains("6"))
    }

    @Test func moreWaysThanClassesIsATypedError() {
        let data = LabelledPixels(counts: [5, 5, 5])
        #expect(throws: DataError.notEnoughClasses(needed: 5, found: 3, context: "the dataset")) {
            try EpisodeSampler(dataset: data, shape: EpisodeShape(ways: 5, shots: 1, queries: 1))
        }
        let grouped = LabelledPixels(counts: [5, 5, 5, 5], groups: [[0, 1], [2, 3]])
        #expect(throws: DataError.self) {
            try EpisodeSampler(dataset: grouped, shape: EpisodeShape(ways: 3, shots: 1, queries: 1), classSampling: .withinGroup)
        }
        #expect(throws: DataError.invalidSetting(name: "shots", value: "0", expected: "at least 1")) {
            try EpisodeSampler(dataset: data, shape: EpisodeShape(ways: 2, shots: 0, queries: 1))
        }
    }

    @Test func pixelNearestNeighbourOnATrivialEpisode() throws {
        let data = LabelledPixels(counts: Array(repeating: 3, count: 6))
        let sampler = try EpisodeSampler(dataset: data, shape: EpisodeShape(ways: 6, shots: 1, queries: 2))
        var generator = SeededGenerator(seed: 0)
        let episode = sampler.sample(using: &generator)
        #expect(PixelNearestNeighbour.predictions(for: episode) == episode.queryLabels)
        #expect(PixelNearestNeighbour.accuracy(on: episode) == 1)
    }
}
