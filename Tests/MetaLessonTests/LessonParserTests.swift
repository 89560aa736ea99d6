import Testing
@testable import MetaLesson

/// A realistic lesson covering every block kind.
let sampleLesson = """
# Meta-learning with MAML

MAML learns an *initialisation* that adapts in **one step**.

## Meta-train on glyph episodes
One inner step from $\\theta$, then a step of θ on the query loss:
$$\\theta \\leftarrow \\theta - \\beta \\nabla_\\theta \\sum_i \\mathcal{L}_{T_i}(\\theta - \\alpha \\nabla_\\theta \\mathcal{L}_{T_i}(\\theta))$$
```metalab
# five classes, one shot
train maml ways=5 shots=1 inner-lr=0.4 meta-batch=4 iterations=300 as=maml

plot curves of=maml to=maml-curve.png
expect maml.test.accuracy >= 0.80
```

## What changed
- the inner learning rate
  matters a lot
- so does the number of steps
  1. nested numbered
* another bullet

### A smaller heading
$$
\\theta'_i = \\theta - \\alpha
  \\nabla_\\theta \\mathcal{L}
$$

```python
def adapt(theta):
    return theta
```
"""

/// The error for a lesson text, or `nil` when it parses.
private func lessonError(_ text: String) -> LessonError? {
    do {
        _ = try Lesson.parse(text: text, name: "99-broken.md")
        return nil
    } catch {
        return error
    }
}

@Suite struct LessonParserTests {
    @Test func titleNamesAndIntro() throws {
        let lesson = try Lesson.parse(text: sampleLesson, name: "03-maml.md")
        #expect(lesson.title == "Meta-learning with MAML")
        #expect(lesson.fileName == "03-maml.md")
        #expect(lesson.slug == "03-maml")
        #expect(lesson.number == 3)
        #expect(lesson.shortName == "maml")
        #expect(lesson.intro == [LessonBlock(line: 3, content: .paragraph("MAML learns an *initialisation* that adapts in **one step**."))])
        #expect(lesson.steps.map(\.heading) == ["Meta-train on glyph episodes", "What changed"])
        #expect(lesson.steps.map(\.line) == [5, 16])
    }

