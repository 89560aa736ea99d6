import Foundation
import Testing
@testable import MetaLesson

/// Inputs that crashed or stalled the fuzz targets `lesson`, `command` and `latex`
/// (fuzz/run.sh), kept as regression tests: each must parse or render without trapping,
/// recursing without bound or taking long.
@Suite struct FuzzRegressionTests {
    /// Found reading the parser behind the `latex` target, confirmed on its binary (ASan
    /// stack-overflow in `LaTeXLayout.piece`): `\sqrt[` opened 10,000 times nested one root
    /// index in the next without the depth limit the other groups have (2,000 of them took
    /// 10 s to lay out). Past the limit the `[` is now a plain character.
    @Test(.timeLimit(.minutes(1))) func deeplyNestedRootIndicesAreFlattened() {
        let source = String(repeating: #"\sqrt["#, count: 10_000)
        let inline = LaTeX.inline(source)
        let rendered = inline.contains("√") && inline.contains("[")
        #expect(rendered)
        #expect(LaTeX.display(source).count == 1)
        // Below the limit a root index still nests.
        #expect(LaTeX.inline(#"\sqrt[\sqrt[3]{x}]{y}"#).contains("∛x"))
    }

    /// Found by timing adversarial inputs on the `lesson` target's binary: every `[` of a paragraph
    /// searched the rest of it for `]`, `(` and `)` and copied the text between, so 64 KB of
    /// `[` took 116 s to render. The searches now reuse each other's answers.
    @Test(.timeLimit(.minutes(1))) func paragraphsOfOpenBracketsRenderInLinearTime() throws {
        for text in [String(repeating: "[", count: 40_000),
                     String(repeating: "[", count: 40_000) + "](x)",
                     String(repeating: "[a](b c ", count: 5_000) + ")"] {
            let runs = InlineMarkup.parse(text)
            #expect(runs.map(\.text).joined().count >= text.count - 4)
        }
        let lesson = try Lesson.parse(text: "# T\n## S\nx " + String(repeating: "[", count: 40_000), name: "t.md")
        #expect(!LessonRenderer(style: .plain).render(step: lesson.steps[0], number: 1, of: 1).isEmpty)
        // Links still read as links, next to brackets that are not.
        #expect(InlineMarkup.parse("[a] [b](u) [c](d e) [[f](g)").map(\.text)
                == ["[a] b", " <u>", " [c](d e) [f", " <g>"])
    }

    /// Found by timing adversarial inputs on the `command` target's binary: each option was checked
    /// against every earlier one for duplicates, so a 64 KB line of options took 5.7 s (under
    /// the address sanitizer). Names are now kept in a set.
    @Test(.timeLimit(.minutes(1))) func longLinesOfOptionsParseInLinearTime() throws {
        let options = (0..<12_000).map { "o\($0)=1" }.joined(separator: " ")
        let parsed = try #require(try CommandParser.parse("train maml " + options))
        #expect(parsed.options.count == 12_000)
        #expect(throws: CommandError(.duplicateOption("o7"), at: SourceLocation(line: nil, column: 11 + options.utf8.count + 2))) {
            try CommandParser.parse("train maml " + options + " o7=2")
        }
    }
}
