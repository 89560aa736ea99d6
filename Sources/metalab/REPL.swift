import CReadline
import Foundation
import MetaLesson
import MetaSession

/// The interactive loop: readline with completion and history when stdin is a terminal,
/// plain line-by-line execution (stopping at the first failed line) otherwise.
struct REPL {
    let lessonsFolder: String
    let outputFolder: String

    /// Runs until `quit`, Ctrl-D or the end of input; returns the process exit status.
    func run() -> Int32 {
        metalab_line_buffer_stdout()
        let interactive = isatty(STDIN_FILENO) != 0
        let environment = ProcessInfo.processInfo.environment
        let style = TerminalStyle.detect(environment: environment, isTerminal: isatty(STDOUT_FILENO) != 0)
        let options = SessionOptions(lessonsFolder: lessonsFolder, outputFolder: outputFolder, style: style,
                                     width: terminalWidth(), interactive: interactive,
                                     progress: isatty(STDERR_FILENO) != 0)
        // The session's text already ends in newlines: write it as it is.
        let session = Session(options: options, output: { print($0, terminator: "") }, errorOutput: { writeToStandardError($0) })
        return interactive ? interactiveLoop(session) : scriptLoop(session)
    }

    private func interactiveLoop(_ session: Session) -> Int32 {
        installInterruptHandler()
        forwardInterrupts(to: session.stop)
        let history = (environmentHome() as NSString).appendingPathComponent(".metalab_history")
        let box = UncheckedBox(session)
        let editor = LineEditor(historyPath: history, warn: writeToStandardError) { box.value.completions(for: $0) }
        print("MetaLab — learn CNN meta-learning hands-on. Type `lessons` to begin, `help` for commands, Ctrl-D to leave.")
        while let line = editor.readLine(prompt: session.prompt) {
            LineEditorCallbacks.interrupted.store(false, ordering: .relaxed)
            let outcome = line.trimmingCharacters(in: .whitespaces).isEmpty ? session.runNextStep() : session.execute(line)
            if case .quit = outcome { break }
        }
        print("")
        return 0
    }

    private func scriptLoop(_ session: Session) -> Int32 {
        var number = 0
        while let line = Swift.readLine(strippingNewline: true) {
            number += 1
            switch session.execute(line, lineNumber: number) {
            case .ok: continue
            case .quit: return 0
            case .failed: return 1
            }
        }
        return 0
    }
}

/// Passes Ctrl-C (noted by the signal handler) to the session's stop flag, from a plain thread:
/// a signal handler itself may only touch lock-free atomics.
private func forwardInterrupts(to stop: StopFlag) {
    let thread = Thread {
        while true {
            usleep(50_000)
            if !LineEditorCallbacks.atPrompt.load(ordering: .relaxed),
               LineEditorCallbacks.interrupted.exchange(false, ordering: .relaxed) {
                stop.raise()
            }
        }
    }
    thread.start()
}

/// The terminal's width in columns (80 when unknown).
func terminalWidth() -> Int {
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return 80
}

private func environmentHome() -> String { ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory() }

/// Writes text to standard error as it is.
func writeToStandardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

/// A reference that crosses a `@Sendable` boundary on the one thread that uses it.
final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
