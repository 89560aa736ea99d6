// libFuzzer target: the command-language parser, validation against a command table,
// error messages with their column pointer, and tab completion, one input line at a time.
// MetaLab's own table lives in MetaSession; this one has every kind of argument, so the
// target needs MetaLesson alone.
import MetaLesson

private let catalog = CommandCatalog([
    CommandSignature("train", group: "Training", "a command with every kind of argument", positionals: [
        ArgumentSpec("algo", .choice(["maml", "reptile", "protonet"]), required: true, "a choice"),
        ArgumentSpec("file", .path, completion: .paths, "a path"),
    ], options: [
        ArgumentSpec("ways", .int(1...50), default: .int(5), "an integer in a range"),
        ArgumentSpec("inner-lr", .float(0...10), "a number in a range"),
        ArgumentSpec("first-order", .bool, default: .bool(false), "a flag"),
        ArgumentSpec("as", .name, completion: .results, "a name"),
        ArgumentSpec("title", .string, "text"),
        ArgumentSpec("lrs", .list(.float(0...10)), "a list of numbers"),
        ArgumentSpec("algos", .list(.choice(["maml", "reptile"])), "a list of choices"),
    ]),
    CommandSignature("expect", group: "Results", "comparisons", positionals: [
        ArgumentSpec("path", .name, required: true, "a dotted path"),
        ArgumentSpec("comparison", .choice([">=", "<=", ">", "<", "==", "!="]), required: true, "how to compare"),
        ArgumentSpec("value", .string, required: true, "a number or a path"),
    ]),
    CommandSignature("quit", group: "Session", "no arguments"),
])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(64).enumerated() {
        let line = String(line)
        do {
            if let parsed = try CommandParser.parse(line, lineNumber: number + 1) {
                _ = parsed.verb
            }
        } catch {
            _ = error.description
            _ = error.pointer(into: line)
        }
        do {
            if let command = try catalog.validate(line: line, lineNumber: number + 1) {
                for (_, value) in command.values { _ = value.description }
            }
        } catch {
            _ = error.description
            _ = error.pointer(into: line)
        }
        _ = catalog.completions(for: line) { _, partial in [partial, partial + "x"] }
    }
    return 0
}

