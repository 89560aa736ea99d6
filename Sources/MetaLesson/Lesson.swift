/// A lesson: a Markdown file with a title, introductory prose, and steps (one per `##` heading).
public struct Lesson: Hashable, Sendable {
    /// The `# Title`.
    public var title: String
    /// The file name it was read from (`01-maml.md`).
    public var fileName: String
    /// The file name without its extension (`01-maml`).
    public var slug: String
    /// The blocks between the title and the first step.
    public var intro: [LessonBlock]
    /// The steps, in order.
    public var steps: [LessonStep]

    /// The lesson's number from a leading `NN-` in its file name, if it has one.
    public var number: Int? {
        Int(slug.prefix { $0.isASCII && $0.isNumber })
    }

    /// The slug without its leading number (`maml` for `01-maml`).
    public var shortName: String {
        let digits = slug.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return slug }
        let rest = slug.dropFirst(digits.count)
        return rest.first == "-" || rest.first == "_" ? String(rest.dropFirst()) : String(rest)
    }

    /// Every command of every step, in order.
    public var commands: [LessonCommand] {
        steps.flatMap(\.commands)
    }
}

/// One step of a lesson: a heading and its blocks.
public struct LessonStep: Hashable, Sendable {
    /// The heading text after `## `.
    public var heading: String
    /// The line of the heading.
    public var line: Int
    /// The blocks, in order.
    public var blocks: [LessonBlock]

    /// The commands of the step's `metalab` blocks, in order.
    public var commands: [LessonCommand] {
        blocks.flatMap { block -> [LessonCommand] in
            if case let .commands(commands) = block.content { return commands }
            return []
        }
    }
}

/// A block of a lesson with the line it starts on.
public struct LessonBlock: Hashable, Sendable {
    /// The 1-based line where the block starts.
    public var line: Int
    /// What the block holds.
    public var content: Content

    /// The kinds of block.
    public enum Content: Hashable, Sendable {
        /// Prose, lines joined by spaces; inline Markdown kept as written.
        case paragraph(String)
        /// A `###` (or deeper) heading inside a step.
        case heading(level: Int, text: String)
        /// A bullet or numbered list (items may nest, and each level may be either kind).
        case list([ListItem])
        /// A display formula in LaTeX, without its `$$`.
        case formula(String)
        /// A fenced code block shown verbatim, with its info string's language.
        case code(language: String?, text: String)
        /// A ```` ```metalab ```` block: the step's commands.
        case commands([LessonCommand])
    }
}

/// One item of a list, with its nesting level (0 for the outermost).
public struct ListItem: Hashable, Sendable {
    /// The item's text, continuation lines joined.
    public var text: String
    /// The nesting level.
    public var level: Int
    /// Whether it is numbered (`1.`) rather than bulleted (`-`).
    public var ordered: Bool

    /// A list item.
    public init(text: String, level: Int, ordered: Bool = false) {
        self.text = text
        self.level = level
        self.ordered = ordered
    }
}

/// One command line of a `metalab` block, with its line in the lesson file.
public struct LessonCommand: Hashable, Sendable {
    /// The command text (may end in a `#` comment).
    public var text: String
    /// The 1-based line in the lesson file.
    public var line: Int
}

/// A lesson file that cannot be read as a lesson, with the line where the problem is.
public struct LessonError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var kind: Kind
    /// The lesson file's name.
    public var fileName: String
    /// The 1-based line.
    public var line: Int

    /// Every way a lesson file can be malformed.
    public enum Kind: Hashable, Sendable {
        /// The file holds nothing but blanks.
        case emptyFile
        /// The first non-blank line is not a `# Title`.
        case missingTitle
        /// `#` with no title text.
        case emptyTitle
        /// A second `# Title`.
        case secondTitle
        /// `##` with no heading text.
        case emptyStepHeading
        /// A code fence opened here is never closed.
        case unclosedFence
        /// A `$$` opened here is never closed.
        case unclosedFormula
    }

    /// `01-maml.md, line 12: code block opened here is never closed (add a closing ```)`.
    public var description: String {
        "\(fileName), line \(line): " + message
    }

    /// The message without file and line.
    public var message: String {
        switch kind {
        case .emptyFile: return "the lesson file is empty"
        case .missingTitle: return "a lesson starts with its title on a '# Title' line"
        case .emptyTitle: return "the '#' title line has no text"
        case .secondTitle: return "a lesson has one '# Title'; use '## ' to start a step"
        case .emptyStepHeading: return "the '##' step heading has no text"
        case .unclosedFence: return "code block opened here is never closed (add a closing ```)"
        case .unclosedFormula: return "formula opened with $$ here is never closed"
        }
    }
}
