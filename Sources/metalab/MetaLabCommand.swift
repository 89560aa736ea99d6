import ArgumentParser

/// `metalab`: with no subcommand, the lesson REPL; otherwise one of the unattended commands.
@main
struct MetaLabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metalab",
        abstract: "Learn CNN meta-learning hands-on: MAML, Reptile, Prototypical Networks and friends.",
        subcommands: [ReplCommand.self, RunCommand.self, CheckCommand.self, ChallengeCommand.self, BenchCommand.self, FiguresCommand.self,
                      ScratchCommand.self],
        defaultSubcommand: ReplCommand.self)
}
struct ScratchCommand: ParsableCommand { @Argument var args: [String] = []; func run() throws { try Scratch.run(args) } }
