import MetaData
import MetaLesson

/// The session's defaults, changed by `set` and `seed`.
struct SessionSettings: Sendable {
    var seed: UInt64 = 0
    var ways = 5
    /// Support examples per class; nil: 1 for images, 10 for sines (the papers' K).
    var shots: Int?
    /// Query examples per class; nil: 15 for images, 10 for sines.
    var queries: Int?
    var episodes = 100
    var iterations = 1000
    var timings = false
    /// Where figures and checkpoints go.
    var outputFolder: String

    func shots(for kind: TaskKind) -> Int { shots ?? (kind == .classification ? 1 : 10) }
    func queries(for kind: TaskKind) -> Int { queries ?? (kind == .classification ? 15 : 10) }
}

/// How many `expect` lines passed and failed.
struct CheckTally: Sendable, Equatable {
    var passed = 0
    var failed = 0
}

/// The open lesson and the next step to run.
struct LessonCursor: Sendable {
    let lesson: Lesson
    /// Steps already run (the next one to run has this index).
    var done = 0
}

/// Everything a session holds between commands.
struct SessionState: Sendable {
    var settings: SessionSettings
    var data: DataChoice = .images(.glyphs)
    /// The network chosen with `model`; nil: the standard one for the data.
    var network: NetworkChoice?
    var results = ResultStore()
    var lesson: LessonCursor?
    var checks = CheckTally()
    /// Files written by commands, in order (the report links the figures).
    var writtenFiles: [String] = []
    var quitRequested = false
    /// Set by `next`: the session runs the open lesson's next step after the command.
    var runNextStep = false

    /// The network for the current data.
    var currentNetwork: NetworkChoice { network ?? .standard(for: data.kind) }
}

/// What a command handler works with: the state, where output goes, the stop flag and the
/// fixed tables.
struct SessionContext {
    var state: SessionState
    let console: Console
    let stop: StopFlag
    let registry: AlgorithmRegistry
    let library: LessonLibrary
    let options: SessionOptions
    /// Whether the command comes from a lesson step (navigation is refused there).
    var inLesson = false
}
