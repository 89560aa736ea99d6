import Testing
@testable import MetaLesson
@testable import MetaSession

private let catalog = MetaLabCommands.catalog

/// The validation error for a line, or `nil` when it validates.
private func validationError(_ line: String) -> CommandError? {
    do {
        _ = try catalog.validate(line: line, lineNumber: 2)
        return nil
    } catch {
        return error
    }
}

@Suite struct CommandValidationTests {
    @Test func typedValuesWithDefaultsApplied() throws {
        let command = try #require(try catalog.validate(line: "train maml ways=5 inner-lr=0.4 iterations=300 as=maml first-order=yes"))
        #expect(command.name == "train")
        #expect(command.word("algo") == "maml")
        #expect(command.int("ways") == 5)
        #expect(command.float("inner-lr") == 0.4)
        #expect(command.int("iterations") == 300)
        #expect(command.word("as") == "maml")
        #expect(command.bool("first-order"))
        #expect(command.int("shots") == 1)              // default
        #expect(command.float("outer-lr") == 0.001)     // default
        #expect(command.word("dataset") == "glyphs")    // default
        #expect(command.isGiven("ways"))
        #expect(!command.isGiven("shots"))
        #expect(command["seed"] == .int(0))
    }

    @Test func listsOfChoicesAndNumbers() throws {
        let compare = try #require(try catalog.validate(line: "compare algos=maml,reptile"))
        #expect(compare.words("algos") == ["maml", "reptile"])
        let single = try #require(try catalog.validate(line: "compare algos=protonet"))
        #expect(single.words("algos") == ["protonet"])
        let sweep = try #require(try catalog.validate(line: "sweep maml lrs=0.1,0.01,1"))
        #expect(sweep.floats("lrs") == [0.1, 0.01, 1])
    }

    @Test func choicesAreCaseInsensitiveAndCanonical() throws {
        let command = try #require(try catalog.validate(line: "train MAML"))
        #expect(command.word("algo") == "maml")
    }

    @Test func expectTakesAPathAComparisonAndANumberOrPath() throws {
        let command = try #require(try catalog.validate(line: "expect maml.test.accuracy >= 0.80"))
        #expect(command.word("path") == "maml.test.accuracy")
        #expect(command.word("comparison") == ">=")
        #expect(command.word("value") == "0.80")  // the session reads it as a number or a dotted path
        let paths = try #require(try catalog.validate(line: "expect maml.train.loss.last < maml.train.loss.first"))
        #expect(paths.word("value") == "maml.train.loss.first")
    }

    @Test func lessonsOpenByNameOrNumber() throws {
        #expect(try catalog.validate(line: "open 3")?.word("lesson") == "3")
        #expect(try catalog.validate(line: "open 01-maml")?.word("lesson") == "01-maml")
    }

    @Test func integersAreAcceptedWhereFloatsAreExpected() throws {
        let command = try #require(try catalog.validate(line: "train maml inner-lr=1"))
        #expect(command.float("inner-lr") == 1)
    }

    // MARK: Every validation error kind

    @Test func unknownCommandSuggestsTheNearest() {
        let error = validationError("trian maml")
        #expect(error?.kind == .unknownCommand("trian", suggestion: "train"))
        #expect(error?.description == "line 2, column 1: unknown command 'trian' — did you mean 'train'?")
        #expect(validationError("xyzzy")?.kind == .unknownCommand("xyzzy", suggestion: nil))
    }

    @Test func unknownOptionSuggestsTheNearest() {
        let error = validationError("train maml inner_lr=0.1")
        #expect(error?.kind == .unknownOption("inner_lr", command: "train", suggestion: "inner-lr"))
        #expect(error?.message == "unknown option 'inner_lr' for train — did you mean 'inner-lr'?")
        #expect(error?.location.column == 12)
    }

