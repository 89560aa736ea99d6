/// The tables that map LaTeX command names to Unicode text and to their spacing class.
enum LaTeXSymbols {
    /// Lower- and upper-case Greek letters.
    static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
        "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
        "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π", "varpi": "ϖ",
        "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ",
        "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]

    /// Symbols with their spacing class.
    static let symbols: [String: (text: String, kind: MathClass)] = {
        var table: [String: (String, MathClass)] = [:]
        let groups: [(MathClass, [String: String])] = [
            (.ordinary, [
                "nabla": "∇", "partial": "∂", "infty": "∞", "ell": "ℓ", "top": "⊤", "bot": "⊥",
                "emptyset": "∅", "varnothing": "∅", "forall": "∀", "exists": "∃", "neg": "¬",
                "lnot": "¬", "ldots": "…", "cdots": "⋯", "dots": "…", "vdots": "⋮", "ddots": "⋱",
                "prime": "′", "|": "‖", "Vert": "‖", "vert": "|", "lVert": "‖", "rVert": "‖",
                "lvert": "|", "rvert": "|", "hbar": "ℏ", "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ",
                "angle": "∠", "triangle": "△", "square": "□", "checkmark": "✓", "dagger": "†",
                "{": "{", "}": "}", "%": "%", "_": "_", "#": "#", "&": "&", "$": "$",
                "lbrace": "{", "rbrace": "}", "sharp": "♯", "flat": "♭", "degree": "°",
            ]),
            (.binary, [
                "pm": "±", "mp": "∓", "cdot": "·", "times": "×", "div": "÷", "circ": "∘",
                "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "ast": "∗", "star": "⋆", "cup": "∪",
                "cap": "∩", "land": "∧", "lor": "∨", "wedge": "∧", "vee": "∨", "setminus": "∖",
                "bullet": "•",
            ]),
            (.relation, [
                "leftarrow": "←", "gets": "←", "rightarrow": "→", "to": "→", "Leftarrow": "⇐",
                "Rightarrow": "⇒", "leftrightarrow": "↔", "Leftrightarrow": "⇔", "mapsto": "↦",
                "longrightarrow": "⟶", "longleftarrow": "⟵", "implies": "⟹", "iff": "⟺",
                "uparrow": "↑", "downarrow": "↓",
                "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠",
                "approx": "≈", "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡",
                "propto": "∝", "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂",
                "subseteq": "⊆", "supset": "⊃", "supseteq": "⊇", "ll": "≪", "gg": "≫",
                "mid": "|", "parallel": "∥", "perp": "⊥", "coloneqq": "≔", "triangleq": "≜",
                "doteq": "≐", "models": "⊨", "vdash": "⊢",
            ]),
            (.punctuation, ["colon": ":"]),
            (.open, ["langle": "⟨", "lfloor": "⌊", "lceil": "⌈"]),
            (.close, ["rangle": "⟩", "rfloor": "⌋", "rceil": "⌉"]),
        ]
        for (kind, names) in groups {
            for (name, text) in names { table[name] = (text, kind) }
        }
        for (name, text) in greek { table[name] = (text, .ordinary) }
        return table
    }()

    /// Large operators; their scripts become limits above and below in display mode.
    static let largeOperators: [String: String] = [
        "sum": "Σ", "prod": "Π", "coprod": "∐", "int": "∫", "iint": "∬", "oint": "∮",
        "bigcup": "⋃", "bigcap": "⋂", "bigoplus": "⊕", "bigotimes": "⊗",
    ]

    /// Named functions set upright, followed by a space before an argument.
    static let functions: Set<String> = [
        "log", "ln", "exp", "sin", "cos", "tan", "tanh", "sinh", "cosh", "arg", "det", "dim",
        "ker", "deg", "gcd", "Pr", "sgn", "hom", "lg",
    ]

