extension CommandSignature {
    /// Checks a parsed line against this signature: every word and option typed, ranges and
    /// word sets checked, defaults applied; the first problem is thrown.
    public func validate(_ parsed: ParsedCommand) throws(CommandError) -> ValidatedCommand {
        var values: [String: ArgumentValue] = [:]
        var given: Set<String> = []
        for (i, word) in parsed.words.enumerated() {
            guard i < positionals.count else {
                throw CommandError(.unexpectedWord(word.value.description, command: name), at: word.location)
            }
            let spec = positionals[i]
            values[spec.name] = try spec.kind.convert(word.value, for: spec.name.uppercased(), at: word.location)
            given.insert(spec.name)
        }
        for option in parsed.options {
            guard let spec = self.option(option.name) else {
                let suggestion = Suggestions.best(option.name, among: options.map(\.name))
                throw CommandError(.unknownOption(option.name, command: name, suggestion: suggestion),
                                   at: option.location)
            }
            values[spec.name] = try spec.kind.convert(option.value, for: spec.name, at: option.valueLocation)
            given.insert(spec.name)
        }
        for spec in positionals + options where values[spec.name] == nil {
            if spec.isRequired {
                let shown = positionals.contains(spec) ? spec.name.uppercased() : spec.name + "="
                throw CommandError(.missingArgument(argument: shown, command: name), at: parsed.endLocation)
            }
            values[spec.name] = spec.defaultValue
        }
        return ValidatedCommand(name: name, values: values, given: given, parsed: parsed)
    }
}

extension ValueKind {
    /// The value converted to this kind, or the error that explains why it cannot be.
    func convert(_ value: CommandValue, for argument: String, at location: SourceLocation) throws(CommandError) -> ArgumentValue {
        func wrongType() -> CommandError {
            CommandError(.wrongType(argument: argument, expected: expectation, got: value.description), at: location)
        }
        switch (self, value) {
        case let (.list(inner), .list(items)):
            var converted: [ArgumentValue] = []
            for item in items { converted.append(try inner.convert(item, for: argument, at: location)) }
            return .list(converted)
        case let (.list(inner), single):
            return .list([try inner.convert(single, for: argument, at: location)])
        case (_, .list):
            throw wrongType()
        case let (.int(range), .number(v, text)):
            guard v == v.rounded(), abs(v) < 1e15 else { throw wrongType() }
            let n = Int(v)
            if let range, !range.contains(n) {
                throw CommandError(.outOfRange(argument: argument, bounds: rangeDescription ?? "", got: text), at: location)
            }
            return .int(n)
        case let (.float(range), .number(v, text)):
            if let range, !range.contains(v) {
                throw CommandError(.outOfRange(argument: argument, bounds: rangeDescription ?? "", got: text), at: location)
            }
            return .float(v)
        case let (.choice(words), .word(w)), let (.choice(words), .string(w)), let (.choice(words), .number(_, w)):
            if let match = words.first(where: { $0.lowercased() == w.lowercased() }) { return .word(match) }
            throw CommandError(.notAllowed(argument: argument, value: w, allowed: words,
                                           suggestion: Suggestions.best(w, among: words)), at: location)
        case let (.name, .word(w)):
            return .word(w)
        case let (.string, .word(w)), let (.string, .string(w)), let (.string, .number(_, w)):
            return .string(w)
        case let (.path, .word(w)), let (.path, .string(w)):
            return .path(w)
        case let (.bool, .word(w)), let (.bool, .number(_, w)):
            switch w.lowercased() {
            case "true", "yes", "on", "1": return .bool(true)
            case "false", "no", "off", "0": return .bool(false)
            default: throw wrongType()
            }
        default:
            throw wrongType()
        }
    }

    /// The allowed range in words ("between 1 and 100000", "at least 0"), if there is one.
    var rangeDescription: String? {
        switch self {
        case let .int(range?):
            return Self.bounds(range.lowerBound == .min ? nil : String(range.lowerBound),
                               range.upperBound == .max ? nil : String(range.upperBound))
        case let .float(range?):
            return Self.bounds(range.lowerBound.isFinite ? ArgumentValue.format(range.lowerBound) : nil,
                               range.upperBound.isFinite ? ArgumentValue.format(range.upperBound) : nil)
        default:
            return nil
        }
    }

    /// "between 1 and 100000", "at least 0" or "at most 10".
    private static func bounds(_ low: String?, _ high: String?) -> String {
        switch (low, high) {
        case let (low?, high?): return "between \(low) and \(high)"
        case let (low?, nil): return "at least \(low)"
        case let (nil, high?): return "at most \(high)"
        case (nil, nil): return "a number"
        }
    }
}
