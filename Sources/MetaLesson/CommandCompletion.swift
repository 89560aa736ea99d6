extension CommandCatalog {
    /// Completion candidates for the last (partial) word of `text`, the line up to the cursor.
    ///
    /// Each candidate replaces that whole word: a command name; an option name with its `=`
    /// (`inner-lr=`); or, after `key=`, the option with a value (`algos=maml,reptile`).
    /// Values come from a `.choice` set, `true`/`false`, or the REPL's `values` callback,
    /// which receives the argument's `CompletionHint` and the partial value.
    public func completions(for text: String,
                            values: (CompletionHint, String) -> [String] = { _, _ in [] }) -> [String] {
        let endsWithBlank = text.last?.isWhitespace ?? true
        var tokens = text.split(whereSeparator: \.isWhitespace).map(String.init)
        let current = endsWithBlank ? "" : (tokens.popLast() ?? "")
        guard let verb = tokens.first else {
            return commands.map(\.name).filter { $0.hasPrefix(current) }.sorted()
        }
        guard let command = signature(verb) else { return [] }
        let earlier = tokens.dropFirst()

        if let equals = current.firstIndex(of: "=") {
            let key = String(current[..<equals])
            guard let spec = command.option(key) else { return [] }
            let typed = current[current.index(after: equals)...]
            // In a list, only the item after the last comma is being completed.
            let head = typed.lastIndex(of: ",").map { String(typed[...$0]) } ?? ""
            let partial = String(typed.dropFirst(head.count))
            return Self.candidates(for: spec, partial: partial, values: values).map { key + "=" + head + $0 }
        }

        let usedOptions = Set(earlier.compactMap { token in token.firstIndex(of: "=").map { String(token[..<$0]) } })
        let positionalCount = earlier.filter { !$0.contains("=") }.count
        var result = command.options
            .filter { !usedOptions.contains($0.name) && $0.name.hasPrefix(current) }
            .map { $0.name + "=" }
        if positionalCount < command.positionals.count {
            let spec = command.positionals[positionalCount]
            result = Self.candidates(for: spec, partial: current, values: values) + result
        }
        return result
    }

    /// The values an argument can take that start with `partial`, sorted.
    private static func candidates(for spec: ArgumentSpec, partial: String,
                                   values: (CompletionHint, String) -> [String]) -> [String] {
        var kind = spec.kind
        if case let .list(inner) = kind { kind = inner }
        let all: [String]
        switch kind {
        case let .choice(words): all = words
        case .bool: all = ["false", "true"]
        default: all = spec.completion == .none ? [] : values(spec.completion, partial)
        }
        return Array(Set(all.filter { $0.hasPrefix(partial) })).sorted()
    }
}
