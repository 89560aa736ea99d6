@preconcurrency import CReadline
import Foundation
import Synchronization

/// GNU readline behind a small interface: a prompt, tab completion from a callback, history
/// kept in a file across sessions, and Ctrl-C that abandons the line instead of the program.
///
/// readline's callbacks are C function pointers with no context argument, so the completion
/// source and the interrupt target live in `LineEditorCallbacks`, set once at start-up.
final class LineEditor {
    private let historyPath: String

    /// - Parameter complete: candidates for the line up to the cursor; each replaces the word
    ///   under the cursor (words break on spaces only).
    init(historyPath: String, complete: @escaping @Sendable (String) -> [String]) {
        self.historyPath = historyPath
        LineEditorCallbacks.completion.withLock { $0 = complete }
        rl_readline_name = UnsafePointer(strdup("metalab"))
        rl_completer_word_break_characters = UnsafePointer(strdup(" \t"))
        rl_attempted_completion_function = metalabAttemptCompletion
        using_history()
        stifle_history(2000)
        _ = read_history(historyPath)
    }

    /// The next line, or nil at end of input (Ctrl-D).
    func readLine(prompt: String) -> String? {
        LineEditorCallbacks.atPrompt.store(true, ordering: .relaxed)
        defer { LineEditorCallbacks.atPrompt.store(false, ordering: .relaxed) }
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        let line = String(cString: raw)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty {
            add_history(raw)
            _ = append_history(1, historyPath)
            _ = history_truncate_file(historyPath, 2000)
        }
        return line
    }

    /// Creates the history file if needed (append_history needs one to exist).
    static func prepareHistory(at path: String) {
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil)
        }
    }
}

/// State reachable from readline's and the signal handler's C callbacks.
enum LineEditorCallbacks {
    static let completion = Mutex<(@Sendable (String) -> [String])?>(nil)
    /// Candidates of the completion in progress, consumed by `metalabCompletionGenerator`.
    static let pending = Mutex<[String]>([])
    /// Whether readline is waiting at the prompt (Ctrl-C then clears the line).
    static let atPrompt = Atomic<Bool>(false)
    /// Set by Ctrl-C; the session polls it to stop long work.
    static let interrupted = Atomic<Bool>(false)
}

/// readline's completion entry point: asks the session for candidates for the whole line.
private func metalabAttemptCompletion(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32)
    -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    rl_attempted_completion_over = 1  // never fall back to file-name completion of our own words
    let line = String(cString: rl_line_buffer)
    let cursor = line.utf8.index(line.utf8.startIndex, offsetBy: Int(min(max(0, rl_point), Int32(line.utf8.count))))
    let upToCursor = String(line[..<cursor])
    let candidates = LineEditorCallbacks.completion.withLock { $0?(upToCursor) } ?? []
    LineEditorCallbacks.pending.withLock { $0 = candidates }
    rl_completion_suppress_append = candidates.contains { $0.hasSuffix("=") || $0.hasSuffix("/") } ? 1 : 0
    return rl_completion_matches(text, metalabCompletionGenerator)
}

/// Hands readline one candidate per call (state 0 starts a new round).
private func metalabCompletionGenerator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    LineEditorCallbacks.pending.withLock { pending in
        guard !pending.isEmpty else { return nil }
        return strdup(pending.removeFirst())
    }
}

/// Ctrl-C: at the prompt, abandon the line and show a fresh prompt; during work, ask it to stop.
func installInterruptHandler() {
    // A parent may have started us with SIGINT blocked (test runners do): unblock it.
    var interrupt = sigset_t()
    sigemptyset(&interrupt)
    sigaddset(&interrupt, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
    signal(SIGINT) { _ in
        LineEditorCallbacks.interrupted.store(true, ordering: .relaxed)
        if LineEditorCallbacks.atPrompt.load(ordering: .relaxed) {
            _ = write(STDOUT_FILENO, "^C\n", 3)
            rl_replace_line("", 0)
            rl_on_new_line()
            rl_redisplay()
        }
    }
}
