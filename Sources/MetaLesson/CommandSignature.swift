/// The type of an argument's value, with its allowed range where it has one.
public indirect enum ValueKind: Hashable, Sendable {
    /// A whole number, optionally within a range.
    case int(ClosedRange<Int>? = nil)
    /// A number, optionally within a range.
    case float(ClosedRange<Double>? = nil)
    /// One word from a fixed set.
    case choice([String])
    /// Any word: a result name, a dotted path into results.
    case name
    /// Any text (a word, a number or a quoted string).
    case string
    /// A file path (a word or a quoted string).
    case path
    /// `true`/`false` (also `yes`/`no`, `on`/`off`, `1`/`0`).
    case bool
    /// A comma list of values of one kind (a single value is a list of one).
    case list(ValueKind)

    /// The placeholder shown in usage lines: `INT`, `FLOAT`, `maml|reptile`, `NAME`, …
    public var placeholder: String {
        switch self {
        case .int: return "INT"
        case .float: return "FLOAT"
        case let .choice(words):
            let joined = words.joined(separator: "|")
            return joined.count <= 12 ? joined : "WORD"
        case .name: return "NAME"
        case .string: return "TEXT"
        case .path: return "PATH"
        case .bool: return "true|false"
        case let .list(inner): return inner.placeholder + ",…"
        }
    }

    /// "a number", "a whole number", … as used in "expected … for ways".
    var expectation: String {
        switch self {
        case .int: return "a whole number"
        case .float: return "a number"
        case .choice, .name: return "a word"
        case .string: return "text"
        case .path: return "a file path"
        case .bool: return "true or false"
        case let .list(inner): return "a comma list of " + inner.placeholder.lowercased()
        }
    }
}

/// Where the REPL finds candidates for completing a value.
public enum CompletionHint: Hashable, Sendable {
    /// Nothing to complete (beyond a `.choice` set, which completes itself).
    case none
    /// Algorithm names.
    case algorithms
    /// Names of results in the session.
    case results
    /// File paths.
    case paths
    /// Lesson names.
    case lessons
    /// Something else the REPL knows by this key.
    case custom(String)
}

/// One positional argument or `key=value` option of a command.
public struct ArgumentSpec: Hashable, Sendable {
    /// The name (`inner-lr`; a positional's name is shown upper-case: `ALGO`).
    public var name: String
    /// The value's type and range.
    public var kind: ValueKind
    /// The value used when the argument is not given.
    public var defaultValue: ArgumentValue?
    /// Whether the command fails without it.
    public var isRequired: Bool
    /// One line of help.
    public var summary: String
    /// Where completion candidates come from.
    public var completion: CompletionHint

    /// An argument spec; required arguments have no default.
    public init(_ name: String, _ kind: ValueKind, default defaultValue: ArgumentValue? = nil,
                required: Bool = false, completion: CompletionHint = .none, _ summary: String) {
        precondition(!(required && defaultValue != nil), "argument '\(name)' is required and has a default")
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.isRequired = required
        self.summary = summary
        self.completion = completion
    }
}

/// What a command looks like: its name, help, positional arguments and options.
public struct CommandSignature: Hashable, Sendable {
    /// The verb.
    public var name: String
    /// The help group it is listed under (`Lessons`, `Training`, …).
    public var group: String
    /// One line of help.
    public var summary: String
    /// Positional arguments, in order.
    public var positionals: [ArgumentSpec]
    /// `key=value` options.
    public var options: [ArgumentSpec]

    /// A signature; option and positional names must be unique.
    public init(_ name: String, group: String, _ summary: String,
                positionals: [ArgumentSpec] = [], options: [ArgumentSpec] = []) {
        let names = (positionals + options).map(\.name)
        precondition(Set(names).count == names.count, "duplicate argument names in \(name): \(names)")
        self.name = name
        self.group = group
        self.summary = summary
        self.positionals = positionals
        self.options = options
    }

    /// The spec of the option called `name`.
    public func option(_ name: String) -> ArgumentSpec? {
        options.first { $0.name == name }
    }

    /// `train ALGO [ways=INT] [shots=INT] …`, with required options unbracketed.
    public var usage: String {
        var parts = [name]
        for p in positionals {
            parts.append(p.isRequired ? p.name.uppercased() : "[" + p.name.uppercased() + "]")
        }
        for o in options {
            let text = o.name + "=" + o.kind.placeholder
            parts.append(o.isRequired ? text : "[" + text + "]")
        }
        return parts.joined(separator: " ")
    }
}
