import MetaData
import MetaLesson

/// What several commands read the same way: seeds, names, shapes, data, output paths.
extension SessionContext {
    /// The command's `seed=` when given, the session's seed otherwise.
    func seed(_ given: UInt64?) -> UInt64 {
        given ?? state.settings.seed
    }

    /// The `as=` name, or `fallback`; checked to be usable in dotted paths.
    func resultName(_ given: String?, default fallback: String) throws(SessionError) -> String {
        let name = given ?? fallback
        guard ResultStore.isValidName(name) else {
            throw .unsupported("'\(name)' cannot name a result: use letters, digits, '-' and '_' (no dots)")
        }
        return name
    }

    /// The algorithm called `name`, if this build has it.
    func algorithm(_ name: String) throws(SessionError) -> Algorithm {
        guard let algorithm = registry.named(name) else { throw .notAvailable(algorithm: name) }
        return algorithm
    }

    /// The data for a command: its `dataset=` when given, the session's data otherwise.
    func data(_ dataset: DataSource?) throws(SessionError) -> DataChoice {
        guard let dataset else { return state.data }
        switch dataset {
        case .glyphs: return .images(.glyphs)
        case .sines: return .sines
        case .navigation: return .navigation
        case .omniglot, .runs, .mnist:
            if case let .images(images) = state.data, images.name.hasPrefix("omniglot") { return state.data }
            throw .wrongData("load Omniglot first: 'data omniglot PATH'")
        }
    }

    /// The episode shape for a command: its options, the session's defaults, or the data's fixed shape.
    func shape(_ options: EpisodeOptions, kind: TaskKind, data: DataChoice, trained: EpisodeShape? = nil) -> EpisodeShape {
        if let fixed = data.fixedShape { return fixed }
        let settings = state.settings
        return EpisodeShape(ways: kind == .regression ? 1 : options.ways ?? trained?.ways ?? settings.ways,
                            shots: options.shots ?? trained?.shots ?? settings.shots(for: kind),
                            queries: options.queries ?? trained?.queries ?? settings.queries(for: kind))
    }

    /// The path for a `to=` file, inside the output folder, whose folder exists and is writable.
    func outputPath(_ file: String) throws(SessionError) -> String {
        let path = OutputFolder.path(file, in: state.settings.outputFolder)
        try OutputFolder.prepare(forFile: path)
        return path
    }

    /// Records a written file and says so.
    mutating func wrote(_ path: String, what: String) {
        state.writtenFiles.append(path)
        console.line("wrote \(what) to \(path)")
    }

    /// A result whose learner answers episodes (not the learned optimizer, which works on quadratics).
    func episodeLearner(_ name: String) throws(SessionError) -> (SessionResult, any SessionLearner) {
        let (result, learner) = try self.learner(name)
        if let own = result.algorithm?.ownTasks {
            throw .unsupported("'\(name)' learned on \(own), not episodes: try 'plot trajectories of=\(name) to=FILE.png'")
        }
        return (result, learner)
    }

    /// A result that holds a learner.
    func learner(_ name: String) throws(SessionError) -> (SessionResult, any SessionLearner) {
        let result = try state.results.get(name)
        guard let learner = result.learner else {
            throw .unsupported("'\(name)' holds no trained weights (it came from \(result.values["kind"].map { $0.rendered()[0] } ?? "a check"))")
        }
        return (result, learner)
    }
}
