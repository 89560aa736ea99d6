import MetaTensor

/// What a dataset split keeps together.
public enum SplitUnit: Sendable {
    /// Whole groups (Omniglot alphabets): no script is shared between parts.
    case group
    /// Single classes (characters), regardless of group.
    case classes
}

extension ClassDataset {
    /// Splits the classes into disjoint parts (e.g. train / validation / test) with the given
    /// fractions of the groups or classes, shuffled deterministically by `seed`.
    ///
    /// Fractions must be positive and sum to at most 1; each part must receive at least one
    /// group or class.
    public func split(by unit: SplitUnit, fractions: [Double], seed: UInt64) throws -> [ClassSubset] {
        let total = fractions.reduce(0, +)
        guard !fractions.isEmpty, fractions.allSatisfy({ $0 > 0 }), total <= 1 + 1e-9 else {
            throw DataError.invalidSetting(name: "fractions", value: "\(fractions)", expected: "positive fractions summing to at most 1")
        }
        var units: [[Int]] = unit == .group ? classGroups : (0..<classCount).map { [$0] }
        var generator = SeededGenerator(seed: seed)
        units.shuffle(using: &generator)
        var parts: [ClassSubset] = []
        var start = 0, cumulative = 0.0
        for fraction in fractions {
            cumulative += fraction
            let end = min(units.count, Int((cumulative * Double(units.count)).rounded()))
            guard end > start else {
                throw DataError.invalidSetting(name: "fractions", value: "\(fractions)",
                                               expected: "each part to get at least one of the \(units.count) \(unit == .group ? "groups" : "classes")")
            }
            parts.append(ClassSubset(self, classes: units[start..<end].flatMap { $0 }.sorted()))
            start = end
        }
        return parts
    }
}
