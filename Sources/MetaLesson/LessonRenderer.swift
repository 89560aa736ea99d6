/// Renders lessons for the terminal: styled headings, wrapped prose, hanging-indented lists,
/// centred formulas, code and commands; plain text when the style is off.
public struct LessonRenderer: Sendable {
    /// Escape codes on or off.
    public var style: TerminalStyle
    /// The text width in columns.
    public var width: Int

    /// A renderer for `width` columns (at least 20).
    public init(style: TerminalStyle, width: Int = 80) {
        self.style = style
        self.width = max(20, width)
    }

    /// The lesson's title, underlined, followed by its introduction.
    public func renderTitle(of lesson: Lesson) -> String {
        let rule = String(repeating: "═", count: min(width, DisplayWidth.of(lesson.title)))
        let head = [style.apply([.heading, .bold], to: lesson.title), style.apply(.dim, to: rule)]
        return join([head] + lesson.intro.map(render))
    }

    /// One step: `Step 2/5 · Heading`, underlined, then its blocks.
    public func render(step: LessonStep, number: Int, of count: Int) -> String {
        let title = "Step \(number)/\(count) · \(step.heading)"
        let titleLines = TextWrapper.wrap(title, width: width)
        let rule = String(repeating: "─", count: min(width, titleLines.map { DisplayWidth.of($0) }.max() ?? 0))
        let head = titleLines.map { style.apply(.heading, to: $0) } + [style.apply(.dim, to: rule)]
        return join([head] + step.blocks.map(render))
    }

    /// One block as terminal lines.
    public func render(_ block: LessonBlock) -> [String] {
        switch block.content {
        case let .paragraph(text):
            return TextWrapper.wrap(InlineMarkup.parse(text), width: width, style: style)
        case let .heading(_, text):
            return TextWrapper.wrap(InlineMarkup.parse(text).map { StyledRun($0.text, $0.attributes.union(.bold), breakable: $0.breakable) },
                                    width: width, style: style)
        case let .list(items):
            return renderList(items)
        case let .formula(source):
            return centred(LaTeX.display(source)).map { style.apply(.formula, to: $0) }
        case let .code(_, text):
            return text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "    " + style.apply(.dim, to: String($0)) }
        case let .commands(commands):
            return commands.map { "  › " + style.apply(.code, to: $0.text) }
        }
    }

    private func renderList(_ items: [ListItem]) -> [String] {
        var counters: [Int: Int] = [:]
        return items.flatMap { item -> [String] in
            let indent = String(repeating: "  ", count: min(item.level, 8))
            counters[item.level, default: 0] += 1
            for deeper in counters.keys where deeper > item.level { counters[deeper] = 0 }
            let marker = item.ordered ? "\(counters[item.level]!). " : (item.level == 0 ? "• " : "◦ ")
            let first = "  " + indent + marker
            let rest = String(repeating: " ", count: DisplayWidth.of(first))
            return TextWrapper.wrap(InlineMarkup.parse(item.text), width: width,
                                    firstPrefix: first, restPrefix: rest, style: style)
        }
    }

    /// Lines centred as one block, so a stacked fraction keeps its alignment.
    private func centred(_ lines: [String]) -> [String] {
        let blockWidth = lines.map { DisplayWidth.of($0) }.max() ?? 0
        let pad = String(repeating: " ", count: max(0, (width - blockWidth) / 2))
        return lines.map { pad + $0 }
    }

    private func join(_ sections: [[String]]) -> String {
        sections.filter { !$0.isEmpty }.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
    }
}