    @Test func wrongType() {
        let error = validationError("train maml iterations=abc")
        #expect(error?.message == "expected a whole number for iterations, got 'abc'")
        #expect(error?.location.column == 23)
        #expect(validationError("train maml inner-lr=fast")?.message == "expected a number for inner-lr, got 'fast'")
        #expect(validationError("train maml ways=2.5")?.kind == .wrongType(argument: "ways", expected: "a whole number", got: "2.5"))
        #expect(validationError("train maml first-order=maybe")?.kind == .wrongType(argument: "first-order", expected: "true or false", got: "maybe"))
        #expect(validationError("show 3")?.kind == .wrongType(argument: "PATH", expected: "a word", got: "3"))
        #expect(validationError("show \"a b\"")?.kind == .wrongType(argument: "PATH", expected: "a word", got: "\"a b\""))
        #expect(validationError("train maml ways=1,2")?.kind == .wrongType(argument: "ways", expected: "a whole number", got: "1,2"))
    }

    @Test func outOfRange() {
        let error = validationError("train maml iterations=0")
        #expect(error?.message == "iterations must be between 1 and 100000, got 0")
        #expect(validationError("train maml inner-lr=-1")?.kind == .outOfRange(argument: "inner-lr", bounds: "between 0 and 10", got: "-1"))
        #expect(validationError("expect a.b == 1 tolerance=-0.5")?.message == "tolerance must be at least 0, got -0.5")
        #expect(validationError("sweep maml lrs=0.1,20")?.kind == .outOfRange(argument: "lrs", bounds: "between 0 and 10", got: "20"))
    }

    @Test func wordOutsideItsSet() {
        let error = validationError("train mamll")
        #expect(error?.kind == .notAllowed(argument: "ALGO", value: "mamll", allowed: AlgorithmRegistry.standard.names, suggestion: "maml"))
        #expect(error?.message.hasSuffix("got 'mamll' — did you mean 'maml'?") == true)
        #expect(validationError("compare algos=maml,reptil")?.kind == .notAllowed(
            argument: "algos", value: "reptil", allowed: AlgorithmRegistry.standard.names, suggestion: "reptile"))
    }

    @Test func missingArgument() {
        let error = validationError("train")
        #expect(error?.kind == .missingArgument(argument: "ALGO", command: "train"))
        #expect(error?.location.column == 6)
        #expect(validationError("plot curves")?.kind == .missingArgument(argument: "to=", command: "plot"))
        #expect(validationError("expect acc >=")?.kind == .missingArgument(argument: "VALUE", command: "expect"))
    }

    @Test func unexpectedWord() {
        let error = validationError("next 3")
        #expect(error?.kind == .unexpectedWord("3", command: "next"))
        #expect(error?.location.column == 6)
    }

    // MARK: The generic table

    struct Counter { var total = 0; var seen: [String] = [] }

    @Test func tableRunsHandlersWithValidatedCommands() throws {
        let add = CommandSignature("add", group: "Test", "add a number", positionals: [
            ArgumentSpec("n", .int(1...10), required: true, "how much"),
        ], options: [ArgumentSpec("label", .string, default: .string("none"), "a label")])
        let table = CommandTable<Counter>([
            CommandSpec(add) { counter, command in
                counter.total += command.int("n")
                counter.seen.append(command.word("label"))
            },
        ])
        var counter = Counter()
        #expect(try table.run("add 3", in: &counter))
        #expect(try table.run("add 4 label=\"four x\"", in: &counter))
        #expect(try !table.run("# nothing", in: &counter))
        #expect(counter.total == 7)
        #expect(counter.seen == ["none", "four x"])
        #expect(throws: CommandError.self) { try table.run("add 11", in: &counter) }
        #expect(counter.total == 7)
    }
}

@Suite struct SuggestionTests {
    @Test func distances() {
        #expect(Suggestions.distance("train", "train") == 0)
        #expect(Suggestions.distance("trian", "train") == 1)       // transposition
        #expect(Suggestions.distance("inner_lr", "inner-lr") == 0) // `_` and `-` are the same
        #expect(Suggestions.distance("kitten", "sitting") == 3)
        #expect(Suggestions.distance("", "abc") == 3)
        #expect(Suggestions.distance("MAML", "maml") == 0)
    }

