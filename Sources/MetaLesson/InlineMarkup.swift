/// A piece of text with the attributes it is shown with.
public struct StyledRun: Hashable, Sendable {
    /// The text.
    public var text: String
    /// How it is styled.
    public var attributes: TextAttributes
    /// Whether wrapping may break it at its spaces (false for formulas).
    public var breakable: Bool

    /// A run of text.
    public init(_ text: String, _ attributes: TextAttributes = [], breakable: Bool = true) {
        self.text = text
        self.attributes = attributes
        self.breakable = breakable
    }
}

/// Markdown inline markup: `**bold**`, `*emphasis*`, `` `code` ``, `$math$` (rendered to
/// Unicode), `[text](url)`, backslash escapes. Unclosed markers are kept as literal text.
public enum InlineMarkup {
    /// Nesting deeper than this (`***…`) is read literally.
    static let maxDepth = 6

    /// The runs of one paragraph's (or list item's) text.
    public static func parse(_ text: String) -> [StyledRun] {
        var scanner = Scanner(chars: Array(text))
        return merge(scanner.runs(until: nil, attributes: [], depth: 0))
    }

    /// Adjacent runs with the same attributes joined.
    private static func merge(_ runs: [StyledRun]) -> [StyledRun] {
        var out: [StyledRun] = []
        for run in runs where !run.text.isEmpty {
            if let last = out.last, last.attributes == run.attributes, last.breakable, run.breakable {
                out[out.count - 1].text += run.text
            } else {
                out.append(run)
            }
        }
        return out
    }

    private struct Scanner {
        let chars: [Character]
        var index = 0
        /// Markers known to have no closer at or after the given position (keeps scans linear).
        var noCloserFrom: [String: Int] = [:]
        /// For link characters, the last search: from where, and the first match at or after it.
        var lastFound: [Character: (from: Int, at: Int?)] = [:]

        mutating func runs(until closer: String?, attributes: TextAttributes, depth: Int) -> [StyledRun] {
            var runs: [StyledRun] = []
            var plain = ""
            func flush() {
                if !plain.isEmpty { runs.append(StyledRun(plain, attributes)); plain = "" }
            }
            while index < chars.count {
                if let closer, matches(closer, at: index) {
                    index += closer.count
                    flush()
                    return runs
                }
                let c = chars[index]
                switch c {
                case "\\" where index + 1 < chars.count && chars[index + 1].isPunctuationOrSymbol:
                    plain.append(chars[index + 1])
                    index += 2
                case "`", "$":
                    let marker = c == "$" && matches("$$", at: index) ? "$$" : String(c)
                    if let end = find(marker, from: index + marker.count) {
                        flush()
                        let body = String(chars[(index + marker.count)..<end])
                        runs.append(c == "`" ? StyledRun(body, attributes.union(.code))
                                             : StyledRun(LaTeX.inline(body), attributes.union(.formula), breakable: false))
                        index = end + marker.count
                    } else {
                        plain += marker
                        index += marker.count
                    }
                case "*":
                    let marker = matches("**", at: index) ? "**" : "*"
                    let opensWord = index + marker.count < chars.count && !chars[index + marker.count].isWhitespace
                    if depth < InlineMarkup.maxDepth, opensWord, find(marker, from: index + marker.count) != nil {
                        flush()
                        index += marker.count
                        let style: TextAttributes = marker == "**" ? .bold : .italic
                        runs += self.runs(until: marker, attributes: attributes.union(style), depth: depth + 1)
                    } else {
                        plain += marker
                        index += marker.count
                    }
                case "[":
                    if let link = readLink() {
                        flush()
                        runs.append(StyledRun(link.text, attributes))
                        runs.append(StyledRun(" <" + link.url + ">", attributes.union(.dim)))
                    } else {
                        plain.append(c)
                        index += 1
                    }
                default:
                    plain.append(c)
                    index += 1
                }
            }
            flush()
            return runs
        }

        private func matches(_ marker: String, at i: Int) -> Bool {
            var j = i
            for m in marker {
                guard j < chars.count, chars[j] == m else { return false }
                j += 1
            }
            // A single `*` closer must not be half of `**`; in `***` it closes first.
            if marker == "*" {
                let run = chars[i...].prefix { $0 == "*" }.count
                return run != 2
            }
            return true
        }

        /// The index of the next closing `marker` after `start`. Emphasis and math closers
        /// must follow a non-blank; a math closer must not be followed by a digit (`$5 and $6`).
        private mutating func find(_ marker: String, from start: Int) -> Int? {
            if let none = noCloserFrom[marker], start >= none { return nil }
            if marker.hasPrefix("$"), start >= chars.count || chars[start].isWhitespace { return nil }
            var i = start
            while i < chars.count {
                if chars[i] == "\\", marker != "`" { i += 2; continue }
                if i > start, matches(marker, at: i), marker == "`" || !chars[i - 1].isWhitespace,
                   marker != "$" || i + 1 >= chars.count || !chars[i + 1].isNumber && chars[i + 1] != "$" {
                    return i
                }
                i += 1
            }
            // No closer after `start` means none after any later position either.
            noCloserFrom[marker] = start
            return nil
        }

        /// `[text](url)` starting here, consumed if complete.
        private mutating func readLink() -> (text: String, url: String)? {
            guard let close = next("]", from: index), close + 1 < chars.count,
                  chars[close + 1] == "(", let end = next(")", from: close + 1) else { return nil }
            // No `[` in the text, no blank in the url.
            guard (next("[", from: index + 1) ?? close) >= close, (next(" ", from: close + 2) ?? end) >= end else { return nil }
            let link = (text: String(chars[(index + 1)..<close]), url: String(chars[(close + 2)..<end]))
            index = end + 1
            return link
        }

        /// The first `c` at or after `start`. Searches start further on as the scan moves on,
        /// so each reuses the last one's answer while it still lies ahead: linear in all.
        private mutating func next(_ c: Character, from start: Int) -> Int? {
            if let last = lastFound[c], last.from <= start, (last.at ?? chars.count) >= start { return last.at }
            let found = start < chars.count ? chars[start...].firstIndex(of: c) : nil
            lastFound[c] = (start, found)
            return found
        }
    }
}

private extension Character {
    var isPunctuationOrSymbol: Bool { isPunctuation || isSymbol }
}
