import MetaLesson

/// A command's code: it reads its validated arguments and changes the session.
typealias Handler = (inout SessionContext, ValidatedCommand) throws -> Void

/// Every command's handler, by command name, gathered from the command groups.
enum Handlers {
    static var all: [String: Handler] {
        [LessonCommands.handlers, SetupCommands.handlers, TrainingCommands.handlers, InsightCommands.handlers,
         ResultCommands.handlers, CheckpointCommands.handlers, FigureCommands.handlers, SessionCommands.handlers,
         ChallengeCommands.handlers]
            .reduce(into: [:]) { all, group in all.merge(group) { first, _ in preconditionFailure("two handlers for one command") } }
    }
}

/// `help` and `quit`.
enum SessionCommands {
    static var handlers: [String: Handler] {
        [
            "help": { context, command in
                let console = context.console
                if let verb = command["command"].map({ _ in command.word("command") }) {
                    console.line(try MetaLabCommands.catalog.help(for: verb, style: console.style, width: console.width))
                } else {
                    console.line(MetaLabCommands.catalog.help(style: console.style))
                }
            },
            "quit": { context, _ in context.state.quitRequested = true },
        ]
    }
}