    @Test func stepBlocksInOrderWithLineNumbers() throws {
        let step = try Lesson.parse(text: sampleLesson, name: "03-maml.md").steps[0]
        #expect(step.blocks.map(\.line) == [6, 7, 8])
        #expect(step.blocks[0].content == .paragraph("One inner step from $\\theta$, then a step of θ on the query loss:"))
        #expect(step.blocks[1].content == .formula(#"\theta \leftarrow \theta - \beta \nabla_\theta \sum_i \mathcal{L}_{T_i}(\theta - \alpha \nabla_\theta \mathcal{L}_{T_i}(\theta))"#))
        #expect(step.commands == [
            LessonCommand(text: "train maml ways=5 shots=1 inner-lr=0.4 meta-batch=4 iterations=300 as=maml", line: 10),
            LessonCommand(text: "plot curves of=maml to=maml-curve.png", line: 12),
            LessonCommand(text: "expect maml.test.accuracy >= 0.80", line: 13),
        ])
    }

    @Test func listsHeadingsMultiLineFormulasAndCode() throws {
        let step = try Lesson.parse(text: sampleLesson, name: "03-maml.md").steps[1]
        #expect(step.blocks.map(\.line) == [17, 23, 24, 29])
        #expect(step.blocks[0].content == .list([
            ListItem(text: "the inner learning rate matters a lot", level: 0),
            ListItem(text: "so does the number of steps", level: 0),
            ListItem(text: "nested numbered", level: 1, ordered: true),
            ListItem(text: "another bullet", level: 0),
        ]))
        #expect(step.blocks[1].content == .heading(level: 3, text: "A smaller heading"))
        #expect(step.blocks[2].content == .formula("\\theta'_i = \\theta - \\alpha\n\\nabla_\\theta \\mathcal{L}"))
        #expect(step.blocks[3].content == .code(language: "python", text: "def adapt(theta):\n    return theta"))
        #expect(step.commands.isEmpty)
    }

    @Test func windowsLineEndingsAndClosingHashes() throws {
        let lesson = try Lesson.parse(text: "# Title #\r\n\r\n## Step one ##\r\ntext\r\n", name: "x.md")
        #expect(lesson.title == "Title")
        #expect(lesson.steps.first?.heading == "Step one")
        #expect(lesson.steps.first?.blocks.first?.content == .paragraph("text"))
    }

    @Test func tildeFencesAndLongerClosers() throws {
        let lesson = try Lesson.parse(text: "# T\n## S\n~~~~metalab\nnext\n~~~~~\n````\n```\n````\n", name: "x.md")
        #expect(lesson.steps[0].commands == [LessonCommand(text: "next", line: 4)])
        #expect(lesson.steps[0].blocks[1].content == .code(language: nil, text: "```"))
    }

    @Test func paragraphsSplitAtBlankLinesAndRulesAreSkipped() throws {
        let lesson = try Lesson.parse(text: "# T\n\na\nb\n\n---\n\nc\n", name: "x.md")
        #expect(lesson.intro.map(\.content) == [.paragraph("a b"), .paragraph("c")])
    }

    // MARK: Every error kind

    @Test func emptyFile() {
        #expect(lessonError("")?.kind == .emptyFile)
        #expect(lessonError("\n  \n\t\n")?.kind == .emptyFile)
    }

    @Test func missingTitle() {
        let error = lessonError("\n\nSome prose\n## Step\n")
        #expect(error?.kind == .missingTitle)
        #expect(error?.line == 3)
        #expect(lessonError("## Step first\n")?.kind == .missingTitle)
        #expect(lessonError("#Title without space\n")?.kind == .missingTitle)
    }

    @Test func emptyTitle() {
        #expect(lessonError("#\n## Step\n") == LessonError(kind: .emptyTitle, fileName: "99-broken.md", line: 1))
    }

    @Test func secondTitle() {
        #expect(lessonError("# One\n## Step\n# Two\n") == LessonError(kind: .secondTitle, fileName: "99-broken.md", line: 3))
    }

    @Test func stepWithNoHeadingText() {
        let error = lessonError("# T\n\n## Good\ntext\n##   \n")
        #expect(error == LessonError(kind: .emptyStepHeading, fileName: "99-broken.md", line: 5))
        #expect(error?.description == "99-broken.md, line 5: the '##' step heading has no text")
    }

    @Test func unclosedFence() {
        let error = lessonError("# T\n## S\n```metalab\ntrain maml\n")
        #expect(error == LessonError(kind: .unclosedFence, fileName: "99-broken.md", line: 3))
        #expect(lessonError("# T\n```\n``\n")?.kind == .unclosedFence)
        #expect(lessonError("# T\n~~~\n```\n")?.kind == .unclosedFence)
    }

    @Test func unclosedFormula() {
        let error = lessonError("# T\n## S\n$$\n\\theta = 1\n\nmore\n")
        #expect(error == LessonError(kind: .unclosedFormula, fileName: "99-broken.md", line: 3))
        #expect(lessonError("# T\n$$ x + y\n")?.kind == .unclosedFormula)
    }

    @Test func dollarsInsideCodeAreNotFormulas() throws {
        let lesson = try Lesson.parse(text: "# T\n```\n$$\n```\n", name: "x.md")
        #expect(lesson.intro.first?.content == .code(language: nil, text: "$$"))
    }

    // MARK: Robustness

    @Test func mutatedLessonsNeverCrashOrHang() {
        // Seeded mutations of the sample: deletions, duplications and insertions of markup.
        let pieces = ["```", "$$", "#", "## ", "- ", "*", "**", "`", "$", "\n", "\\", "{", "}", "~~~", "1. ", "\u{0}", "θ", "\r"]
        var state: UInt64 = 42
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let base = Array(sampleLesson)
        var parsed = 0, failed = 0
        for _ in 0..<300 {
            var chars = base
            for _ in 0..<(1 + next() % 6) {
                let at = next() % (chars.count + 1)
                switch next() % 3 {
                case 0 where !chars.isEmpty:
                    chars.removeSubrange(min(at, chars.count - 1)..<min(chars.count, at + next() % 40))
                case 1:
                    chars.insert(contentsOf: Array(pieces[next() % pieces.count]), at: at)
                default:
                    let end = min(chars.count, at + next() % 80)
                    chars.insert(contentsOf: Array(chars[at..<end]), at: at)
                }
            }
            do {
                let lesson = try Lesson.parse(text: String(chars), name: "fuzz.md")
                let renderer = LessonRenderer(style: .plain, width: 50)
                for (i, step) in lesson.steps.enumerated() {
                    #expect(!renderer.render(step: step, number: i + 1, of: lesson.steps.count).contains("\u{1B}"))
                }
                #expect(!lesson.title.isEmpty)
                parsed += 1
            } catch {
                #expect(error.line >= 1)
                failed += 1
            }
        }
        #expect(parsed + failed == 300)
        #expect(parsed > 0 && failed > 0)
    }

    @Test func hugeAndBinaryLessons() {
        let long = "# T\n## S\n" + String(repeating: "word **bold *em* `code` $x^2$ ", count: 2000) + "\n"
        #expect((try? Lesson.parse(text: long, name: "x.md"))?.steps.count == 1)
        let many = "# T\n" + String(repeating: "## S\n$$x$$\n```metalab\nnext\n```\n", count: 2000)
        #expect((try? Lesson.parse(text: many, name: "x.md"))?.commands.count == 2000)
        var state: UInt64 = 7
        let bytes = (0..<20_000).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let garbage = String(decoding: bytes, as: UTF8.self)
        for text in [garbage, "# T\n" + garbage] {
            do { _ = try Lesson.parse(text: text, name: "bin.md") } catch { #expect(error.line >= 1) }
        }
    }
}
