/// A command's signature together with the code that runs it against a session `Context`.
public struct CommandSpec<Context> {
    /// What the command looks like.
    public var signature: CommandSignature
    /// What it does, given the session and its validated arguments.
    public var handler: (inout Context, ValidatedCommand) throws -> Void

    /// A spec from a signature and its handler.
    public init(_ signature: CommandSignature, handler: @escaping (inout Context, ValidatedCommand) throws -> Void) {
        self.signature = signature
        self.handler = handler
    }
}

/// The runnable command table: a catalog (help, validation, completion) plus one handler per
/// command, each given with its signature, so a command without a handler cannot be written.
public struct CommandTable<Context> {
    /// The commands' signatures.
    public let catalog: CommandCatalog
    private let handlers: [String: (inout Context, ValidatedCommand) throws -> Void]

    /// A table from specs; names must be unique.
    public init(_ specs: [CommandSpec<Context>]) {
        catalog = CommandCatalog(specs.map(\.signature))
        handlers = Dictionary(uniqueKeysWithValues: specs.map { ($0.signature.name, $0.handler) })
    }

    /// Parses, validates and runs one line; `false` when the line was blank or a comment.
    /// Throws a `CommandError` for a bad line, or whatever the handler throws.
    @discardableResult
    public func run(_ line: String, lineNumber: Int? = nil, in context: inout Context) throws -> Bool {
        guard let command = try catalog.validate(line: line, lineNumber: lineNumber) else { return false }
        // The catalog validated the line, and the catalog is made from these specs.
        try handlers[command.name]!(&context, command)
        return true
    }
}

/// A command's arguments decoded once from its validated line into typed fields, so the
/// handler reads no argument by name.
public protocol CommandArguments {
    /// The arguments of `command`, already validated against the command's signature.
    init(_ command: ValidatedCommand) throws
}

extension CommandSpec {
    /// A spec whose handler receives its arguments decoded as `Arguments`.
    public init<Arguments: CommandArguments>(_ signature: CommandSignature, _ arguments: Arguments.Type,
                                             handler: @escaping (inout Context, Arguments) throws -> Void) {
        self.init(signature) { context, command in try handler(&context, try Arguments(command)) }
    }
}
