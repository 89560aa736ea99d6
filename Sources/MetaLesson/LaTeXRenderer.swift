/// LaTeX formulas rendered as Unicode text for the terminal.
public enum LaTeX {
    /// A formula on one line: `\frac{a}{b}` as `a/b`, scripts as Unicode sub/superscripts
    /// where every character has one (`θ′ᵢ`, `x²`, `e⁻ˣ`) and `_(…)`/`^(…)` otherwise.
    public static func inline(_ source: String) -> String {
        var parser = LaTeXParser(source)
        let box = LaTeXLayout(mode: .inline, compact: false).box(parser.parse())
        return box.lines.joined(separator: " ").trimmingSpaces()
    }

    /// A formula laid out over several lines: fractions stacked over a bar, limits of sums
    /// and of `min`/`max` above and below, `\\` starting a new line; trailing spaces trimmed.
    public static func display(_ source: String) -> [String] {
        var parser = LaTeXParser(source)
        let box = LaTeXLayout(mode: .display, compact: false).box(parser.parse())
        let lines = box.lines.map { $0.trimmingTrailingSpaces() }
        // Drop blank lines (an empty formula, or rows made only of spacing).
        let kept = lines.filter { !$0.isEmpty }
        return kept.isEmpty ? [""] : kept
    }
}

/// Lays out a `MathNode` tree as a `TextBox`, in one of two modes, with TeX-like spacing.
struct LaTeXLayout {
    /// One line (inline) or two-dimensional (display).
    enum Mode { case inline, display }

    /// The layout mode.
    let mode: Mode
    /// Inside scripts: no automatic spaces, everything on one line.
    let compact: Bool

    /// A laid-out piece of a row with its spacing class.
    private struct Piece {
        var box: TextBox
        var kind: MathClass
        /// Set after a `_(…)` fallback script, so the next atom does not run into it.
        var spaceAfter = false
    }

    /// The box for a whole node.
    func box(_ node: MathNode) -> TextBox {
        piece(node).box
    }

    private var oneLine: LaTeXLayout { LaTeXLayout(mode: .inline, compact: compact) }
    private var script: LaTeXLayout { LaTeXLayout(mode: .inline, compact: true) }

    private func piece(_ node: MathNode) -> Piece {
        switch node {
        case let .atom(text, kind, _):
            return Piece(box: TextBox(text), kind: kind)
        case let .row(children):
            if children.count == 1 { return piece(children[0]) }
            return Piece(box: row(children), kind: .ordinary)
        case let .space(n):
            return Piece(box: TextBox(String(repeating: " ", count: compact ? 0 : n)), kind: .space)
        case .lineBreak:
            return Piece(box: TextBox(";"), kind: .punctuation)
        case let .fraction(numerator, denominator):
            return Piece(box: fraction(numerator, denominator), kind: .ordinary)
        case let .root(radicand, index):
            return Piece(box: root(radicand, index: index), kind: .ordinary)
        case let .delimited(open, contents, close):
            let inner = box(contents)
            let parts = [TextBox.delimiter(open, height: inner.height), inner,
                         TextBox.delimiter(close, height: inner.height)]
            return Piece(box: TextBox.beside(parts), kind: .inner)
        case let .accent(contents, mark):
            let inner = piece(contents)
            guard inner.box.height == 1 else { return inner }
            let marked = inner.box.lines[0].map { $0 == " " ? " " : String($0) + String(mark) }.joined()
            return Piece(box: TextBox(marked), kind: inner.kind)
        case let .scripts(base, sub, sup):
            return scripts(base, sub: sub, sup: sup)
        }
    }

    // MARK: Rows and spacing

    private func row(_ children: [MathNode]) -> TextBox {
        if mode == .display, children.contains(where: { if case .lineBreak = $0 { true } else { false } }) {
            let lines = children.split(whereSeparator: { if case .lineBreak = $0 { true } else { false } })
            let boxes = lines.map { row(Array($0)) }
            return TextBox.stacked(boxes, baseline: (boxes.first?.height ?? 1) - 1, centred: false)
        }
        let pieces = children.map(piece)
        var boxes: [TextBox] = []
        var previous: Piece?
        for (i, current) in pieces.enumerated() {
            var kind = current.kind
            if kind == .binary, isUnaryPosition(after: previous?.kind) || i == pieces.count - 1 {
                // A unary sign binds to what follows (`−Σ`, `−x`): no space on either side.
                kind = .open
            }
            if let previous, !compact,
               needsSpace(between: previous, and: kind) || bothSidesOfTall(previous, current) {
                boxes.append(TextBox(" "))
            }
            boxes.append(current.box)
            previous = Piece(box: current.box, kind: kind, spaceAfter: current.spaceAfter)
        }
        return TextBox.beside(boxes)
    }

    /// In display mode a stacked fraction or limit keeps a space from its neighbours.
    private func bothSidesOfTall(_ previous: Piece, _ current: Piece) -> Bool {
        guard mode == .display, previous.box.height > 1 || current.box.height > 1 else { return false }
        let tight: [MathClass] = [.open, .close, .punctuation, .space]
        return !tight.contains(previous.kind) && !tight.contains(current.kind)
    }