    @Test func rankingPrefersTheCloserThenTheLongerPrefix() {
        #expect(Suggestions.ranked("shot", among: ["shots", "show", "seed"]) == ["shots", "show"])
        #expect(Suggestions.ranked("iter", among: ["iterations", "inner-lr", "items"]).first == "iterations")
        #expect(Suggestions.ranked("mamll", among: AlgorithmRegistry.standard.names).first == "maml")
        #expect(Suggestions.ranked("reptil", among: AlgorithmRegistry.standard.names) == ["reptile"])
        #expect(Suggestions.ranked("zzzzzz", among: AlgorithmRegistry.standard.names).isEmpty)
        #expect(Suggestions.ranked("", among: ["a"]).isEmpty)
    }

    @Test func longInputIsCheap() {
        let long = String(repeating: "x", count: 10_000)
        #expect(Suggestions.best(long, among: catalog.commands.map(\.name)) == nil)
    }
}

@Suite struct HelpAndCompletionTests {
    @Test func helpListsEveryCommandGrouped() {
        let help = catalog.help()
        for command in catalog.commands {
            #expect(help.contains("  " + command.name), "missing \(command.name)")
            #expect(help.contains(command.summary))
        }
        for group in ["Lessons", "Training", "Results", "Figures", "Session"] {
            #expect(help.contains("\n" + group + "\n") || help.hasPrefix(group + "\n"))
        }
        #expect(!help.contains("\u{1B}"))
    }

    @Test func helpForEveryCommandShowsEveryOptionWithTypeDefaultAndRange() throws {
        for command in catalog.commands {
            let help = try catalog.help(for: command.name)
            #expect(help.hasPrefix("usage: " + command.name))
            for option in command.options {
                #expect(help.contains(option.name + "=" + option.kind.placeholder), "\(command.name) \(option.name)")
            }
            for positional in command.positionals {
                #expect(help.contains(positional.name.uppercased()))
            }
        }
        let train = try catalog.help(for: "train")
        #expect(train.contains("iterations=INT"))
        let flowing = train.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flowing.contains("iterations=INT meta-updates to run (default 1000; between 1 and 100000)"))
        #expect(flowing.contains("dataset=WORD where episodes come from (default glyphs; one of glyphs, sines, omniglot)"))
        #expect(train.contains("inner-lr=FLOAT"))
        #expect(train.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test func helpForAnUnknownCommandSuggests() {
        #expect(throws: CommandError(.unknownCommand("tarin", suggestion: "train"), at: SourceLocation(line: nil, column: 1))) {
            try catalog.help(for: "tarin")
        }
    }

    @Test func styledHelpHasEscapesAndPlainHasNone() throws {
        #expect(catalog.help(style: .ansi).contains("\u{1B}["))
        #expect(try !catalog.help(for: "plot", style: .plain).contains("\u{1B}"))
    }

    @Test func completesCommandNames() {
        #expect(catalog.completions(for: "tr") == ["train"])
        #expect(catalog.completions(for: "re") == ["restart", "results"])
        #expect(catalog.completions(for: "").count == catalog.commands.count)
    }

    @Test func completesOptionNamesNotYetGiven() {
        let options = catalog.completions(for: "train maml inner")
        #expect(options == ["inner-lr=", "inner-steps="])
        let rest = catalog.completions(for: "train maml ways=5 ")
        #expect(!rest.contains("ways="))
        #expect(rest.contains("shots="))
    }

    @Test func completesPositionalChoicesAndOptionValues() {
        #expect(catalog.completions(for: "train ma") == ["maml", "maml-rl", "maml-rl-dice", "mann", "matching"])
        #expect(catalog.completions(for: "train maml dataset=o") == ["dataset=omniglot"])
        #expect(catalog.completions(for: "compare algos=maml,re") == ["algos=maml,reptile"])
        #expect(catalog.completions(for: "train maml first-order=t") == ["first-order=true"])
    }

    @Test func completesValuesThroughTheCallback() {
        let results = ["maml", "maml-fo", "reptile"]
        let complete = { (hint: CompletionHint, prefix: String) -> [String] in
            hint == .results ? results : hint == .paths ? ["out/", "out.png"] : []
        }
        #expect(catalog.completions(for: "eval ma", values: complete) == ["maml", "maml-fo"])
        #expect(catalog.completions(for: "plot curves of=r", values: complete) == ["of=reptile"])
        #expect(catalog.completions(for: "plot curves to=o", values: complete) == ["to=out.png", "to=out/"])
        #expect(catalog.completions(for: "nosuch x").isEmpty)
    }
}
