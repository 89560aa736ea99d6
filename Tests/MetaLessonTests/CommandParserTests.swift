import Testing
@testable import MetaLesson

/// The error a line gives, or `nil` when it parses.
private func parseError(_ line: String, lineNumber: Int? = 3) -> CommandError? {
    do {
        _ = try CommandParser.parse(line, lineNumber: lineNumber)
        return nil
    } catch {
        return error
    }
}

@Suite struct CommandParserTests {
    @Test func verbWordsAndOptionsWithColumns() throws {
        let command = try #require(try CommandParser.parse("train maml ways=5 inner-lr=0.4 as=m1", lineNumber: 7))
        #expect(command.verb == "train")
        #expect(command.verbLocation == SourceLocation(line: 7, column: 1))
        #expect(command.words.map(\.value) == [.word("maml")])
        #expect(command.words[0].location.column == 7)
        #expect(command.options.map(\.name) == ["ways", "inner-lr", "as"])
        #expect(command.options[0].location.column == 12)
        #expect(command.options[0].valueLocation.column == 17)
        #expect(command.option("ways")?.value == .number(5, text: "5"))
        #expect(command.option("inner-lr")?.value == .number(0.4, text: "0.4"))
        #expect(command.option("as")?.value == .word("m1"))
    }

    @Test(arguments: [
        ("1", 1.0), ("-3", -3.0), ("0.25", 0.25), ("1e-3", 0.001), ("2.5E+4", 25_000.0), (".5", 0.5), ("+7", 7.0),
    ])
    func numbers(text: String, value: Double) throws {
        let command = try #require(try CommandParser.parse("set x=\(text)"))
        #expect(command.option("x")?.value == .number(value, text: text))
    }

    @Test(arguments: ["1.2.3", "1e", "e5", "-", "1-2", "out/maml-curve.png", "maml.test.accuracy", "../data/a_b.zip", "~/x"])
    func wordsThatAreNotNumbers(text: String) throws {
        let command = try #require(try CommandParser.parse("show \(text)"))
        #expect(command.words.map(\.value) == [.word(text)])
    }

    @Test func quotedStringsWithEscapes() throws {
        let command = try #require(try CommandParser.parse(#"plot curves title="MAML \"5-way\" \\ run" to="my file.png""#))
        #expect(command.option("title")?.value == .string(#"MAML "5-way" \ run"#))
        #expect(command.option("to")?.value == .string("my file.png"))
    }

    @Test func commaLists() throws {
        let command = try #require(try CommandParser.parse(#"compare algos=maml,reptile lrs=0.1,0.01 names="a b",c"#))
        #expect(command.option("algos")?.value == .list([.word("maml"), .word("reptile")]))
        #expect(command.option("lrs")?.value == .list([.number(0.1, text: "0.1"), .number(0.01, text: "0.01")]))
        #expect(command.option("names")?.value == .list([.string("a b"), .word("c")]))
    }

    @Test func comparisonOperatorsArePositionalWords() throws {
        let command = try #require(try CommandParser.parse("expect maml.test.accuracy >= 0.80  # the claim"))
        #expect(command.words.map(\.value) == [.word("maml.test.accuracy"), .word(">="), .number(0.8, text: "0.80")])
        #expect(command.options.isEmpty)
    }

    @Test(arguments: ["", "   ", "# only a comment", "   # indented comment", "\t"])
    func blankAndCommentLinesGiveNothing(line: String) throws {
        #expect(try CommandParser.parse(line) == nil)
    }

    @Test func trailingCommentIsIgnored() throws {
        let command = try #require(try CommandParser.parse("next # go on"))
        #expect(command.verb == "next")
        #expect(command.words.isEmpty)
    }

    // MARK: Every syntax error kind

