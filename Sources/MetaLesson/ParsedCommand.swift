/// A value as written on a command line, before it is checked against a command's spec.
public indirect enum CommandValue: Hashable, Sendable, CustomStringConvertible {
    /// A number (`5`, `-0.5`, `1e-3`) with the text it was written as.
    case number(Double, text: String)
    /// A bare word (`maml`, `out/curve.png`, `maml.test.accuracy`, `>=`).
    case word(String)
    /// A double-quoted string, escapes resolved.
    case string(String)
    /// A comma list (`maml,reptile`); never nested, never of fewer than two items.
    case list([CommandValue])

    /// The value as the user wrote it (strings re-quoted).
    public var description: String {
        switch self {
        case let .number(_, text): return text
        case let .word(word): return word
        case let .string(string): return "\"" + string + "\""
        case let .list(items): return items.map(\.description).joined(separator: ",")
        }
    }
}

/// A positional word of a command line with where it starts.
public struct ParsedWord: Hashable, Sendable {
    /// The value.
    public var value: CommandValue
    /// Where the word starts.
    public var location: SourceLocation
}

/// A `key=value` option of a command line with where its name and value start.
public struct ParsedOption: Hashable, Sendable {
    /// The option name, as typed.
    public var name: String
    /// The value after `=`.
    public var value: CommandValue
    /// Where the name starts.
    public var location: SourceLocation
    /// Where the value starts.
    public var valueLocation: SourceLocation
}

/// One command line split into verb, positional words and options (`verb [words] [key=value …]`).
public struct ParsedCommand: Hashable, Sendable {
    /// The command name.
    public var verb: String
    /// Where the command name starts.
    public var verbLocation: SourceLocation
    /// The positional words, in order.
    public var words: [ParsedWord]
    /// The options, in order (names are unique).
    public var options: [ParsedOption]
    /// Where the line ends (just past its last character), for "missing argument" errors.
    public var endLocation: SourceLocation

    /// The option with this name, if given.
    public func option(_ name: String) -> ParsedOption? {
        options.first { $0.name == name }
    }
}
