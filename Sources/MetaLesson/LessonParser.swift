extension Lesson {
    /// Reads a lesson from its Markdown text; `name` is the file name (`01-maml.md`).
    /// Malformed structure is a `LessonError` naming the line; the parser never traps or loops.
    public static func parse(text: String, name: String) throws(LessonError) -> Lesson {
        var parser = LessonParser(text: text, fileName: name)
        return try parser.parse()
    }
}

/// The line-by-line reader behind `Lesson.parse(text:name:)`.
struct LessonParser {
    /// What one source line is, judged on its own.
    private enum LineKind {
        case blank
        case heading(level: Int, text: String)
        case fence(marker: Character, length: Int, info: String, indent: Int)
        case formula(rest: Substring)
        case listItem(indent: Int, ordered: Bool, text: String)
        case rule
        case text
    }

    private let lines: [Substring]
    private let fileName: String
    private var index = 0

    init(text: String, fileName: String) {
        // "\r\n" is one Character in Swift, so it is a separator of its own.
        lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        self.fileName = fileName
    }

    mutating func parse() throws(LessonError) -> Lesson {
        while index < lines.count, case .blank = classify(lines[index]) { index += 1 }
        guard index < lines.count else { throw error(.emptyFile, line: 1) }
        guard case let .heading(1, title) = classify(lines[index]) else { throw error(.missingTitle, line: index + 1) }
        guard !title.isEmpty else { throw error(.emptyTitle, line: index + 1) }
        index += 1

        var intro: [LessonBlock] = []
        var steps: [LessonStep] = []
        while index < lines.count {
            let lineNumber = index + 1
            let block: LessonBlock.Content?
            switch classify(lines[index]) {
            case .blank, .rule:
                index += 1
                continue
            case let .heading(level, text):
                index += 1
                if level == 1 { throw error(.secondTitle, line: lineNumber) }
                if level == 2 {
                    guard !text.isEmpty else { throw error(.emptyStepHeading, line: lineNumber) }
                    steps.append(LessonStep(heading: text, line: lineNumber, blocks: []))
                    continue
                }
                block = text.isEmpty ? nil : .heading(level: level, text: text)
            case let .fence(marker, length, info, indent):
                block = try readFence(marker: marker, length: length, info: info, indent: indent)
            case let .formula(rest):
                block = try readFormula(rest)
            case .listItem:
                block = readList()
            case .text:
                block = readParagraph()
            }
            guard let block else { continue }
            let located = LessonBlock(line: lineNumber, content: block)
            if steps.isEmpty { intro.append(located) } else { steps[steps.count - 1].blocks.append(located) }
        }
        let slug = fileName.hasSuffix(".md") ? String(fileName.dropLast(3)) : fileName
        return Lesson(title: title, fileName: fileName, slug: slug, intro: intro, steps: steps)
    }

    // MARK: Blocks

