import MetaLesson

/// The words a command accepts from a fixed set, as types: a command's signature offers
/// `allCases`, its handler switches over the cases (no `default:` standing for the last one),
/// and `ValidatedCommand.choice` decodes the word once.
protocol CommandWord: RawRepresentable<String>, CaseIterable, Sendable {}

extension CommandWord {
    /// Every word, in declaration order, for a signature's `.choice`.
    static var words: [String] { allCases.map(\.rawValue) }
}

/// Where `data` takes tasks from (`runs`: Lake's one-shot runs, for evaluation only;
/// `navigation`: MAML's 2-D navigation tasks, for the meta-reinforcement learners).
enum DataSource: String, CommandWord {
    case glyphs, sines, omniglot, runs, mnist, navigation

    /// The sources `train`'s `dataset=` can name: the ones with training classes.
    static let trainable: [DataSource] = [.glyphs, .sines, .omniglot]
}

/// The networks `model` builds.
enum NetworkKind: String, CommandWord {
    case conv4, mlp
}

/// The figures `plot` draws.
enum PlotKind: String, CommandWord {
    case curves, adaptation, sines, embedding, confusion, lrs, episode, trajectories
}

/// What `save` writes.
enum SaveTarget: String, CommandWord {
    case model, filters
}

/// The comparisons `expect` makes.
enum Comparison: String, CommandWord {
    case atLeast = ">=", atMost = "<=", greater = ">", less = "<", equal = "==", notEqual = "!="

    /// Whether `left` compares to `right` so; `==` and `!=` allow `tolerance`.
    func holds(_ left: Double, _ right: Double, tolerance: Double) -> Bool {
        switch self {
        case .atLeast: return left >= right
        case .atMost: return left <= right
        case .greater: return left > right
        case .less: return left < right
        case .equal: return abs(left - right) <= tolerance
        case .notEqual: return abs(left - right) > tolerance
        }
    }
}

/// The topics `show` describes (any other word is a result's dotted path).
enum ShowTopic: String, CommandWord {
    case model, data, settings, results, algorithms, params
}

extension ValidatedCommand {
    /// The word given for `name`, as its type (the signature's `.choice` already checked it).
    func choice<Word: CommandWord>(_ name: String, as type: Word.Type = Word.self) -> Word {
        guard let word = Word(rawValue: self.word(name)) else {
            preconditionFailure("'\(name)' validated against a choice other than \(Word.self)'s words")
        }
        return word
    }
}
