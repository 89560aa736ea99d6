import MetaLesson

/// Where a session's text goes: results to the output, errors and progress to the error
/// output. While a lesson report is being written, output lines are also recorded.
final class Console {
    private let output: (String) -> Void
    private let errorOutput: (String) -> Void
    /// Escape codes on or off.
    var style: TerminalStyle
    /// The text width in columns.
    var width: Int
    private var recording: [String]?
    /// When set, output and progress are dropped (still recorded); errors are written.
    var muted = false

    init(output: @escaping (String) -> Void, errorOutput: @escaping (String) -> Void, style: TerminalStyle, width: Int) {
        self.output = output
        self.errorOutput = errorOutput
        self.style = style
        self.width = width
    }

    /// Writes lines of output (each followed by a newline).
    func line(_ text: String = "") {
        if !muted { output(text + "\n") }
        recording?.append(text)
    }

    /// Writes lines of output.
    func lines(_ texts: [String]) { texts.forEach { line($0) } }

    /// Writes an error message as one styled line.
    func error(_ message: String) {
        errorOutput(style.apply(.error, to: "error: " + message) + "\n")
        recording?.append("error: " + message)
    }

    /// Writes progress text verbatim to the error output (never recorded).
    func progress(_ text: String) { if !muted { errorOutput(text) } }

    /// Runs `body` and returns the output lines it wrote (errors included), escape codes removed.
    func record(_ body: () -> Void) -> [String] {
        let outer = recording
        recording = []
        body()
        let captured = recording ?? []
        recording = outer.map { $0 + captured }
        return captured.map(Self.plain)
    }

    /// `text` without ANSI escape sequences.
    static func plain(_ text: String) -> String {
        guard text.contains("\u{1B}") else { return text }
        var result = ""
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if (0x40...0x7E).contains(scalar.value) && scalar != "[" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