    private mutating func readFence(marker: Character, length: Int, info: String, indent: Int) throws(LessonError) -> LessonBlock.Content {
        let opening = index + 1
        index += 1
        var body: [(text: Substring, line: Int)] = []
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.drop { $0 == " " }
            let run = trimmed.prefix { $0 == marker }
            if run.count >= length, trimmed.dropFirst(run.count).allSatisfy(\.isWhitespace) {
                index += 1
                let language = info.split(separator: " ").first.map(String.init)
                if language?.lowercased() == "metalab" {
                    return .commands(body.compactMap { entry in
                        let text = entry.text.trimming(" \t")
                        return text.isEmpty || text.hasPrefix("#") ? nil : LessonCommand(text: text, line: entry.line)
                    })
                }
                return .code(language: language, text: body.map { String($0.text) }.joined(separator: "\n"))
            }
            // Content keeps its indentation beyond the fence's own.
            let spaces = line.prefix { $0 == " " }.count
            body.append((line.dropFirst(min(indent, spaces)), index + 1))
            index += 1
        }
        throw error(.unclosedFence, line: opening)
    }

    private mutating func readFormula(_ rest: Substring) throws(LessonError) -> LessonBlock.Content {
        let opening = index + 1
        index += 1
        if let close = rest.firstRange(of: "$$") {
            return .formula(String(rest[..<close.lowerBound]).trimming(" \t"))
        }
        var parts = [String(rest)]
        while index < lines.count {
            let line = lines[index]
            index += 1
            if let close = line.firstRange(of: "$$") {
                parts.append(String(line[..<close.lowerBound]))
                let joined = parts.map { $0.trimming(" \t") }.filter { !$0.isEmpty }
                return .formula(joined.joined(separator: "\n"))
            }
            parts.append(String(line))
        }
        throw error(.unclosedFormula, line: opening)
    }

    private mutating func readList() -> LessonBlock.Content {
        var items: [ListItem] = []
        var baseIndent: Int?
        while index < lines.count {
            switch classify(lines[index]) {
            case let .listItem(indent, ordered, text):
                let base = baseIndent ?? indent
                baseIndent = base
                items.append(ListItem(text: text, level: max(0, indent - base) / 2, ordered: ordered))
                index += 1
            case .text where !items.isEmpty:
                items[items.count - 1].text += " " + lines[index].trimming(" \t")
                index += 1
            case .blank:
                // A blank line ends the list unless another item follows it.
                var next = index + 1
                while next < lines.count, case .blank = classify(lines[next]) { next += 1 }
                guard next < lines.count, case .listItem = classify(lines[next]) else { return .list(items) }
                index = next
            default:
                return .list(items)
            }
        }
        return .list(items)
    }

    private mutating func readParagraph() -> LessonBlock.Content {
        var parts = [lines[index].trimming(" \t")]
        index += 1
        while index < lines.count, case .text = classify(lines[index]) {
            parts.append(lines[index].trimming(" \t"))
            index += 1
        }
        return .paragraph(parts.joined(separator: " "))
    }

    // MARK: Lines

    private func classify(_ line: Substring) -> LineKind {
        let indent = line.prefix { $0 == " " }.count
        let body = line.dropFirst(indent)
        guard let first = body.first, !body.allSatisfy(\.isWhitespace) else { return .blank }
        if indent <= 3 {
            if first == "#" {
                let hashes = body.prefix { $0 == "#" }.count
                let after = body.dropFirst(hashes)
                if hashes <= 6, after.isEmpty || after.first == " " || after.first == "\t" {
                    var text = after.trimming(" \t")
                    // An optional closing run of #s.
                    let closing = text.reversed().prefix { $0 == "#" }.count
                    if closing > 0, closing == text.count || text.dropLast(closing).last == " " {
                        text = String(text.dropLast(closing)).trimming(" \t")
                    }
                    return .heading(level: hashes, text: text)
                }
            }
            if first == "`" || first == "~" {
                let run = body.prefix { $0 == first }.count
                let info = body.dropFirst(run).trimming(" \t")
                if run >= 3, !(first == "`" && info.contains("`")) {
                    return .fence(marker: first, length: run, info: info, indent: indent)
                }
            }
            if body.hasPrefix("$$") { return .formula(rest: body.dropFirst(2)) }
            let compact = body.filter { $0 != " " }
            if compact.count >= 3, let c = compact.first, "-*_".contains(c), compact.allSatisfy({ $0 == c }) {
                return .rule
            }
        }
        if "-*+".contains(first), body.dropFirst().first == " " {
            return .listItem(indent: indent, ordered: false, text: body.dropFirst(2).trimming(" \t"))
        }
        let digits = body.prefix { $0.isASCII && $0.isNumber }
        if (1...9).contains(digits.count) {
            let after = body.dropFirst(digits.count)
            if let mark = after.first, mark == "." || mark == ")", after.dropFirst().first == " " {
                return .listItem(indent: indent, ordered: true, text: after.dropFirst(2).trimming(" \t"))
            }
        }
        return .text
    }

    private func error(_ kind: LessonError.Kind, line: Int) -> LessonError {
        LessonError(kind: kind, fileName: fileName, line: line)
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set`.
    func trimming(_ set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