    private func isUnaryPosition(after kind: MathClass?) -> Bool {
        guard let kind else { return true }
        return [.binary, .relation, .open, .punctuation, .largeOperator, .function].contains(kind)
    }

    private func needsSpace(between previous: Piece, and kind: MathClass) -> Bool {
        let before = previous.kind
        if before == .space || kind == .space { return false }
        if [.binary, .relation].contains(kind) || [.binary, .relation].contains(before) { return true }
        if before == .punctuation { return true }
        let operandLike: [MathClass] = [.ordinary, .function, .largeOperator]
        if (before == .function || before == .largeOperator || previous.spaceAfter), operandLike.contains(kind) {
            return true
        }
        return (kind == .function || kind == .largeOperator) && [.ordinary, .close, .inner].contains(before)
    }

    // MARK: Constructions

    private func fraction(_ numerator: MathNode, _ denominator: MathNode) -> TextBox {
        if mode == .display, !compact {
            let top = box(numerator), bottom = box(denominator)
            let bar = TextBox(String(repeating: "─", count: max(top.width, bottom.width) + 2))
            return TextBox.stacked([top, bar, bottom], baseline: top.height)
        }
        let top = oneLine.box(numerator).lines[0], bottom = oneLine.box(denominator).lines[0]
        return TextBox(Self.parenthesized(top) + "/" + Self.parenthesized(bottom))
    }

    private func root(_ radicand: MathNode, index: MathNode?) -> TextBox {
        let sign: String
        switch index.map({ script.box($0).lines[0] }) {
        case nil, "2": sign = "√"
        case "3": sign = "∛"
        case "4": sign = "∜"
        case let n?: sign = (ScriptCharacters.superscript(n) ?? "(\(n))") + "√"
        }
        let inner = box(radicand)
        if inner.height == 1 {
            let text = inner.lines[0]
            return TextBox(sign + (Self.isSimple(radicand) ? text : "(" + text + ")"))
        }
        let parts = [TextBox.delimiter(sign, height: 1), TextBox.delimiter("(", height: inner.height),
                     inner, TextBox.delimiter(")", height: inner.height)]
        return TextBox.beside(parts)
    }

    private func scripts(_ base: MathNode, sub: MathNode?, sup: MathNode?) -> Piece {
        var basePiece = piece(base)
        if mode == .display, !compact, Self.hasLimits(base) {
            let over = sup.map { TextBox(script.box($0).lines[0]) }
            let under = sub.map { TextBox(script.box($0).lines[0]) }
            let column = [over, basePiece.box, under].compactMap { $0 }
            basePiece.box = TextBox.stacked(column, baseline: over == nil ? 0 : 1)
            return basePiece
        }
        var fellBack = false
        for (node, isSuper) in [(sub, false), (sup, true)] {
            guard let node else { continue }
            let text = script.box(node).lines[0]
            guard !text.isEmpty else { continue }
            let unicode = isSuper ? ScriptCharacters.superscript(text) : ScriptCharacters.subscript(text)
            let rendered = unicode ?? (isSuper ? "^" : "_") + (text.count == 1 ? text : "(" + text + ")")
            fellBack = fellBack || unicode == nil
            basePiece.box = basePiece.box.appending(rendered, top: isSuper)
        }
        basePiece.spaceAfter = fellBack
        return basePiece
    }

    // MARK: Helpers

    /// Whether a node's scripts become limits (above and below) in display mode.
    private static func hasLimits(_ node: MathNode) -> Bool {
        switch node {
        case let .atom(_, _, limits): return limits
        case let .row(children) where children.count == 1: return hasLimits(children[0])
        default: return false
        }
    }

    /// Whether a radicand reads unambiguously without parentheses: one atom, maybe scripted.
    private static func isSimple(_ node: MathNode) -> Bool {
        switch node {
        case let .atom(_, kind, _): return kind == .ordinary
        case let .scripts(base, _, _): return isSimple(base)
        case let .accent(inner, _): return isSimple(inner)
        case let .row(children): return children.count == 1 && isSimple(children[0])
        default: return false
        }
    }

    /// Inline text in parentheses when it holds an operator, a relation or a space outside
    /// any brackets of its own (`a + b` → `(a + b)`, but `exp(−x)` stays as it is).
    private static func parenthesized(_ text: String) -> String {
        let operators: Set<Character> = [" ", "+", "−", "-", "±", "∓", "×", "·", "/", "=", "<", ">",
                                         "≤", "≥", ",", "←", "→", "∈"]
        var depth = 0
        for c in text {
            switch c {
            case "(", "[", "{", "⟨": depth += 1
            case ")", "]", "}", "⟩": depth -= 1
            default: if depth == 0, operators.contains(c) { return "(" + text + ")" }
            }
        }
        return text
    }
}

extension String {
    /// The string without leading and trailing spaces.
    func trimmingSpaces() -> String {
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { $0 != 0x20 }),
              let last = bytes.lastIndex(where: { $0 != 0x20 }) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// The string without trailing spaces.
    func trimmingTrailingSpaces() -> String {
        guard let last = utf8.lastIndex(where: { $0 != 0x20 }) else { return "" }
        return String(decoding: utf8[...last], as: UTF8.self)
    }
}
