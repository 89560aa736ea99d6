// libFuzzer target: the command-language parser, validation against the command table,
// error messages with their column pointer, and tab completion, one input line at a time.
import MetaLesson

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let catalog = MetaLabCommands.catalog
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

