import MetaTensor
import MetaData
import MetaLearn
import Synchronization

/// Image classes split into meta-training, validation and test classes.
struct ImageData: Sendable {
    /// `glyphs`, or `omniglot (images_background_small1.zip)`.
    let name: String
    let train: any ClassDataset
    let validation: any ClassDataset
    let test: any ClassDataset

    /// The dataset of one split.
    func split(_ split: DataSplit) -> any ClassDataset {
        switch split {
        case .train: return train
        case .validation: return validation
        case .test: return test
        }
    }

    /// The built-in glyphs (dataset seed 0, whatever the session's seed: the same characters every time).
    static let glyphs = ImageData(name: "glyphs", train: GlyphDataset(seed: 0, split: .train),
                                  validation: GlyphDataset(seed: 0, split: .validation), test: GlyphDataset(seed: 0, split: .test))

    /// Omniglot from a folder or zip, alphabets split 60/20/20 (by a fixed seed).
    static func omniglot(path: String, rotations: Bool) throws -> ImageData {
        let loaded = try OmniglotDataset(path: path)
        let base: any ClassDataset = rotations ? RotatedClasses(loaded) : loaded
        let parts = try base.split(by: .group, fractions: [0.6, 0.2, 0.2], seed: 0)
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return ImageData(name: "omniglot (\(file)\(rotations ? ", rotations" : ""))",
                         train: parts[0], validation: parts[1], test: parts[2])
    }
}

extension ImageData {
    /// MNIST's digits split by class: `training` digits to meta-train on, the other digits to
    /// test on, and no validation classes (any would be training or test digits).
    static func digits(_ digits: MNISTDataset, name: String, training: [Int]) throws(SessionError) -> ImageData {
        let train = Array(Set(training)).sorted(), test = (0..<10).filter { !train.contains($0) }
        guard !train.isEmpty, !test.isEmpty else {
            throw .wrongData("train-digits= must leave some of the ten digits for testing and name at least one for training")
        }
        func list(_ digits: [Int]) -> String { digits.map(String.init).joined(separator: ",") }
        return ImageData(name: "MNIST digits (\(name): \(list(train)) for training, \(list(test)) for testing)",
                         train: ClassSubset(digits, classes: train), validation: ClassSubset(digits, classes: []),
                         test: ClassSubset(digits, classes: test))
    }
}

/// Where tasks come from: `data glyphs|sines|omniglot PATH|runs PATH|mnist PATH`.
enum DataChoice: Sendable {
    case images(ImageData)
    case sines
    /// Lake's one-shot runs: test episodes only.
    case runs(name: String, OneShotRuns)
    /// MNIST's digits, a domain the learners never trained on: test episodes only.
    case digits(name: String, MNISTDataset)
    /// MAML's 2-D navigation tasks, for meta-reinforcement learning (`train maml-rl`).
    case navigation

    var kind: TaskKind {
        if case .sines = self { return .regression }
        return .classification
    }

    /// A short name for messages and results.
    var name: String {
        switch self {
        case let .images(data): return data.name
        case .sines: return "sines"
        case .navigation: return "navigation"
        case let .runs(name, _): return "one-shot runs (\(name))"
        case let .digits(name, _): return "MNIST digits (\(name))"
        }
    }

    /// The tasks of `shape` this data draws: `glyphs 5-way 1-shot, 15 queries` or `sines 10-shot`.
    func describe(_ shape: EpisodeShape) -> String {
        kind == .regression ? "\(name) \(shape.shots)-shot" : "\(name) \(shape.ways)-way \(shape.shots)-shot, \(shape.queries) queries"
    }

    /// Tasks of `shape` from one split; throws when the data cannot supply them.
    func stream(_ split: DataSplit, shape: EpisodeShape) throws -> TaskStream {
        switch self {
        case let .images(data):
            let classes = data.split(split)
            guard classes.classCount > 0 else {
                throw SessionError.wrongData("\(data.name) has no \(split) classes\(split == .validation ? ": train without validate=" : "")")
            }
            return .classification(try EpisodeSampler(dataset: classes, shape: shape).taskSampler)
        case .sines:
            let (shots, queries) = (shape.shots, shape.queries)
            return .regression { generator in RegressionTask(SineTasks().sample(shots: shots, queries: queries, using: &generator)) }
        case let .runs(_, runs):
            guard split == .test else {
                throw SessionError.wrongData("the one-shot runs are test episodes only: train on glyphs or omniglot, then 'data runs PATH' and 'eval'")
            }
            let episodes = runs.runs.map { ClassificationTask($0.episode()) }
            let next = RoundRobin(count: episodes.count)
            return .classification { _ in episodes[next.take()] }
        case let .digits(_, digits):
            guard split == .test else {
                throw SessionError.wrongData("the MNIST digits are a test domain here: train on glyphs or omniglot, then 'data mnist PATH' and 'eval'")
            }
            return .classification(try EpisodeSampler(dataset: digits, shape: shape).taskSampler)
        case .navigation:
            // The navigation learners draw their own goals (`Algorithm.ownTasks`) and never ask;
            // anything else asking for an episode is told what the data is for.
            return .classification { _ in throw DataChoice.navigationOnly }
        }
    }

    /// Why the navigation tasks give no episodes.
    static let navigationOnly = SessionError.wrongData(
        "the navigation tasks are for meta-reinforcement learning ('train maml-rl', 'train pretrain-rl'): choose 'data glyphs' or 'data sines' for this")

    /// The episode shape the data imposes, if any (the runs are 20-way 1-shot).
    var fixedShape: EpisodeShape? {
        guard case let .runs(_, runs) = self, let first = runs.runs.first else { return nil }
        let episode = first.episode()
        return EpisodeShape(ways: episode.ways, shots: episode.shots, queries: episode.queries)
    }
}

/// Hands out 0, 1, …, count − 1, 0, 1, … to whichever thread asks.
final class RoundRobin: Sendable {
    private let next = Atomic<Int>(0)
    private let count: Int

    init(count: Int) { self.count = max(count, 1) }

    func take() -> Int { next.add(1, ordering: .relaxed).oldValue % count }
}
