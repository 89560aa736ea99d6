import MetaLesson

/// A command as the session runs it: its signature and its handler, declared together in
/// `MetaLabCommands`.
typealias SessionCommand = CommandSpec<SessionContext>

/// `help` and `quit`.
enum SessionCommands {
    /// `help [COMMAND]`: every command, or one command's arguments.
    static func help(_ verb: String?, _ context: inout SessionContext) throws {
        let console = context.console
        if let verb {
            console.line(try MetaLabCommands.catalog.help(for: verb, style: console.style, width: console.width))
        } else {
            console.line(MetaLabCommands.catalog.help(style: console.style))
        }
    }
}
