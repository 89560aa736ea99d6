import Testing
@testable import MetaLesson

@Suite struct DisplayWidthTests {
    @Test func widths() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("θ′ᵢ = θ − α∇") == 12)
        #expect(DisplayWidth.of("x\u{0302}") == 1)          // combining hat
        #expect(DisplayWidth.of("e\u{301}\u{301}") == 1)
        #expect(DisplayWidth.of("元学习") == 6)              // wide CJK
        #expect(DisplayWidth.of("한국") == 4)
        #expect(DisplayWidth.of("ℒ𝔼ℝ") == 3)
        #expect(DisplayWidth.of("\u{1B}") == 0)
        #expect(DisplayWidth.of("") == 0)
    }
}

@Suite struct TerminalStyleTests {
    @Test func detection() {
        #expect(TerminalStyle.detect(environment: [:], isTerminal: true) == .ansi)
        #expect(TerminalStyle.detect(environment: [:], isTerminal: false) == .plain)
        #expect(TerminalStyle.detect(environment: ["NO_COLOR": "1"], isTerminal: true) == .plain)
        #expect(TerminalStyle.detect(environment: ["NO_COLOR": ""], isTerminal: true) == .ansi)
        #expect(TerminalStyle.detect(environment: ["TERM": "dumb"], isTerminal: true) == .plain)
        #expect(TerminalStyle.detect(environment: ["COLORTERM": "truecolor"], isTerminal: true).trueColor)
    }

    @Test func applyingAttributes() {
        #expect(TerminalStyle.plain.apply([.bold, .heading], to: "x") == "x")
        #expect(TerminalStyle.ansi.apply(.bold, to: "x") == "\u{1B}[1mx\u{1B}[0m")
        #expect(TerminalStyle.ansi.apply([.italic, .code], to: "x") == "\u{1B}[3;33mx\u{1B}[0m")
        #expect(TerminalStyle.ansi.apply([], to: "x") == "x")
    }

    @Test func paletteIndices() {
        #expect(RGB(red: 0, green: 0, blue: 0).paletteIndex == 16)
        #expect(RGB(red: 255, green: 255, blue: 255).paletteIndex == 231)
        #expect(RGB(red: 128, green: 128, blue: 128).paletteIndex == 244)
        #expect(RGB(red: 255, green: 0, blue: 0).paletteIndex == 196)
        #expect(RGB(red: 0, green: 0, blue: 255).paletteIndex == 21)
    }
}

@Suite struct InlineMarkupTests {
    @Test func runs() {
        #expect(InlineMarkup.parse("a **b** *c* `d e` $x^2$") == [
            StyledRun("a "), StyledRun("b", .bold), StyledRun(" "), StyledRun("c", .italic), StyledRun(" "),
            StyledRun("d e", .code), StyledRun(" "), StyledRun("x²", .formula, breakable: false),
        ])
        #expect(InlineMarkup.parse("**bold *both***") == [StyledRun("bold ", .bold), StyledRun("both", [.bold, .italic])])
    }

    @Test func literalMarkersAndEscapes() {
        #expect(InlineMarkup.parse("2 * 3 * 4") == [StyledRun("2 * 3 * 4")])
        #expect(InlineMarkup.parse("costs $5 and $6") == [StyledRun("costs $5 and $6")])
        #expect(InlineMarkup.parse(#"a \*b\* \$c"#) == [StyledRun("a *b* $c")])
        #expect(InlineMarkup.parse("unclosed `code and **bold") == [StyledRun("unclosed `code and **bold")])
        #expect(InlineMarkup.parse("$$\\alpha$$") == [StyledRun("α", .formula, breakable: false)])
    }

    @Test func links() {
        #expect(InlineMarkup.parse("see [paper](https://arxiv.org/abs/1703.03400)") == [
            StyledRun("see paper"), StyledRun(" <https://arxiv.org/abs/1703.03400>", .dim),
        ])
    }

    @Test func hostileMarkupIsFastAndTotal() {
        for text in [String(repeating: "*", count: 20_000), String(repeating: "**a", count: 5_000),
                     String(repeating: "`", count: 9_999), String(repeating: "$", count: 9_999),
                     String(repeating: "[", count: 5_000) + "](", "\\", "*\\"] {
            let runs = InlineMarkup.parse(text)
            #expect(!runs.isEmpty)
        }
    }
}

