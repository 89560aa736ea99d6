import MetaData

/// The challenge's validation data, held out of the background set, and what it is.
///
/// Lake's runs are 20-way episodes within alphabets never seen in training, so by default
/// validation holds out one whole alphabet — the smallest with at least `ways` characters, so
/// training loses as little as possible — and its episodes are `ways`-way 1-shot within it: the
/// same kind of test as the runs. Holding out a fraction of the characters instead keeps every
/// alphabet in training, but its validation episodes mix alphabets whose others are seen in
/// training: an easier test than the runs.
public struct ChallengeValidation: Sendable, CustomStringConvertible {
    /// What is held out.
    public enum Holdout: Sendable, Equatable {
        /// One whole alphabet, the smallest with at least `ways` characters.
        case alphabet
        /// This fraction of the characters, chosen at random (by the seed) across alphabets.
        case characters(fraction: Double)
    }

    /// The background characters left for training.
    public let training: ClassSubset
    /// The held-out characters.
    public let validation: ClassSubset
    /// Ways of a validation episode (1 shot, 1 query per class).
    public let ways: Int
    /// Whether a validation episode's classes come from one alphabet.
    public let withinAlphabet: Bool
    /// The alphabets the held-out characters belong to, with how many each.
    public let heldOut: [(alphabet: String, characters: Int)]
    /// How the held-out characters were chosen, in words.
    public let rule: String

    /// Holds out validation data from `background` as `holdout` says; episodes are `ways`-way
    /// (fewer when fewer characters are held out).
    public init(_ background: OmniglotDataset, holdout: Holdout = .alphabet, ways: Int = 20, seed: UInt64) throws {
        let groups = background.classGroups
        let held: [Int]
        switch holdout {
        case .alphabet:
            let candidates = groups.indices.filter { groups[$0].count >= ways }
            guard let chosen = candidates.min(by: { (groups[$0].count, $0) < (groups[$1].count, $1) }) else {
                throw DataError.invalidSetting(name: "validation", value: "one whole alphabet",
                                               expected: "an alphabet with at least \(ways) characters in the background set")
            }
            held = groups[chosen]
            rule = "one whole alphabet held out (the smallest with at least \(ways) characters)"
            withinAlphabet = true
        case .characters(let fraction):
            let parts = try background.split(by: .classes, fractions: [1 - fraction, fraction], seed: seed)
            held = parts[1].classes
            rule = String(format: "%.0f%% of the characters held out at random (seed %llu), across alphabets", 100 * fraction, seed)
            withinAlphabet = false
        }
        let kept = Set(held)
        training = ClassSubset(background, classes: (0..<background.classCount).filter { !kept.contains($0) })
        validation = ClassSubset(background, classes: held.sorted())
        self.ways = min(ways, held.count)
        heldOut = background.alphabets.indices.compactMap { alphabet in
            let count = held.filter { background.characters[$0].alphabet == alphabet }.count
            return count > 0 ? (background.alphabets[alphabet], count) : nil
        }
    }

    /// The validation episodes' shape.
    public var shape: EpisodeShape { EpisodeShape(ways: ways, shots: 1, queries: 1) }

    /// One line saying what validation measures.
    public var description: String {
        let alphabets = heldOut.map { "\($0.alphabet) \($0.characters)" }.joined(separator: ", ")
        return "validation: \(ways)-way 1-shot episodes\(withinAlphabet ? " within one alphabet" : " across alphabets") on "
            + "\(validation.classCount) held-out characters of \(heldOut.count) alphabet\(heldOut.count == 1 ? "" : "s") (\(alphabets)); "
            + "\(rule); training keeps \(training.classCount) characters"
    }
}
