import MetaLesson

/// A MetaLab session: the state behind the REPL and the lesson runner. It runs one command
/// line at a time, steps through an open lesson, offers completions, and keeps results by
/// name. Not thread-shared: one thread calls it; only `stop` may be raised from elsewhere.
public final class Session {
    /// Raised by the host's SIGINT handler: long work stops at its next check and keeps what
    /// it has. Cleared before each command.
    public let stop: StopFlag
    var context: SessionContext
    let table: CommandTable<SessionContext>

    /// A session writing results to `output` and errors and progress to `errorOutput`; both
    /// receive text to write as is (lines end in a newline, progress bars in `\r`).
    public init(options: SessionOptions, output: @escaping (String) -> Void, errorOutput: @escaping (String) -> Void) {
        let stop = StopFlag()
        self.stop = stop
        context = SessionContext(state: SessionState(settings: SessionSettings(outputFolder: options.outputFolder)),
                                 console: Console(output: output, errorOutput: errorOutput, style: options.style, width: options.width),
                                 stop: stop, registry: .standard, library: LessonLibrary(folder: options.lessonsFolder),
                                 options: options)
        table = CommandTable(MetaLabCommands.all)
    }

    /// Runs one line (`lineNumber` locates errors in a script). A usage or run-time error is
    /// written as one line and returned as `.failed`; the session carries on either way.
    public func execute(_ line: String, lineNumber: Int = 1) -> LineOutcome {
        stop.clear()
        let outcome = run(line, lineNumber: context.options.interactive ? nil : lineNumber)
        guard case .ok = outcome else { return outcome }
        if context.state.quitRequested { return .quit }
        if context.state.runNextStep {
            context.state.runNextStep = false
            return runNextStep()
        }
        return .ok
    }

    /// Runs the open lesson's next step (Enter on an empty line, or `next`): its prose, then
    /// each command echoed and run. A failing command stops the step, which stays next.
    public func runNextStep() -> LineOutcome {
        stop.clear()
        guard let cursor = context.state.lesson else {
            let message = SessionError.noLessonOpen.description
            context.console.error(message)
            return .failed(message)
        }
        guard cursor.done < cursor.lesson.steps.count else {
            context.console.line("The lesson is finished: 'restart' runs it again, 'lessons' lists the others.")
            return .ok
        }
        let outcome = runStep(cursor.done, continueAfterFailedChecks: false)
        if case .ok = outcome, context.options.interactive { showNextHint() }
        return outcome
    }

    /// `metalab> `, or `metalab [05-maml 3/7]> ` with a lesson open (steps run / steps).
    public var prompt: String {
        guard let cursor = context.state.lesson else { return "metalab> " }
        return "metalab [\(cursor.lesson.slug) \(cursor.done)/\(cursor.lesson.steps.count)]> "
    }

    /// Candidates for the word before the cursor: commands, options (`inner-lr=`), algorithm
    /// and result names, dotted result paths, lesson names and file paths.
    public func completions(for lineUpToCursor: String) -> [String] {
        let state = context.state, registry = context.registry, library = context.library
        return table.catalog.completions(for: lineUpToCursor) { hint, partial in
            switch hint {
            case .algorithms: return registry.names
            case .results: return state.results.completions(partial)
            case .lessons: return library.completions(partial)
            case .paths: return PathCompletion.candidates(partial, base: state.settings.outputFolder)
            case .none, .custom: return []
            }
        }
    }

    // MARK: Running lines and steps

    /// Parses, validates and runs one line, writing any error; lesson lines carry their file.
    func run(_ line: String, lineNumber: Int?, file: String? = nil) -> LineOutcome {
        do {
            try table.run(line, lineNumber: lineNumber, in: &context)
            return .ok
        } catch {
            var message = ErrorText.message(for: error)
            if let file {
                message = error is CommandError ? file + ", " + message : file + ", line \(lineNumber ?? 0): " + message
            }
            if context.options.interactive, file == nil, let commandError = error as? CommandError {
                context.console.line(context.console.style.apply(.dim, to: commandError.pointer(into: line)))
            }
            context.console.error(message)
            return .failed(message)
        }
    }

    /// Shows step `index` and runs its commands. With `continueAfterFailedChecks`, a failed
    /// `expect` is counted and the step goes on; any other failure stops it.
    func runStep(_ index: Int, continueAfterFailedChecks: Bool,
                 recordCommand: ((LessonCommand, [String], [String]) -> Void)? = nil) -> LineOutcome {
        guard let cursor = context.state.lesson else { return .failed(SessionError.noLessonOpen.description) }
        let lesson = cursor.lesson, console = context.console, step = lesson.steps[index]
        let renderer = LessonRenderer(style: console.style, width: console.width)
        var header = step
        header.blocks = []
        console.line()
        console.line(renderer.render(step: header, number: index + 1, of: lesson.steps.count))
        context.inLesson = true
        defer { context.inLesson = false }
        for block in step.blocks {
            guard case let .commands(commands) = block.content else {
                console.line()
                console.lines(renderer.render(block))
                continue
            }
            for command in commands {
                console.line()
                console.line(console.style.apply(.dim, to: "metalab> ") + console.style.apply(.code, to: command.text))
                stop.clear()
                let failedBefore = context.state.checks.failed, filesBefore = context.state.writtenFiles.count
                var outcome = LineOutcome.ok
                let lines = console.record { outcome = run(command.text, lineNumber: command.line, file: lesson.fileName) }
                recordCommand?(command, lines, Array(context.state.writtenFiles[filesBefore...]))
                if context.state.quitRequested { return .quit }
                if case .failed = outcome {
                    let wasCheck = context.state.checks.failed > failedBefore
                    if !(wasCheck && continueAfterFailedChecks) { return outcome }
                }
            }
        }
        context.state.lesson?.done = index + 1
        return .ok
    }

    private func showNextHint() {
        guard let cursor = context.state.lesson else { return }
        let console = context.console
        console.line()
        if cursor.done < cursor.lesson.steps.count {
            let heading = cursor.lesson.steps[cursor.done].heading
            console.line(console.style.apply(.dim, to: "Press Enter for step \(cursor.done + 1)/\(cursor.lesson.steps.count): \(heading)"))
        } else {
            console.line(console.style.apply(.dim, to: "End of the lesson. Figures are in \(context.state.settings.outputFolder)/"))
        }
    }
}
