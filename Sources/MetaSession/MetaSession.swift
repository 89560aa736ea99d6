// MetaSession: the REPL session, command handlers and lesson runner.
