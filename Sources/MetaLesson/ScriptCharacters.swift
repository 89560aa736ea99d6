/// Unicode superscript and subscript characters, and the conversion of rendered text to them.
enum ScriptCharacters {
    /// Rendered text as superscript characters, or `nil` when one of them has none.
    static func superscript(_ text: String) -> String? { convert(text, superscripts) }

    /// Rendered text as subscript characters, or `nil` when one of them has none.
    static func `subscript`(_ text: String) -> String? { convert(text, subscripts) }

    private static func convert(_ text: String, _ table: [Character: Character]) -> String? {
        guard !text.isEmpty else { return nil }
        var out = ""
        for c in text where c != " " {
            guard let mapped = table[c] else { return nil }
            out.append(mapped)
        }
        return out.isEmpty ? nil : out
    }

    private static func table(_ from: String, _ to: String) -> [Character: Character] {
        precondition(from.count == to.count, "script table sizes differ: \(from.count) vs \(to.count)")
        return Dictionary(uniqueKeysWithValues: zip(from, to))
    }

    private static let superscripts: [Character: Character] = table(
        "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWαβγδεθιφχ⊤′″*∗",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵅᵝᵞᵟᵋᶿᶥᵠᵡᵀ′″**"
    )

    private static let subscripts: [Character: Character] = table(
        "0123456789+-−=()aehijklmnoprstuvxβγρφχ",
        "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ"
    )
}
