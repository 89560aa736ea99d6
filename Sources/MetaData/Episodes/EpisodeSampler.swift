import MetaTensor

/// Draws N-way K-shot episodes from any class dataset with a seeded generator passed in: the
/// same generator state gives the same episode.
///
/// For each episode it picks `ways` distinct classes (from one group when `classSampling` is
/// `.withinGroup`), then `shots + queries` distinct images of each, shuffled, the first
/// `shots` for support. A class augmentation is drawn once per class and applied alike to all
/// its images; an image augmentation is drawn per image.
public struct EpisodeSampler: Sendable {
    /// Where the classes come from.
    public let dataset: any ClassDataset
    /// Ways, shots and queries.
    public let shape: EpisodeShape
    /// Whether an episode's classes come from one group.
    public let classSampling: ClassSampling
    /// Applied alike to every image of a class (e.g. `RandomQuarterTurn` for rotation classes).
    public let classAugmentation: (any Augmentation)?
    /// Applied to each image separately (e.g. `RandomAffine`).
    public let imageAugmentation: (any Augmentation)?
    private let groups: [[Int]]

    /// Checks that `dataset` can supply episodes of `shape`: enough classes (in some group,
    /// when sampling within groups) and at least `shots + queries` images in every class.
    public init(dataset: any ClassDataset, shape: EpisodeShape, classSampling: ClassSampling = .anyClasses,
                classAugmentation: (any Augmentation)? = nil, imageAugmentation: (any Augmentation)? = nil) throws {
        guard shape.ways >= 1 else { throw DataError.invalidSetting(name: "ways", value: "\(shape.ways)", expected: "at least 1") }
        guard shape.shots >= 1 else { throw DataError.invalidSetting(name: "shots", value: "\(shape.shots)", expected: "at least 1") }
        guard shape.queries >= 0 else { throw DataError.invalidSetting(name: "queries", value: "\(shape.queries)", expected: "at least 0") }
        guard dataset.classCount >= shape.ways else {
            throw DataError.notEnoughClasses(needed: shape.ways, found: dataset.classCount, context: "the dataset")
        }
        for id in 0..<dataset.classCount where dataset.imageCount(ofClass: id) < shape.imagesPerClass {
            throw DataError.notEnoughImages(className: dataset.className(id), needed: shape.imagesPerClass, found: dataset.imageCount(ofClass: id))
        }
        switch classSampling {
        case .anyClasses:
            groups = []
        case .withinGroup:
            let all = dataset.classGroups
            groups = all.filter { $0.count >= shape.ways }
            guard !groups.isEmpty else {
                let largest = all.max { $0.count < $1.count } ?? []
                let name = largest.first.map { "the largest group (with \(dataset.className($0)))" } ?? "every group"
                throw DataError.notEnoughClasses(needed: shape.ways, found: largest.count, context: name)
            }
        }
        self.dataset = dataset
        self.shape = shape
        self.classSampling = classSampling
        self.classAugmentation = classAugmentation
        self.imageAugmentation = imageAugmentation
    }

    /// Draws one episode.
    public func sample(using generator: inout SeededGenerator) -> Episode {
        let classIDs: [Int]
        if groups.isEmpty {
            classIDs = distinctIndices(shape.ways, from: dataset.classCount, using: &generator)
        } else {
            let group = groups[Int.random(in: 0..<groups.count, using: &generator)]
            classIDs = distinctIndices(shape.ways, from: group.count, using: &generator).map { group[$0] }
        }
        var support: [GreyImage] = [], query: [GreyImage] = []
        for id in classIDs {
            let classGenerator = generator.split()
            let picks = distinctIndices(shape.imagesPerClass, from: dataset.imageCount(ofClass: id), using: &generator)
            for (position, index) in picks.enumerated() {
                var image = dataset.image(ofClass: id, at: index)
                if let augmentation = classAugmentation {
                    var sameForClass = classGenerator
                    image = augmentation.apply(image, using: &sameForClass)
                }
                if let augmentation = imageAugmentation { image = augmentation.apply(image, using: &generator) }
                if position < shape.shots { support.append(image) } else { query.append(image) }
            }
        }
        return Episode(support: support, query: query, ways: shape.ways, shots: shape.shots, queries: shape.queries, classIDs: classIDs)
    }

    /// Draws a meta-batch of `count` episodes, each from its own generator split off
    /// `generator`, so episode `i` does not depend on how the others are drawn.
    public func sampleBatch(_ count: Int, using generator: inout SeededGenerator) -> [Episode] {
        (0..<count).map { _ in
            var taskGenerator = generator.split()
            return sample(using: &taskGenerator)
        }
    }
}

/// `count` distinct integers from `0..<range` in random order (Floyd's algorithm, then a
/// shuffle): cheap even when `range` is huge.
func distinctIndices(_ count: Int, from range: Int, using generator: inout SeededGenerator) -> [Int] {
    precondition(count <= range, "\(count) distinct values from 0..<\(range)")
    var chosen = Set<Int>(minimumCapacity: count)
    var order: [Int] = []
    order.reserveCapacity(count)
    for upper in (range - count)..<range {
        let pick = Int.random(in: 0...upper, using: &generator)
        let value = chosen.contains(pick) ? upper : pick
        chosen.insert(value)
        order.append(value)
    }
    order.shuffle(using: &generator)
    return order
}
