/// A position in lesson or command text: 1-based line (absent for a line typed at the prompt)
/// and 1-based column counted in characters.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line number, or `nil` for a single line typed interactively.
    public var line: Int?
    /// The 1-based column, counted in characters (grapheme clusters).
    public var column: Int

    /// A location at `column` of `line`.
    public init(line: Int?, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line 3, column 14`, or `column 14` without a line.
    public var description: String {
        if let line { return "line \(line), column \(column)" }
        return "column \(column)"
    }
}
