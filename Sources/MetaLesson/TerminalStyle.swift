/// Whether and how text is styled with ANSI escape codes; chosen once by the caller.
public struct TerminalStyle: Hashable, Sendable {
    /// Whether escape codes are written at all.
    public var isEnabled: Bool
    /// Whether colours may use 24-bit RGB codes rather than the 256-colour palette.
    public var trueColor: Bool

    /// A style that writes ANSI escape codes (256 colours unless `trueColor`).
    public init(isEnabled: Bool, trueColor: Bool = false) {
        self.isEnabled = isEnabled
        self.trueColor = trueColor
    }

    /// No escape codes at all.
    public static let plain = TerminalStyle(isEnabled: false)
    /// ANSI styles with the 256-colour palette.
    public static let ansi = TerminalStyle(isEnabled: true)

    /// The style for an output stream: plain when it is not a terminal, when `NO_COLOR` is set
    /// to anything non-empty, or when `TERM` is `dumb`; 24-bit colour when `COLORTERM` says so.
    public static func detect(environment: [String: String], isTerminal: Bool) -> TerminalStyle {
        if !isTerminal { return .plain }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .plain }
        if environment["TERM"] == "dumb" { return .plain }
        let colorTerm = environment["COLORTERM"] ?? ""
        return TerminalStyle(isEnabled: true, trueColor: colorTerm == "truecolor" || colorTerm == "24bit")
    }

    /// `text` wrapped in the escape codes for `attributes` (unchanged when styling is off).
    public func apply(_ attributes: TextAttributes, to text: String) -> String {
        guard isEnabled, !attributes.isEmpty, !text.isEmpty else { return text }
        return "\u{1B}[" + attributes.sgrCodes.joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }

    /// The escape code that sets the foreground (`background: false`) or background colour.
    public func colorCode(_ color: RGB, background: Bool) -> String {
        guard isEnabled else { return "" }
        let layer = background ? "48" : "38"
        if trueColor { return "\u{1B}[\(layer);2;\(color.red);\(color.green);\(color.blue)m" }
        return "\u{1B}[\(layer);5;\(color.paletteIndex)m"
    }

    /// The escape code that resets every attribute and colour (empty when styling is off).
    public var reset: String { isEnabled ? "\u{1B}[0m" : "" }
}

/// Text attributes a renderer asks for; the style maps them to escape codes.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    /// The raw bits.
    public let rawValue: UInt8
    /// Attributes from raw bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Strong emphasis.
    public static let bold = TextAttributes(rawValue: 1 << 0)
    /// Emphasis.
    public static let italic = TextAttributes(rawValue: 1 << 1)
    /// Faint text (comments, rules).
    public static let dim = TextAttributes(rawValue: 1 << 2)
    /// A heading (coloured).
    public static let heading = TextAttributes(rawValue: 1 << 3)
    /// Code and commands (coloured).
    public static let code = TextAttributes(rawValue: 1 << 4)
    /// Mathematics (coloured).
    public static let formula = TextAttributes(rawValue: 1 << 5)
    /// An error message (coloured).
    public static let error = TextAttributes(rawValue: 1 << 6)

    /// The SGR parameters, in a fixed order.
    var sgrCodes: [String] {
        var codes: [String] = []
        if contains(.bold) || contains(.heading) { codes.append("1") }
        if contains(.dim) { codes.append("2") }
        if contains(.italic) { codes.append("3") }
        if contains(.error) { codes.append("31") }
        else if contains(.heading) { codes.append("36") }
        else if contains(.code) { codes.append("33") }
        else if contains(.formula) { codes.append("35") }
        return codes
    }
}

/// An 8-bit-per-channel colour.
public struct RGB: Hashable, Sendable {
    /// Red, 0…255.
    public var red: UInt8
    /// Green, 0…255.
    public var green: UInt8
    /// Blue, 0…255.
    public var blue: UInt8

    /// A colour from its channels.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// The nearest entry of the xterm 256-colour palette: the 24-step grey ramp (or black and
    /// white) for greys, the 6×6×6 cube otherwise.
    public var paletteIndex: Int {
        if red == green && green == blue {
            let v = Int(red)
            if v < 4 { return 16 }
            if v > 246 { return 231 }
            return 232 + min(23, (v - 3) / 10)   // ramp levels 8, 18, …, 238
        }
        func level(_ c: UInt8) -> Int {
            let v = Int(c)
            return v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40
        }
        return 16 + 36 * level(red) + 6 * level(green) + level(blue)
    }
}
