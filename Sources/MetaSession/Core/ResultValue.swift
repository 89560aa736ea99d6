import Foundation

/// A value kept in a result: a number, a text, or a group of named values, read back by
/// dotted paths (`maml.test.accuracy`).
indirect enum ResultValue: Equatable, Sendable {
    case number(Double)
    case text(String)
    case group(ResultGroup)

    /// The value as printed: numbers with up to 4 significant decimals, groups as trees.
    func rendered(indent: String = "") -> [String] {
        switch self {
        case let .number(value): return [Self.format(value)]
        case let .text(text): return [text]
        case let .group(group):
            return group.keys.flatMap { key -> [String] in
                switch group[key]! {
                case .group: return [indent + key + ":"] + group[key]!.rendered(indent: indent + "  ")
                case let leaf: return [indent + key + ": " + leaf.rendered()[0]]
                }
            }
        }
    }

    /// A number as people read it: whole numbers without decimals, others to 4 significant
    /// digits (6 below 0.001), `nan` and `inf` spelled out.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded(), abs(value) < 1e12 { return String(Int(value)) }
        let magnitude = abs(value)
        if magnitude >= 1e5 || magnitude < 1e-4 { return String(format: "%.3e", value) }
        let decimals = max(0, 3 - Int(floor(log10(magnitude))))
        var text = String(format: "%.\(decimals)f", value)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

/// Named values in insertion order.
struct ResultGroup: Equatable, Sendable {
    /// The names, in the order they were first set.
    private(set) var keys: [String] = []
    private var values: [String: ResultValue] = [:]

    /// The value named `key`.
    subscript(key: String) -> ResultValue? { values[key] }

    /// Sets the value at `path` (creating groups on the way; a leaf in the way is replaced).
    mutating func set(_ path: [String], _ value: ResultValue) {
        guard let key = path.first else { return }
        if values[key] == nil { keys.append(key) }
        if path.count == 1 { values[key] = value; return }
        var inner: ResultGroup
        if case let .group(existing)? = values[key] { inner = existing } else { inner = ResultGroup() }
        inner.set(Array(path.dropFirst()), value)
        values[key] = .group(inner)
    }

    /// Sets a number at a dotted path (`"test.accuracy"`).
    mutating func set(_ dotted: String, _ number: Double) {
        set(dotted.split(separator: ".").map(String.init), .number(number))
    }

    /// Sets a text at a dotted path.
    mutating func set(_ dotted: String, text: String) {
        set(dotted.split(separator: ".").map(String.init), .text(text))
    }

    /// The number at a dotted path, if there is one.
    func number(_ dotted: String) -> Double? {
        var current = ResultValue.group(self)
        for part in dotted.split(separator: ".") {
            guard case let .group(inner) = current, let next = inner[String(part)] else { return nil }
            current = next
        }
        if case let .number(value) = current { return value }
        return nil
    }

    /// Every dotted path to a leaf, for completion.
    var leafPaths: [String] {
        keys.flatMap { key -> [String] in
            if case let .group(inner)? = values[key] { return [key] + inner.leafPaths.map { key + "." + $0 } }
            return [key]
        }
    }
}
