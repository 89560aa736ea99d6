/// How an atom spaces itself against its neighbours (after TeX's atom classes).
enum MathClass: Sendable {
    /// Letters, digits, symbols: no space added.
    case ordinary
    /// `+ − · ×`: spaced on both sides unless unary.
    case binary
    /// `= ← ≤ ∈`: spaced on both sides.
    case relation
    /// Opening delimiters.
    case open
    /// Closing delimiters.
    case close
    /// `,` `;`: a space after.
    case punctuation
    /// Named functions (`log`, `min`): a space before an ordinary argument.
    case function
    /// `Σ Π ∫`: a space before their operand.
    case largeOperator
    /// A delimited or stretched group: spaced like an ordinary atom, but a function name
    /// sits right against it (`exp(…)`).
    case inner
    /// Explicit space: suppresses automatic spacing next to it.
    case space
}

/// The parsed form of a LaTeX formula.
indirect enum MathNode: Sendable {
    /// A piece of text with its spacing class; `limits` marks operators whose scripts stack.
    case atom(String, MathClass, limits: Bool = false)
    /// A sequence rendered left to right.
    case row([MathNode])
    /// A base with a subscript and/or a superscript.
    case scripts(MathNode, sub: MathNode?, sup: MathNode?)
    /// `\frac{numerator}{denominator}`.
    case fraction(MathNode, MathNode)
    /// `\sqrt[index]{radicand}`.
    case root(MathNode, index: MathNode?)
    /// `\left( … \right)`: contents between stretchable delimiters (empty string for `.`).
    case delimited(String, MathNode, String)
    /// A combining mark applied to every character of the contents.
    case accent(MathNode, Character)
    /// Explicit horizontal space, in columns.
    case space(Int)
    /// `\\`: a new line in display mode.
    case lineBreak
}
