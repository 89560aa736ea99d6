import MetaLesson

/// How a session is set up by its host (the REPL, `metalab run`, a test).
public struct SessionOptions: Sendable {
    /// Where lesson files are looked up by number or name.
    public var lessonsFolder: String
    /// The folder for figures and checkpoints; a lesson writes into `outputFolder/<lesson>/`.
    public var outputFolder: String
    /// Escape codes on or off for everything written.
    public var style: TerminalStyle
    /// The text width in columns.
    public var width: Int
    /// Whether a person is typing (the prompt and step hints are shown).
    public var interactive: Bool
    /// Whether stderr is a terminal: progress bars redrawn in place; otherwise a plain line
    /// every `progressInterval` seconds.
    public var progress: Bool
    /// Seconds between plain progress lines when `progress` is false (0: none).
    public var progressInterval: Double
    /// Whether training times are printed (off by default so transcripts are reproducible).
    public var showTimings: Bool
    /// Learning turned off: every `train` runs zero iterations, so each learner is tested as it
    /// was initialised. `metalab check --sabotage` uses it to show which checks claim learning.
    public var sabotage = false

    /// Options for a session; see each property.
    public init(lessonsFolder: String, outputFolder: String = "out", style: TerminalStyle = .plain, width: Int = 80,
                interactive: Bool = false, progress: Bool = false, progressInterval: Double = 10,
                showTimings: Bool = false) {
        self.lessonsFolder = lessonsFolder
        self.outputFolder = outputFolder
        self.style = style
        self.width = width
        self.interactive = interactive
        self.progress = progress
        self.progressInterval = progressInterval
        self.showTimings = showTimings
    }
}

/// What became of one input line.
public enum LineOutcome: Equatable, Sendable {
    /// It ran (or was blank).
    case ok
    /// It was refused or failed; the message has already been written to the error output.
    case failed(String)
    /// The user asked to leave.
    case quit
}
