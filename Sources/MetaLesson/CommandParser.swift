/// Parses one command line: `verb [words] [key=value …]`, `#` comments, numbers, words,
/// double-quoted strings and comma lists.
public struct CommandParser {
    /// The comparison operators accepted as positional words (`expect acc >= 0.8`).
    public static let comparisonOperators: Set<String> = [">=", "<=", ">", "<", "==", "!="]

    private let chars: [Character]
    private let line: Int?
    private var index = 0

    /// Parses `text` (one line; `lineNumber` is its line in a lesson, if any); `nil` for a line
    /// that holds only blanks or a comment.
    public static func parse(_ text: String, lineNumber: Int? = nil) throws(CommandError) -> ParsedCommand? {
        var parser = CommandParser(chars: Array(text), line: lineNumber)
        return try parser.parseLine()
    }

    private init(chars: [Character], line: Int?) {
        self.chars = chars
        self.line = line
    }

    // MARK: Line structure

    private mutating func parseLine() throws(CommandError) -> ParsedCommand? {
        skipBlanks()
        guard let first = peek(), first != "#" else { return nil }
        let verbLocation = here
        let verb = try parseVerb()
        var words: [ParsedWord] = []
        var options: [ParsedOption] = []
        var optionNames: Set<String> = []
        while true {
            skipBlanks()
            guard let c = peek(), c != "#" else { break }
            let start = here
            if let word = try parseOperator() {
                words.append(ParsedWord(value: .word(word), location: start))
            } else if let option = try parseOption() {
                if !optionNames.insert(option.name).inserted {
                    throw CommandError(.duplicateOption(option.name), at: option.location)
                }
                options.append(option)
            } else {
                words.append(ParsedWord(value: try parseValue(), location: start))
            }
        }
        return ParsedCommand(verb: verb, verbLocation: verbLocation, words: words, options: options,
                             endLocation: SourceLocation(line: line, column: chars.count + 1))
    }

    private mutating func parseVerb() throws(CommandError) -> String {
        let start = index
        let token = readToken()
        let isName = token.first.map { $0.isLetter && $0.isASCII } ?? false
            && token.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" }
        guard isName else {
            let shown = token.isEmpty ? String(chars[start]) : token
            throw CommandError(.expectedCommandName(found: shown), at: location(start))
        }
        return token
    }

    /// The whole blank-delimited token at the current position (for error messages and the verb).
    private mutating func readToken() -> String {
        let start = index
        while let c = peek(), !c.isWhitespace { index += 1 }
        return String(chars[start..<index])
    }

    /// A comparison operator word (`>=`), if one starts here.
    private mutating func parseOperator() throws(CommandError) -> String? {
        guard let c = peek(), "<>=!".contains(c) else { return nil }
        let start = index
        while let c = peek(), "<>=!".contains(c) { index += 1 }
        let op = String(chars[start..<index])
        if Self.comparisonOperators.contains(op), peek().map(\.isWhitespace) ?? true { return op }
        if op == "=" { throw CommandError(.missingOptionName, at: location(start)) }
        throw CommandError(.unexpectedCharacter(chars[start]), at: location(start))
    }

    /// A `key=value` option, if the token here is one; the position is unchanged otherwise.
    private mutating func parseOption() throws(CommandError) -> ParsedOption? {
        let start = index
        var end = index
        while end < chars.count, !chars[end].isWhitespace, chars[end] != "=", chars[end] != "\"" { end += 1 }
        guard end < chars.count, chars[end] == "=", end > start else { return nil }
        let name = String(chars[start..<end])
        let valid = name.first!.isLetter
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        guard valid else { throw CommandError(.invalidOptionName(name), at: location(start)) }
        index = end + 1
        guard let next = peek(), !next.isWhitespace, next != "#" else {
            throw CommandError(.missingValue(option: name), at: location(end))
        }
        let valueLocation = here
        let value = try parseValue()
        return ParsedOption(name: name, value: value, location: location(start), valueLocation: valueLocation)
    }

    // MARK: Values

    /// One value or a comma list of values.
    private mutating func parseValue() throws(CommandError) -> CommandValue {
        var items = [try parseItem()]
        while peek() == "," {
            index += 1
            items.append(try parseItem())
        }
        return items.count == 1 ? items[0] : .list(items)
    }

    private mutating func parseItem() throws(CommandError) -> CommandValue {
        guard let c = peek(), !c.isWhitespace, c != "," else {
            throw CommandError(.emptyListItem, at: here)
        }
        if c == "\"" { return .string(try parseString()) }
        let start = index
        while let c = peek(), !c.isWhitespace, c != "," {
            guard Self.isWordCharacter(c) else { throw CommandError(.unexpectedCharacter(c), at: here) }
            index += 1
        }
        let text = String(chars[start..<index])
        if let number = Self.number(text) { return .number(number, text: text) }
        return .word(text)
    }

    private mutating func parseString() throws(CommandError) -> String {
        let open = here
        index += 1
        var text = ""
        while let c = peek() {
            index += 1
            switch c {
            case "\"":
                if let next = peek(), !next.isWhitespace, next != "," {
                    throw CommandError(.unexpectedCharacter(next), at: here)
                }
                return text
            case "\\":
                guard let escaped = peek() else { throw CommandError(.unterminatedString, at: open) }
                switch escaped {
                case "\"", "\\": text.append(escaped)
                case "n": text.append("\n")
                case "t": text.append("\t")
                default: throw CommandError(.invalidEscape(escaped), at: location(index - 1))
                }
                index += 1
            default:
                text.append(c)
            }
        }
        throw CommandError(.unterminatedString, at: open)
    }

    /// Letters, digits and `- . _ / ~ : + @ %`: enough for names, dotted paths, file paths.
    static func isWordCharacter(_ c: Character) -> Bool {
        if c.isLetter || c.isNumber { return true }
        return "-._/~:+@%".contains(c)
    }

    /// The token as a number if all of it is one: optional sign, digits with an optional
    /// decimal point, optional exponent (`5`, `-0.5`, `.5`, `1e-3`, `2.5E+4`).
    static func number(_ text: String) -> Double? {
        var chars = Substring(text)
        if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
        let mantissa = chars.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let digits = mantissa.filter(\.isNumber).count
        guard digits > 0, mantissa.filter({ $0 == "." }).count <= 1 else { return nil }
        var rest = chars.dropFirst(mantissa.count)
        if let e = rest.first, e == "e" || e == "E" {
            rest = rest.dropFirst()
            if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
            guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            rest = rest.dropFirst(rest.count)
        }
        guard rest.isEmpty else { return nil }
        return Double(text)
    }

    // MARK: Positions

    private func peek() -> Character? {
        index < chars.count ? chars[index] : nil
    }

    private mutating func skipBlanks() {
        while let c = peek(), c.isWhitespace { index += 1 }
    }

    private var here: SourceLocation { location(index) }

    private func location(_ i: Int) -> SourceLocation {
        SourceLocation(line: line, column: i + 1)
    }
}
