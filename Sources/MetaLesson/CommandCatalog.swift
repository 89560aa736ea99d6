/// The set of commands a session understands: lookup, validation of whole lines, `help`.
public struct CommandCatalog: Hashable, Sendable {
    /// Every command, in the order `help` lists them (grouped by first appearance of a group).
    public let commands: [CommandSignature]

    /// A catalog; command names must be unique.
    public init(_ commands: [CommandSignature]) {
        let names = commands.map(\.name)
        precondition(Set(names).count == names.count, "duplicate command names: \(names)")
        self.commands = commands
    }

    /// The command called `name`.
    public func signature(_ name: String) -> CommandSignature? {
        commands.first { $0.name == name }
    }

    /// The parsed line checked against its command (unknown verbs get a suggestion).
    public func validate(_ parsed: ParsedCommand) throws(CommandError) -> ValidatedCommand {
        guard let signature = signature(parsed.verb) else {
            let suggestion = Suggestions.best(parsed.verb, among: commands.map(\.name))
            throw CommandError(.unknownCommand(parsed.verb, suggestion: suggestion), at: parsed.verbLocation)
        }
        return try signature.validate(parsed)
    }

    /// One line parsed and validated; `nil` for a blank or comment-only line.
    public func validate(line: String, lineNumber: Int? = nil) throws(CommandError) -> ValidatedCommand? {
        guard let parsed = try CommandParser.parse(line, lineNumber: lineNumber) else { return nil }
        return try validate(parsed)
    }

    /// The command groups in the order they first appear.
    public var groups: [String] {
        var seen: [String] = []
        for command in commands where !seen.contains(command.group) { seen.append(command.group) }
        return seen
    }
}

// MARK: - Help

extension CommandCatalog {
    /// `help`: every command with its summary, grouped.
    public func help(style: TerminalStyle = .plain) -> String {
        let shortUsage = { (c: CommandSignature) in
            ([c.name] + c.positionals.map { $0.isRequired ? $0.name.uppercased() : "[\($0.name.uppercased())]" })
                .joined(separator: " ")
        }
        let column = (commands.map { DisplayWidth.of(shortUsage($0)) }.max() ?? 0) + 3
        var lines: [String] = []
        for group in groups {
            if !lines.isEmpty { lines.append("") }
            lines.append(style.apply(.heading, to: group))
            for command in commands where command.group == group {
                let usage = shortUsage(command)
                let pad = String(repeating: " ", count: column - DisplayWidth.of(usage))
                lines.append("  " + style.apply(.code, to: usage) + pad + command.summary)
            }
        }
        lines.append("")
        lines.append("Type 'help COMMAND' for a command's arguments and options.")
        return lines.joined(separator: "\n")
    }

    /// `help VERB`: the usage line, the summary, and every argument with type, default and
    /// range, wrapped to `width` columns.
    public func help(for verb: String, style: TerminalStyle = .plain, width: Int = 80) throws(CommandError) -> String {
        guard let command = signature(verb) else {
            let suggestion = Suggestions.best(verb, among: commands.map(\.name))
            throw CommandError(.unknownCommand(verb, suggestion: suggestion), at: SourceLocation(line: nil, column: 1))
        }
        let usage = TextWrapper.wrap(command.usage, width: width, firstPrefix: "usage: ", restPrefix: "         ")
        var lines = usage.map { style.apply(.code, to: $0) } + [command.summary]
        let entries = command.positionals.map { ($0.name.uppercased(), $0) }
            + command.options.map { ($0.name + "=" + $0.kind.placeholder, $0) }
        let column = (entries.map { DisplayWidth.of($0.0) }.max() ?? 0) + 5
        for (title, list) in [("arguments", command.positionals), ("options", command.options)] where !list.isEmpty {
            lines.append("")
            lines.append(style.apply(.heading, to: title + ":"))
            for (label, spec) in entries where list.contains(spec) {
                // Wrap the description in its column, then put the styled label in front.
                let indent = String(repeating: " ", count: column)
                var wrapped = TextWrapper.wrap(Self.describe(spec), width: max(column + 20, width),
                                               firstPrefix: indent, restPrefix: indent)
                let pad = String(repeating: " ", count: column - 2 - DisplayWidth.of(label))
                wrapped[0] = "  " + style.apply(.code, to: label) + pad + wrapped[0].dropFirst(column)
                lines += wrapped
            }
        }
        return lines.joined(separator: "\n")
    }

    /// "classes per episode (default 5; between 2 and 50)".
    private static func describe(_ spec: ArgumentSpec) -> String {
        var notes: [String] = []
        if spec.isRequired { notes.append("required") }
        if let value = spec.defaultValue { notes.append("default \(value)") }
        if let range = spec.kind.rangeDescription { notes.append(range) }
        switch spec.kind {
        case let .choice(words), let .list(.choice(words)):
            notes.append("one of " + words.joined(separator: ", "))
        default:
            break
        }
        return notes.isEmpty ? spec.summary : spec.summary + " (" + notes.joined(separator: "; ") + ")"
    }
}