    @Test func unterminatedStringPointsAtItsQuote() {
        let error = parseError(#"plot curves to="out.png"#)
        #expect(error == CommandError(.unterminatedString, at: SourceLocation(line: 3, column: 16)))
        #expect(error?.description == "line 3, column 16: unterminated string")
    }

    @Test func unexpectedCharacter() {
        #expect(parseError("train maml ways=(5)")?.kind == .unexpectedCharacter("("))
        #expect(parseError("train maml ways=(5)")?.location.column == 17)
        let quote = parseError("plot to='x.png'")
        #expect(quote?.kind == .unexpectedCharacter("'"))
        #expect(quote?.message.contains("quote strings with") == true)
        #expect(parseError("train maml\u{0}")?.message == "unexpected character U+0000")
    }

    @Test func invalidEscape() {
        #expect(parseError(#"plot title="a\qb""#)?.kind == .invalidEscape("q"))
    }

    @Test func equalsWithoutName() {
        #expect(parseError("train maml =5")?.kind == .missingOptionName)
        #expect(parseError("train maml = 5")?.location.column == 12)
    }

    @Test func invalidOptionName() {
        #expect(parseError("train 3x=5")?.kind == .invalidOptionName("3x"))
    }

    @Test func keyWithNoValue() {
        let error = parseError("train maml ways=")
        #expect(error?.kind == .missingValue(option: "ways"))
        #expect(error?.description == "line 3, column 16: missing value after 'ways='")
        #expect(parseError("train maml ways= shots=1")?.kind == .missingValue(option: "ways"))
    }

    @Test func emptyListItems() {
        #expect(parseError("compare algos=maml,,reptile")?.kind == .emptyListItem)
        #expect(parseError("compare algos=maml,")?.kind == .emptyListItem)
        #expect(parseError("compare algos=,maml")?.kind == .emptyListItem)
    }

    @Test func lineMustStartWithACommandName() {
        #expect(parseError("ways=5")?.kind == .expectedCommandName(found: "ways=5"))
        #expect(parseError("42 train")?.kind == .expectedCommandName(found: "42"))
        #expect(parseError(#""train""#)?.kind == .expectedCommandName(found: #""train""#))
        #expect(parseError(">= 3")?.kind == .expectedCommandName(found: ">="))
    }

    @Test func duplicateOption() {
        let error = parseError("train maml ways=5 ways=10")
        #expect(error?.kind == .duplicateOption("ways"))
        #expect(error?.location.column == 19)
    }

    @Test func lineWithoutLineNumberShowsOnlyTheColumn() {
        #expect(parseError("train \"x", lineNumber: nil)?.description == "column 7: unterminated string")
    }

    @Test func pointerPutsACaretUnderTheColumn() {
        let line = "train maml ways=(5)"
        let error = parseError(line)
        #expect(error?.pointer(into: line) == line + "\n" + String(repeating: " ", count: 16) + "^")
    }

    // MARK: Hostile input

    static let hostileLines: [String] = {
        var lines = [
            "", "=", "==", "key=", "=value", "\"", "\"\"", "\"\\", "a \"b", "a b\"", "'", "a 'b'",
            ",", "a ,", "a b,", "a=b=c", "a b=c=d", "a ===", "!", "a !", "a <>", "a >=1",
            "θ α=β", "train 🙂", "训练 模型=1", "a x=\u{301}", "a\u{0}b", "a \u{7F}", "a\tb\tc=1",
            "#", "a #", "a b#c", "a \"\\\"", "a x=1e999", "a x=-0", "a x=--1",
            String(repeating: "a", count: 10_000),
            "train " + String(repeating: "x", count: 10_000),
            "train x=" + String(repeating: "9", count: 10_000),
            "train " + String(repeating: "\"", count: 10_001),
            "train " + String(repeating: "a=1 ", count: 2_500),
            "train l=" + String(repeating: "1,", count: 5_000) + "1",
        ]
        // Binary garbage decoded lossily, from a fixed seed.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<50 {
            let bytes = (0..<200).map { _ -> UInt8 in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(truncatingIfNeeded: state >> 56)
            }
            lines.append(String(decoding: bytes, as: UTF8.self))
        }
        return lines
    }()

    @Test func hostileLinesParseOrGiveOneClearError() {
        for line in Self.hostileLines {
            do {
                if let command = try CommandParser.parse(line, lineNumber: 1) {
                    #expect(!command.verb.isEmpty)
                    #expect(command.verb.first!.isLetter)
                }
            } catch {
                #expect(error.location.line == 1)
                #expect((1...(line.count + 1)).contains(error.location.column), "\(error) for \(line.prefix(30))")
                #expect(error.description.hasPrefix("line 1, column "))
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test func specificHostileLines() {
        #expect(parseError("=")?.kind == .expectedCommandName(found: "="))
        #expect(parseError("a =")?.kind == .missingOptionName)
        #expect(parseError("a key=")?.kind == .missingValue(option: "key"))
        #expect(parseError("a b\"")?.kind == .unexpectedCharacter("\""))
        #expect(parseError("a=b=c")?.kind == .expectedCommandName(found: "a=b=c"))
        #expect(parseError("a b=c=d")?.kind == .unexpectedCharacter("="))
        #expect(parseError("train " + String(repeating: "x", count: 10_000)) == nil)
    }
}