@Suite struct TextWrapperTests {
    @Test func wrapsPlainTextExactly() {
        let text = "Model-agnostic meta-learning finds an initialisation from which one gradient step adapts to a new task."
        #expect(TextWrapper.wrap(text, width: 30) == [
            "Model-agnostic meta-learning",
            "finds an initialisation from",
            "which one gradient step adapts",
            "to a new task.",
        ])
    }

    @Test func hangingIndent() {
        #expect(TextWrapper.wrap("one two three four five six", width: 14, firstPrefix: "  • ", restPrefix: "    ") == [
            "  • one two",
            "    three four",
            "    five six",
        ])
    }

    @Test func wideCharactersCountTwoAndMarksZero() {
        #expect(TextWrapper.wrap("元学习 元学习 元学习", width: 13) == ["元学习 元学习", "元学习"])
        #expect(TextWrapper.wrap("x\u{0302}x\u{0302} y\u{0302}y\u{0302}", width: 5) == ["x\u{0302}x\u{0302} y\u{0302}y\u{0302}"])
    }

    @Test func longWordsAreCut() {
        // A word too long for any line starts a new line and is cut there.
        #expect(TextWrapper.wrap("ab " + String(repeating: "x", count: 12), width: 5) == ["ab", "xxxxx", "xxxxx", "xx"])
    }

    @Test func stylesDoNotCountTowardWidth() {
        let runs = InlineMarkup.parse("**aaaa** **bbbb** cccc")
        let styled = TextWrapper.wrap(runs, width: 10, style: .ansi)
        #expect(styled.count == 2)
        #expect(styled[0] == "\u{1B}[1maaaa\u{1B}[0m \u{1B}[1mbbbb\u{1B}[0m")
        #expect(TextWrapper.wrap(runs, width: 10, style: .plain) == ["aaaa bbbb", "cccc"])
    }

    @Test func formulasAreNotBroken() {
        let runs = InlineMarkup.parse("so $a + b + c$ here")
        #expect(TextWrapper.wrap(runs, width: 11, style: .plain) == ["so", "a + b + c", "here"])
        #expect(TextWrapper.wrap(runs, width: 12, style: .plain) == ["so a + b + c", "here"])
    }

    @Test func emptyAndTinyWidths() {
        #expect(TextWrapper.wrap("", width: 10) == [""])
        #expect(TextWrapper.wrap("abc", width: 0) == ["a", "b", "c"])
    }
}

@Suite struct LessonRendererTests {
    @Test func plainStepRendersExactly() throws {
        let lesson = try Lesson.parse(text: sampleLesson, name: "03-maml.md")
        let renderer = LessonRenderer(style: .plain, width: 40)
        #expect(renderer.render(step: lesson.steps[0], number: 1, of: 2) == """
            Step 1/2 · Meta-train on glyph episodes
            ───────────────────────────────────────

            One inner step from θ, then a step of θ
            on the query loss:

            θ ← θ − β∇_θ Σ ℒ_(Tᵢ)(θ − α∇_θ ℒ_(Tᵢ)(θ))
                         i

              › train maml ways=5 shots=1 inner-lr=0.4 meta-batch=4 iterations=300 as=maml
              › plot curves of=maml to=maml-curve.png
              › expect maml.test.accuracy >= 0.80
            """)
    }

    @Test func plainListsHeadingsAndCode() throws {
        let lesson = try Lesson.parse(text: sampleLesson, name: "03-maml.md")
        let renderer = LessonRenderer(style: .plain, width: 30)
        let text = renderer.render(step: lesson.steps[1], number: 2, of: 2)
        #expect(text.contains("""
              • the inner learning rate
                matters a lot
              • so does the number of
                steps
                1. nested numbered
              • another bullet
            """))
        #expect(text.contains("A smaller heading"))
        #expect(text.contains("    def adapt(theta):\n        return theta"))
        #expect(text.split(separator: "\n").allSatisfy { DisplayWidth.of($0) <= 30 || $0.hasPrefix("  ") })
    }

    @Test func titleAndIntro() throws {
        let lesson = try Lesson.parse(text: sampleLesson, name: "03-maml.md")
        #expect(LessonRenderer(style: .plain, width: 80).renderTitle(of: lesson) == """
            Meta-learning with MAML
            ═══════════════════════

            MAML learns an initialisation that adapts in one step.
            """)
    }

    @Test func styledOutputHasEscapesAndPlainHasNone() throws {
        let lesson = try Lesson.parse(text: sampleLesson, name: "03-maml.md")
        for (i, step) in lesson.steps.enumerated() {
            #expect(!LessonRenderer(style: .plain).render(step: step, number: i + 1, of: 2).contains("\u{1B}"))
            #expect(LessonRenderer(style: .ansi).render(step: step, number: i + 1, of: 2).contains("\u{1B}[1;36m"))
        }
    }

    @Test func formulasWiderThanTheTextStartAtTheLeftMargin() {
        let block = LessonBlock(line: 1, content: .formula(#"a + b + c + d"#))
        #expect(LessonRenderer(style: .plain, width: 20).render(block) == ["   a + b + c + d"])
        #expect(LessonRenderer(style: .plain, width: 20).render(LessonBlock(line: 1, content: .formula(String(repeating: "x", count: 30)))) == [String(repeating: "x", count: 30)])
    }

    @Test func formulasAreCentred() {
        let block = LessonBlock(line: 1, content: .formula(#"\frac{a}{b}"#))
        #expect(LessonRenderer(style: .plain, width: 21).render(block) == ["          a", "         ───", "          b"])
    }
}
