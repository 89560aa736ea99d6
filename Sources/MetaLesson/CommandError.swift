/// A command line that cannot be parsed or does not fit its command, with where it went wrong.
public struct CommandError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var kind: Kind
    /// Where in the line (and the lesson) it went wrong.
    public var location: SourceLocation

    /// An error of `kind` at `location`.
    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// Every way a command line can be wrong.
    public enum Kind: Hashable, Sendable {
        // MARK: Syntax
        /// A `"` with no closing `"`.
        case unterminatedString
        /// A character that cannot start or continue a word here.
        case unexpectedCharacter(Character)
        /// A backslash escape other than `\"`, `\\`, `\n`, `\t` inside a string.
        case invalidEscape(Character)
        /// `=` with no option name before it.
        case missingOptionName
        /// An option name that does not start with a letter or holds other characters.
        case invalidOptionName(String)
        /// `key=` with nothing after it.
        case missingValue(option: String)
        /// A comma list with an empty item (`1,,2`, `a,`).
        case emptyListItem
        /// The line does not start with a command name.
        case expectedCommandName(found: String)
        /// The same option twice on one line.
        case duplicateOption(String)

        // MARK: Validation against the command table
        /// No command has this name.
        case unknownCommand(String, suggestion: String?)
        /// The command has no option of this name.
        case unknownOption(String, command: String, suggestion: String?)
        /// A value of the wrong type (`expected` reads "a number", "a whole number", …).
        case wrongType(argument: String, expected: String, got: String)
        /// A number outside the allowed range (`bounds` reads "between 1 and 100000", …).
        case outOfRange(argument: String, bounds: String, got: String)
        /// A word outside the allowed set.
        case notAllowed(argument: String, value: String, allowed: [String], suggestion: String?)
        /// A required positional argument or option is missing.
        case missingArgument(argument: String, command: String)
        /// More positional words than the command takes.
        case unexpectedWord(String, command: String)
    }

    /// The message without the location.
    public var message: String {
        switch kind {
        case .unterminatedString:
            return "unterminated string"
        case let .unexpectedCharacter(c):
            let hint = c == "'" ? " (quote strings with \"…\")" : ""
            return "unexpected character \(Self.show(c))\(hint)"
        case let .invalidEscape(c):
            return "unknown escape '\\\(c)' in a string (use \\\", \\\\, \\n or \\t)"
        case .missingOptionName:
            return "'=' needs an option name before it"
        case let .invalidOptionName(name):
            return "'\(name)' is not an option name (names start with a letter)"
        case let .missingValue(option):
            return "missing value after '\(option)='"
        case .emptyListItem:
            return "empty item in a comma list"
        case let .expectedCommandName(found):
            return "expected a command name, got '\(found)'"
        case let .duplicateOption(name):
            return "option '\(name)' is given twice"
        case let .unknownCommand(name, suggestion):
            return "unknown command '\(name)'" + Self.didYouMean(suggestion)
        case let .unknownOption(name, command, suggestion):
            return "unknown option '\(name)' for \(command)" + Self.didYouMean(suggestion)
        case let .wrongType(argument, expected, got):
            return "expected \(expected) for \(argument), got '\(got)'"
        case let .outOfRange(argument, bounds, got):
            return "\(argument) must be \(bounds), got \(got)"
        case let .notAllowed(argument, value, allowed, suggestion):
            return "\(argument) must be one of \(allowed.joined(separator: ", ")), got '\(value)'"
                + Self.didYouMean(suggestion)
        case let .missingArgument(argument, command):
            return "missing \(argument) for \(command) (see 'help \(command)')"
        case let .unexpectedWord(word, command):
            return "unexpected word '\(word)' for \(command) (see 'help \(command)')"
        }
    }

    /// `line 3, column 14: unterminated string`.
    public var description: String {
        "\(location): \(message)"
    }

    /// The source line with a caret under the error's column, for the REPL.
    public func pointer(into line: String) -> String {
        let prefix = line.prefix(max(0, location.column - 1))
        return line + "\n" + String(repeating: " ", count: DisplayWidth.of(prefix)) + "^"
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { " — did you mean '\($0)'?" } ?? ""
    }

    private static func show(_ c: Character) -> String {
        if let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1,
           scalar.properties.generalCategory == .control || scalar.value == 0xFFFD {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "'\(c)'"
    }
}
