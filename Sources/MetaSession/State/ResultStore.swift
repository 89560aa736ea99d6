import MetaData
import MetaLesson

/// A named result: what was trained (or checked) and the values read back by dotted paths.
struct SessionResult: Sendable {
    let name: String
    /// The algorithm, for trained results.
    var algorithm: Algorithm?
    /// The learner, for trained and loaded results.
    var learner: (any SessionLearner)?
    /// How the learner was built.
    var setup: LearnerSetup?
    /// The episodes it was trained on.
    var shape: EpisodeShape?
    /// The values (`test.accuracy`, `train.loss.last`, …).
    var values = ResultGroup()
    /// Whether its training diverged.
    var diverged = false
    /// How its training went, for trained results.
    var training: TrainingSummary? = nil
    /// Its last test on fresh episodes.
    var test: TestSummary? = nil

    /// The same result under another name (`eval … as=`, `sweep`'s choice).
    func renamed(_ name: String) -> SessionResult {
        SessionResult(name: name, algorithm: algorithm, learner: learner, setup: setup, shape: shape, values: values,
                      diverged: diverged, training: training, test: test)
    }
}

/// The session's results, in the order they were made.
struct ResultStore: Sendable {
    private(set) var names: [String] = []
    private var results: [String: SessionResult] = [:]

    /// Adds or replaces a result.
    mutating func put(_ result: SessionResult) {
        if results[result.name] == nil { names.append(result.name) }
        results[result.name] = result
    }

    /// The result called `name`.
    func get(_ name: String) throws(SessionError) -> SessionResult {
        guard let result = results[name] else {
            throw .unknownResult(name, suggestion: Suggestions.best(name, among: names))
        }
        return result
    }

    /// The value at a dotted path (`maml.test.accuracy`); the result itself for a bare name.
    func value(at path: String) throws(SessionError) -> ResultValue {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let result = try get(parts[0])
        var current = ResultValue.group(result.values)
        var walked = parts[0]
        for part in parts.dropFirst() {
            guard case let .group(group) = current, let next = group[part] else {
                let keys: [String]
                if case let .group(group) = current { keys = group.keys } else { keys = [] }
                throw .unknownPath(path, available: keys.map { walked + "." + $0 },
                                   suggestion: Suggestions.best(part, among: keys).map { walked + "." + $0 })
            }
            current = next
            walked += "." + part
        }
        return current
    }

    /// The number at a dotted path.
    func number(at path: String) throws(SessionError) -> Double {
        guard case let .number(value) = try value(at: path) else { throw .notANumber(path) }
        return value
    }

    /// Result names and dotted paths starting with `prefix`, for completion.
    func completions(_ prefix: String) -> [String] {
        guard prefix.contains(".") else { return names.filter { $0.hasPrefix(prefix) } }
        let all = names.flatMap { name in results[name]!.values.leafPaths.map { name + "." + $0 } }
        return all.filter { $0.hasPrefix(prefix) }
    }

    /// Whether `name` can name a result (letters, digits, `-`, `_`; no dots).
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.first!.isLetter && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    }
}
