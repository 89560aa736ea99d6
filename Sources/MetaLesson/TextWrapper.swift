/// Wraps styled text to a width in terminal columns, with a first-line and a hanging prefix.
public enum TextWrapper {
    /// A word: styled fragments with no break between them.
    private typealias Word = [StyledRun]

    /// The lines of `runs` wrapped to `width` columns (at least one line). The first line
    /// starts with `firstPrefix`, the others with `restPrefix`; words longer than a line are
    /// cut; styles are applied per fragment, so escape codes never count toward the width.
    public static func wrap(_ runs: [StyledRun], width: Int, firstPrefix: String = "",
                            restPrefix: String = "", style: TerminalStyle) -> [String] {
        var lines: [String] = []
        var line = firstPrefix
        var used = DisplayWidth.of(firstPrefix)
        var lineHasWord = false
        func newLine() {
            lines.append(line)
            line = restPrefix
            used = DisplayWidth.of(restPrefix)
            lineHasWord = false
        }
        for word in words(runs) {
            let needed = wordWidth(word) + (lineHasWord ? 1 : 0)
            if lineHasWord, used + needed > width { newLine() }
            let available = max(1, width - used - (lineHasWord ? 1 : 0))
            for (i, piece) in cut(word, first: available, rest: max(1, width - DisplayWidth.of(restPrefix))).enumerated() {
                if i > 0 { newLine() }
                if lineHasWord { line += " "; used += 1 }
                line += piece.map { style.apply($0.attributes, to: $0.text) }.joined()
                used += wordWidth(piece)
                lineHasWord = true
            }
        }
        lines.append(line)
        return lines.map { $0.trimmingTrailingSpaces() }
    }

    /// Plain text wrapped to `width` with no styling.
    public static func wrap(_ text: String, width: Int, firstPrefix: String = "", restPrefix: String = "") -> [String] {
        wrap([StyledRun(text)], width: width, firstPrefix: firstPrefix, restPrefix: restPrefix, style: .plain)
    }

    /// Runs split at blanks (outside unbreakable runs) into words.
    private static func words(_ runs: [StyledRun]) -> [Word] {
        var words: [Word] = []
        var current: Word = []
        for run in runs {
            guard run.breakable else { current.append(run); continue }
            var fragment = ""
            for c in run.text {
                if c.isWhitespace {
                    if !fragment.isEmpty { current.append(StyledRun(fragment, run.attributes)); fragment = "" }
                    if !current.isEmpty { words.append(current); current = [] }
                } else {
                    fragment.append(c)
                }
            }
            if !fragment.isEmpty { current.append(StyledRun(fragment, run.attributes)) }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    private static func wordWidth(_ word: Word) -> Int {
        word.reduce(0) { $0 + DisplayWidth.of($1.text) }
    }

    /// A word cut into pieces: the first at most `first` columns wide, the others `rest`.
    private static func cut(_ word: Word, first: Int, rest: Int) -> [Word] {
        if wordWidth(word) <= first { return [word] }
        var pieces: [Word] = []
        var piece: Word = []
        var budget = first, used = 0
        for run in word {
            var text = ""
            for c in run.text {
                let w = DisplayWidth.of(c)
                if used + w > budget, used > 0 || !text.isEmpty {
                    if !text.isEmpty { piece.append(StyledRun(text, run.attributes, breakable: run.breakable)) }
                    pieces.append(piece)
                    piece = []; text = ""; used = 0; budget = rest
                }
                text.append(c)
                used += w
            }
            if !text.isEmpty { piece.append(StyledRun(text, run.attributes, breakable: run.breakable)) }
        }
        if !piece.isEmpty { pieces.append(piece) }
        return pieces
    }
}
