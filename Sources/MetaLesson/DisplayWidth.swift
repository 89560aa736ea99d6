/// How many terminal columns text occupies: combining marks and zero-width characters take
/// none, East Asian wide and fullwidth characters (CJK, Hangul, most emoji) take two, the rest
/// one (Latin, Greek, mathematical symbols).
public enum DisplayWidth {
    /// The columns one character (grapheme cluster) occupies.
    public static func of(_ character: Character) -> Int {
        var width = 0
        for scalar in character.unicodeScalars {
            let w = of(scalar)
            if w == 2 { return 2 }
            // A cluster is as wide as its widest visible scalar; marks add nothing.
            width = max(width, w)
        }
        return width
    }

    /// The columns a string occupies (ANSI escape sequences are not expected here).
    public static func of(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// The columns one Unicode scalar occupies: 0, 1 or 2.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0xFE00...0xFE0F).contains(v) || v == 0x200B { return 0 }
        return isWide(v) ? 2 : 1
    }

    private static func isWide(_ v: UInt32) -> Bool {
        wideRanges.contains { $0.contains(v) }
    }

    /// East Asian Wide (W) and Fullwidth (F) blocks, simplified to whole blocks.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,   // Hangul Jamo initials
        0x2E80...0x303E,   // CJK radicals, punctuation
        0x3041...0x33FF,   // kana, CJK compatibility
        0x3400...0x4DBF,   // CJK extension A
        0x4E00...0x9FFF,   // CJK unified ideographs
        0xA000...0xA4CF,   // Yi
        0xAC00...0xD7A3,   // Hangul syllables
        0xF900...0xFAFF,   // CJK compatibility ideographs
        0xFE30...0xFE4F,   // CJK compatibility forms
        0xFF00...0xFF60,   // fullwidth forms
        0xFFE0...0xFFE6,   // fullwidth signs
        0x1F300...0x1F64F, // pictographs, emoticons
        0x1F900...0x1F9FF, // supplemental pictographs
        0x20000...0x3FFFD, // CJK extensions B and beyond
    ]
}
