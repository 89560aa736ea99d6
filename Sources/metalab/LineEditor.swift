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
    /// Where problems with the history file are reported (once each); the session goes on.
    private let warn: (String) -> Void
    /// Whether the history file is kept; cleared after the first failed write.
    private var keepingHistory = true

    /// The largest history file read back (2,000 lines of commands take a few hundred KB).
    static let maxHistoryBytes = 4 << 20

    /// - Parameter complete: candidates for the line up to the cursor; each replaces the word
    ///   under the cursor (words break on spaces only).
    init(historyPath: String, warn: @escaping (String) -> Void, complete: @escaping @Sendable (String) -> [String]) {
        self.historyPath = historyPath
        self.warn = warn
        LineEditorCallbacks.completion.withLock { $0 = complete }
        rl_readline_name = UnsafePointer(strdup("metalab"))
        rl_completer_word_break_characters = UnsafePointer(strdup(" \t"))
        rl_attempted_completion_function = metalabAttemptCompletion
        using_history()
        stifle_history(2000)
        if let problem = Self.prepareHistory(at: historyPath) {
            keepingHistory = false
            warn("metalab: history is not kept this session: \(problem)\n")
        } else if read_history(historyPath) != 0 {
            warn("metalab: the history in \(historyPath) could not be read; it is kept from now on\n")
        }
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
            saveHistory()
        }
        return line
    }

    /// Appends the last line to the history file; on failure (a full disk, a file made
    /// read-only) says so once and stops keeping history, and the session goes on.
    private func saveHistory() {
        guard keepingHistory else { return }
        let status = append_history(1, historyPath)
        if status == 0 { _ = history_truncate_file(historyPath, 2000) }
        guard status != 0 else { return }
        keepingHistory = false
        warn("metalab: cannot write the history file \(historyPath): \(String(cString: strerror(status)).lowercased()); history is not kept from now on\n")
    }

    /// Makes sure the history file is a regular file of a sane size that can be written
    /// (append_history needs it to exist), creating it if needed; returns what is wrong, or nil.
    static func prepareHistory(at path: String) -> String? {
        var status = stat()
        if stat(path, &status) != 0 {
            guard errno == ENOENT else { return "\(path): \(String(cString: strerror(errno)).lowercased())" }
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { return "cannot create \(path): \(String(cString: strerror(errno)).lowercased())" }
            close(descriptor)
            return nil
        }
        guard status.st_mode & S_IFMT == S_IFREG else { return "\(path) is not a regular file" }
        guard Int(status.st_size) <= maxHistoryBytes else {
            return "\(path) holds \(status.st_size) bytes, more than the \(maxHistoryBytes) read back"
        }
        guard access(path, R_OK | W_OK) == 0 else { return "\(path): \(String(cString: strerror(errno)).lowercased())" }
        return nil
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
