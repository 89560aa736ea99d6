/// Parses a LaTeX formula into a `MathNode` tree, recovering from any malformed input:
/// stray `}` are skipped, unclosed groups end at the end of input, a trailing `\` is dropped,
/// and nesting deeper than `maxDepth` is flattened so recursion stays bounded.
struct LaTeXParser {
    /// Groups nested deeper than this are read as if their braces were absent.
    static let maxDepth = 24

    private enum Terminator { case end, brace, bracket, right }

    private let chars: [Character]
    private var index = 0

    /// A parser over `source`.
    init(_ source: String) {
        chars = Array(source)
    }

    /// The whole formula as one row.
    mutating func parse() -> MathNode {
        .row(parseRow(depth: 0, until: .end))
    }

    // MARK: Rows and arguments

    private mutating func parseRow(depth: Int, until terminator: Terminator) -> [MathNode] {
        var items: [MathNode] = []
        while index < chars.count {
            let c = chars[index]
            switch c {
            case "}":
                index += 1
                if terminator == .brace { return items }   // otherwise a stray brace: skipped
            case "]" where terminator == .bracket:
                index += 1
                return items
            case "\\" where terminator == .right && lookingAt("\\right"):
                return items
            case "^", "_":
                index += 1
                let script = parseArgument(depth: depth + 1)
                attach(script, superscript: c == "^", to: &items)
            case "'":
                var primes = 0
                while index < chars.count, chars[index] == "'" { primes += 1; index += 1 }
                items.append(.atom(primes == 1 ? "′" : primes == 2 ? "″" : String(repeating: "′", count: primes), .ordinary))
            case "{":
                index += 1
                if depth < Self.maxDepth {
                    items.append(.row(parseRow(depth: depth + 1, until: .brace)))
                }
            case "\\":
                items += parseCommand(depth: depth)
            case "%":
                while index < chars.count, chars[index] != "\n" { index += 1 }
            default:
                if let number = readNumber() {
                    items.append(.atom(number, .ordinary))
                } else {
                    index += 1
                    if let atom = Self.atom(for: c) { items.append(atom) }
                }
            }
        }
        return items
    }

    /// One argument: a braced group, a command, or a single character.
    private mutating func parseArgument(depth: Int) -> MathNode {
        skipWhitespace()
        guard index < chars.count, depth <= Self.maxDepth else { return .row([]) }
        let c = chars[index]
        switch c {
        case "{":
            index += 1
            return .row(parseRow(depth: depth, until: .brace))
        case "\\":
            return .row(parseCommand(depth: depth))
        case "}", "^", "_":
            return .row([])
        default:
            index += 1
            return Self.atom(for: c) ?? .row([])
        }
    }

    private func attach(_ script: MathNode, superscript: Bool, to items: inout [MathNode]) {
        let last = items.popLast() ?? .atom("", .ordinary)
        if case let .scripts(base, sub, sup) = last {
            if superscript, sup == nil { items.append(.scripts(base, sub: sub, sup: script)); return }
            if !superscript, sub == nil { items.append(.scripts(base, sub: script, sup: sup)); return }
        }
        // `x^a^b`: the slot is taken, so the new script hangs off an empty base beside it
        // (never nesting, which would let `x^x^x^…` build an arbitrarily deep tree).
        var base = last
        if case .scripts = last {
            items.append(last)
            base = .atom("", .ordinary)
        }
        items.append(.scripts(base, sub: superscript ? nil : script, sup: superscript ? script : nil))
    }

    // MARK: Commands

    private mutating func parseCommand(depth: Int) -> [MathNode] {
        index += 1   // the backslash
        guard index < chars.count else { return [] }   // a trailing backslash shows nothing
        let name = readCommandName()
        let next = depth + 1
        if let n = LaTeXSymbols.spacing[name] { return [.space(n)] }
        if let symbol = LaTeXSymbols.symbols[name] { return [.atom(symbol.text, symbol.kind)] }
        if let op = LaTeXSymbols.largeOperators[name] {
            return [.atom(op, .largeOperator, limits: !name.hasSuffix("int"))]
        }
        if LaTeXSymbols.functions.contains(name) { return [.atom(name, .function)] }
        if LaTeXSymbols.limitFunctions.contains(name) { return [.atom(name, .function, limits: true)] }
        if let mark = LaTeXSymbols.accents[name] { return [.accent(parseArgument(depth: next), mark)] }
        if LaTeXSymbols.styleWrappers.contains(name) { return [parseArgument(depth: next)] }
        if LaTeXSymbols.textCommands.contains(name) { return [.atom(readRawText(), .ordinary)] }
        if LaTeXSymbols.ignored.contains(name) { return [] }
        if LaTeXSymbols.droppedWithArgument.contains(name) {
            let argument = readRawText()
            if name == "begin", argument == "array" || argument == "tabular" { _ = readRawText() }
            return []
        }
        switch name {
        case "\\", "cr", "newline":
            return [.lineBreak]
        case "frac", "dfrac", "tfrac", "cfrac":
            let numerator = parseArgument(depth: next)
            return [.fraction(numerator, parseArgument(depth: next))]
        case "binom":
            let n = parseArgument(depth: next)
            let k = parseArgument(depth: next)
            return [.delimited("(", .row([n, .atom(",", .punctuation), k]), ")")]
        case "sqrt":
            skipWhitespace()
            var rootIndex: MathNode?
            // Past `maxDepth` the `[` is left as a plain character, like a flattened brace.
            if depth < Self.maxDepth, index < chars.count, chars[index] == "[" {
                index += 1
                rootIndex = .row(parseRow(depth: next, until: .bracket))
            }
            return [.root(parseArgument(depth: next), index: rootIndex)]
        case "left":
            let open = readDelimiter()
            guard depth < Self.maxDepth else { return [.atom(open, .open)] }
            let contents = parseRow(depth: next, until: .right)
            var close = ""
            if lookingAt("\\right") {
                index += 6
                close = readDelimiter()
            }
            return [.delimited(open, .row(contents), close)]
        case "right":
            return [.atom(readDelimiter(), .close)]
        case "operatorname":
            let starred = consume("*")
            let text = readRawText()
            return [.atom(text, .function, limits: starred || LaTeXSymbols.limitFunctions.contains(text))]
        case "mathcal", "mathscr":
            return [mapLetters(parseArgument(depth: next), LaTeXSymbols.calligraphic)]
        case "mathbb", "mathbbm":
            return [mapLetters(parseArgument(depth: next), LaTeXSymbols.doubleStruck)]
        case "mathfrak":
            return [mapLetters(parseArgument(depth: next), LaTeXSymbols.fraktur)]
        case "overset", "stackrel":
            let over = parseArgument(depth: next)
            return [.scripts(parseArgument(depth: next), sub: nil, sup: over)]
        case "underset":
            let under = parseArgument(depth: next)
            return [.scripts(parseArgument(depth: next), sub: under, sup: nil)]
        case "textcolor", "colorbox":
            _ = readRawText()
            return [parseArgument(depth: next)]
        case "color":
            _ = readRawText()
            return []
        default:
            // Unknown: its name without the backslash, spaced like a function name.
            let isWord = name.first?.isLetter ?? false
            return [.atom(name, isWord ? .function : .ordinary)]
        }
    }