    /// Functions whose scripts are limits in display mode (`min` with θ below).
    static let limitFunctions: Set<String> = [
        "min", "max", "argmin", "argmax", "lim", "sup", "inf", "limsup", "liminf",
    ]

    /// Accent commands and the combining mark each one adds.
    static let accents: [String: Character] = [
        "hat": "\u{0302}", "widehat": "\u{0302}", "tilde": "\u{0303}", "widetilde": "\u{0303}",
        "bar": "\u{0304}", "overline": "\u{0305}", "vec": "\u{20D7}", "dot": "\u{0307}",
        "ddot": "\u{0308}", "check": "\u{030C}", "breve": "\u{0306}", "acute": "\u{0301}",
        "grave": "\u{0300}", "underline": "\u{0332}", "not": "\u{0338}",
    ]

    /// Spacing commands and the number of spaces each becomes.
    static let spacing: [String: Int] = [
        ",": 1, ";": 1, ":": 1, ">": 1, " ": 1, "!": 0, "quad": 2, "qquad": 4,
        "enspace": 1, "thinspace": 1, "medspace": 1, "thickspace": 1, "negthinspace": 0,
    ]

    /// Commands that change only the look of their argument, which is kept as it is.
    static let styleWrappers: Set<String> = [
        "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "boldsymbol", "bm", "mathnormal",
        "mathop", "underbrace", "overbrace", "pmb", "boxed",
    ]

    /// Commands that take text (spaces kept) as their argument.
    static let textCommands: Set<String> = [
        "text", "textrm", "textit", "textbf", "textsf", "texttt", "mbox", "textnormal", "hbox",
    ]

    /// Commands with no visible output (sizing, limit placement).
    static let ignored: Set<String> = [
        "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
        "Biggl", "Biggr", "limits", "nolimits", "displaystyle", "textstyle", "scriptstyle",
        "scriptscriptstyle", "nonumber", "notag", "middle", "mathstrut",
    ]

    /// Commands dropped together with their braced argument (labels, environment names).
    static let droppedWithArgument: Set<String> = ["label", "tag", "begin", "end", "phantom", "hphantom", "vphantom"]

    /// `\mathcal{X}`: script capitals (letterlike symbols fill the gaps of the math block).
    static func calligraphic(_ c: Character) -> String? {
        let special: [Character: String] = [
            "B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ",
        ]
        if let s = special[c] { return s }
        return offsetLetter(c, upperBase: 0x1D49C, lowerBase: nil)
    }

    /// `\mathbb{X}`: double-struck capitals and digits (ℝ, 𝔼, 𝟙).
    static func doubleStruck(_ c: Character) -> String? {
        let special: [Character: String] = [
            "C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ",
        ]
        if let s = special[c] { return s }
        if let d = c.wholeNumberValue, c.isASCII, let scalar = Unicode.Scalar(0x1D7D8 + UInt32(d)) {
            return String(scalar)
        }
        return offsetLetter(c, upperBase: 0x1D538, lowerBase: 0x1D552)
    }

    /// `\mathfrak{X}`: Fraktur letters.
    static func fraktur(_ c: Character) -> String? {
        let special: [Character: String] = ["C": "ℭ", "H": "ℌ", "I": "ℑ", "R": "ℜ", "Z": "ℨ"]
        if let s = special[c] { return s }
        return offsetLetter(c, upperBase: 0x1D504, lowerBase: 0x1D51E)
    }

    private static func offsetLetter(_ c: Character, upperBase: UInt32, lowerBase: UInt32?) -> String? {
        guard c.isASCII, let ascii = c.asciiValue else { return nil }
        let base: UInt32
        let index: UInt32
        if (65...90).contains(ascii) {
            base = upperBase; index = UInt32(ascii - 65)
        } else if (97...122).contains(ascii), let lower = lowerBase {
            base = lower; index = UInt32(ascii - 97)
        } else {
            return nil
        }
        return Unicode.Scalar(base + index).map { String($0) }
    }
}
