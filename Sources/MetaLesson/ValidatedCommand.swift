/// A typed argument value, after validation against its `ValueKind`.
public indirect enum ArgumentValue: Hashable, Sendable, CustomStringConvertible {
    /// A whole number.
    case int(Int)
    /// A number.
    case float(Double)
    /// A word (from a choice set, or a name).
    case word(String)
    /// Text.
    case string(String)
    /// A file path.
    case path(String)
    /// A truth value.
    case bool(Bool)
    /// A list.
    case list([ArgumentValue])

    /// The value written as it would be typed.
    public var description: String {
        switch self {
        case let .int(v): return String(v)
        case let .float(v): return Self.format(v)
        case let .word(v), let .path(v): return v
        case let .string(v): return v.contains(" ") ? "\"\(v)\"" : v
        case let .bool(v): return v ? "true" : "false"
        case let .list(items): return items.map(\.description).joined(separator: ",")
        }
    }

    /// A number without a trailing `.0` when whole.
    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return String(v)
    }
}

/// A command checked against its signature: every value typed, defaults applied.
///
/// The typed accessors (`int`, `float`, …) treat a missing or mistyped name as a programmer
/// error (a handler asking for something its signature does not declare with a default).
public struct ValidatedCommand: Hashable, Sendable {
    /// The verb.
    public var name: String
    /// Every argument that has a value, given or default, by name.
    public var values: [String: ArgumentValue]
    /// The names of the arguments given explicitly on the line.
    public var given: Set<String>
    /// The parsed line it came from.
    public var parsed: ParsedCommand

    /// The value of `name`, if it has one.
    public subscript(_ name: String) -> ArgumentValue? { values[name] }

    /// Whether `name` was written on the line (rather than defaulted).
    public func isGiven(_ name: String) -> Bool { given.contains(name) }

    /// A whole-number argument.
    public func int(_ name: String) -> Int {
        guard case let .int(v)? = values[name] else { mismatch(name, "an int") }
        return v
    }

    /// A number argument (whole numbers are accepted too).
    public func float(_ name: String) -> Double {
        switch values[name] {
        case let .float(v)?: return v
        case let .int(v)?: return Double(v)
        default: mismatch(name, "a float")
        }
    }

    /// A word, text or path argument as a string.
    public func word(_ name: String) -> String {
        switch values[name] {
        case let .word(v)?, let .string(v)?, let .path(v)?: return v
        default: mismatch(name, "a word")
        }
    }

    /// A truth-value argument.
    public func bool(_ name: String) -> Bool {
        guard case let .bool(v)? = values[name] else { mismatch(name, "a bool") }
        return v
    }

    /// A list argument's items.
    public func list(_ name: String) -> [ArgumentValue] {
        guard case let .list(items)? = values[name] else { mismatch(name, "a list") }
        return items
    }

    /// A list of numbers.
    public func floats(_ name: String) -> [Double] {
        list(name).map {
            switch $0 {
            case let .float(v): return v
            case let .int(v): return Double(v)
            default: mismatch(name, "a list of numbers")
            }
        }
    }

    /// A list of words.
    public func words(_ name: String) -> [String] {
        list(name).map {
            switch $0 {
            case let .word(v), let .string(v), let .path(v): return v
            default: mismatch(name, "a list of words")
            }
        }
    }

    private func mismatch(_ name: String, _ wanted: String) -> Never {
        preconditionFailure("\(self.name): argument '\(name)' is \(values[name].map(\.description) ?? "absent"), not \(wanted); check its signature")
    }
}