    /// A command name after the backslash: a run of letters, or one other character.
    private mutating func readCommandName() -> String {
        let start = index
        if chars[index].isASCII, chars[index].isLetter {
            while index < chars.count, chars[index].isASCII, chars[index].isLetter { index += 1 }
        } else {
            index += 1
        }
        return String(chars[start..<index])
    }

    /// The delimiter after `\left`, `\right` or a `\big` command; `.` is the empty delimiter.
    private mutating func readDelimiter() -> String {
        skipWhitespace()
        guard index < chars.count else { return "" }
        let c = chars[index]
        if c == "\\" {
            index += 1
            guard index < chars.count else { return "" }
            let name = readCommandName()
            return LaTeXSymbols.symbols[name]?.text ?? name
        }
        index += 1
        return c == "." ? "" : String(c)
    }

    /// A braced argument (or a single character) read as plain text: spaces kept, nested
    /// braces dropped, escapes and symbol commands resolved, never recursing.
    private mutating func readRawText() -> String {
        skipWhitespace()
        guard index < chars.count else { return "" }
        var text = ""
        var level = 0
        repeat {
            let c = chars[index]
            index += 1
            switch c {
            case "{":
                level += 1
            case "}":
                level -= 1
            case "$":
                break
            case "\\":
                guard index < chars.count else { break }
                let name = readCommandName()
                if let n = LaTeXSymbols.spacing[name] {
                    text += String(repeating: " ", count: n)
                } else if name == "\\" {
                    text += " "
                } else {
                    text += LaTeXSymbols.symbols[name]?.text ?? name
                }
            default:
                text.append(c)
            }
        } while level > 0 && index < chars.count
        return text
    }

    // MARK: Characters

    /// The atom a plain character stands for, or `nil` for characters that show nothing.
    private static func atom(for c: Character) -> MathNode? {
        if c.isWhitespace { return nil }
        switch c {
        case "$": return nil
        case "&", "~": return .space(1)
        case "-": return .atom("−", .binary)
        case "+": return .atom("+", .binary)
        case "*": return .atom("∗", .binary)
        case "=", "<", ">", ":": return .atom(String(c), .relation)
        case ",", ";": return .atom(String(c), .punctuation)
        case "(", "[": return .atom(String(c), .open)
        case ")", "]": return .atom(String(c), .close)
        default: return .atom(String(c), .ordinary)
        }
    }

    /// A run of digits with at most one decimal point (`1.96`, `.5`), if one starts here.
    private mutating func readNumber() -> String? {
        let start = index
        var seenPoint = false
        while index < chars.count {
            let c = chars[index]
            if c.isASCII, c.isNumber {
                index += 1
            } else if c == ".", !seenPoint, index + 1 < chars.count, chars[index + 1].isASCII, chars[index + 1].isNumber {
                seenPoint = true
                index += 1
            } else {
                break
            }
        }
        return index > start ? String(chars[start..<index]) : nil
    }

    private func mapLetters(_ node: MathNode, _ transform: (Character) -> String?) -> MathNode {
        switch node {
        case let .atom(text, kind, limits):
            let mapped = text.map { transform($0) ?? String($0) }.joined()
            return .atom(mapped, kind, limits: limits)
        case let .row(children):
            return .row(children.map { mapLetters($0, transform) })
        case let .scripts(base, sub, sup):
            return .scripts(mapLetters(base, transform), sub: sub, sup: sup)
        default:
            return node
        }
    }

    private mutating func skipWhitespace() {
        while index < chars.count, chars[index].isWhitespace { index += 1 }
    }

    private mutating func consume(_ c: Character) -> Bool {
        skipWhitespace()
        guard index < chars.count, chars[index] == c else { return false }
        index += 1
        return true
    }

    private func lookingAt(_ text: String) -> Bool {
        var i = index
        for c in text {
            guard i < chars.count, chars[i] == c else { return false }
            i += 1
        }
        // `\right` must not be the start of a longer name such as `\rightarrow`.
        return !(i < chars.count && chars[i].isASCII && chars[i].isLetter)
    }
}
