import Testing
@testable import MetaLesson

@Suite struct LaTeXInlineTests {
    @Test(arguments: [
        // Greek, primes, Unicode sub- and superscripts.
        (#"\alpha + \beta"#, "α + β"),
        (#"\Gamma \Delta \Omega"#, "ΓΔΩ"),
        (#"\theta'_i"#, "θ′ᵢ"),
        (#"x^2"#, "x²"),
        (#"e^{-x}"#, "e⁻ˣ"),
        (#"x_{t-1}^{(i)}"#, "xₜ₋₁⁽ⁱ⁾"),
        (#"W^\top"#, "Wᵀ"),
        (#"(A + \lambda I)^{-1}"#, "(A + λI)⁻¹"),
        // Fallbacks where Unicode has no script character.
        (#"f_\theta"#, "f_θ"),
        (#"\mathcal{L}_{T_i}"#, "ℒ_(Tᵢ)"),
        (#"x^{q}"#, "x^q"),
        (#"\nabla_\theta \mathcal{L}"#, "∇_θ ℒ"),
        // Named symbols.
        (#"\nabla \partial \infty"#, "∇∂∞"),
        (#"a \leftarrow b \rightarrow c \to d \gets e"#, "a ← b → c → d ← e"),
        (#"a \le b \ge c \ne d \approx e"#, "a ≤ b ≥ c ≠ d ≈ e"),
        (#"x \in \mathbb{R}^d"#, "x ∈ ℝᵈ"),
        (#"\mathbb{E}[x]"#, "𝔼[x]"),
        (#"\mathcal{D} \mathcal{T}"#, "𝒟𝒯"),
        (#"a \pm b \cdot c \times d"#, "a ± b · c × d"),
        (#"\|x\|^2 = \lVert y \rVert"#, "‖x‖² = ‖y‖"),
        // Fractions, roots, operators with limits.
        (#"\frac{1}{2}"#, "1/2"),
        (#"\frac{a+b}{c}"#, "(a + b)/c"),
        (#"\frac{\partial L}{\partial \theta}"#, "∂L/∂θ"),
        (#"\sqrt{n}"#, "√n"),
        (#"\sqrt{a+b}"#, "√(a + b)"),
        (#"\sqrt[3]{x}"#, "∛x"),
        (#"\sum_i x_i"#, "Σᵢ xᵢ"),
        (#"\sum_{i=1}^{N} x_i"#, "Σᵢ₌₁ᴺ xᵢ"),
        (#"\prod_{j} p_j"#, "Πⱼ pⱼ"),
        // Functions, text, spacing, delimiters, accents.
        (#"\log p(x)"#, "log p(x)"),
        (#"\exp(-x)"#, "exp(−x)"),
        (#"\arg\min_\theta f"#, "arg min_θ f"),
        (#"\max(0, x)"#, "max(0, x)"),
        (#"\text{if } x > 0"#, "if x > 0"),
        (#"\mathrm{d}x"#, "dx"),
        (#"\operatorname{softmax}(z)"#, "softmax(z)"),
        (#"a \quad b"#, "a  b"),
        (#"a\,b\;c"#, "a b c"),
        (#"\left( x \right)"#, "(x)"),
        (#"\left\{ x \right\}"#, "{x}"),
        (#"\{ a \}"#, "{a}"),
        (#"\hat{y}"#, "y\u{0302}"),
        (#"\tilde{c}"#, "c\u{0303}"),
        (#"\bar{x}"#, "x\u{0304}"),
        (#"-x + -y"#, "−x + −y"),
        (#"\foo"#, "foo"),
        (#"\foo x"#, "foo x"),
        (" \\text{é} ", "é"),
        (#"\hat{\theta}_é"#, "θ\u{0302}_é"),
    ])
    func renders(source: String, expected: String) {
        #expect(LaTeX.inline(source) == expected)
    }

    @Test func mamlInnerUpdateMatchesTheDesignDocument() {
        #expect(LaTeX.inline(#"\theta'_i = \theta - \alpha \nabla_\theta \mathcal{L}_{T_i}(f_\theta)"#)
                == "θ′ᵢ = θ − α∇_θ ℒ_(Tᵢ)(f_θ)")
    }

    @Test func ridgeClosedForm() {
        #expect(LaTeX.inline(#"W = X^\top (X X^\top + \lambda I)^{-1} Y"#) == "W = Xᵀ(XXᵀ + λI)⁻¹Y")
    }

    @Test func confidenceInterval() {
        #expect(LaTeX.inline(#"\bar{x} \pm 1.96 \frac{\sigma}{\sqrt{n}}"#) == "x\u{0304} ± 1.96σ/√n")
    }
}

@Suite struct LaTeXDisplayTests {
    @Test func fractionIsStackedOverABar() {
        #expect(LaTeX.display(#"\frac{a+b}{c} = \frac{1}{2}"#) == [
            " a + b     1",
            "─────── = ───",
            "   c       2",
        ])
    }

    @Test func sumLimitsGoAboveAndBelow() {
        #expect(LaTeX.display(#"\sum_{i=1}^{N} x_i"#) == [
            " N",
            " Σ  xᵢ",
            "i=1",
        ])
    }

    @Test func minTakesItsSubscriptBelow() {
        #expect(LaTeX.display(#"\min_\theta f(\theta)"#) == ["min f(θ)", " θ"])
    }

    @Test func stretchedParenthesesAroundAFraction() {
        #expect(LaTeX.display(#"\left( \frac{a}{b} \right)^2"#) == [
            "⎛ a ⎞²",
            "⎜───⎟",
            "⎝ b ⎠",
        ])
    }

    @Test func lineBreaksStartNewLines() {
        #expect(LaTeX.display(#"\begin{aligned} a &= b \\ c &= d \end{aligned}"#) == ["a = b", "c = d"])
        #expect(LaTeX.inline(#"a = b \\ c = d"#) == "a = b; c = d")
    }

    @Test func formulaWithoutTallPartsIsOneLineAndEqualsInline() {
        let source = #"W = X^\top (X X^\top + \lambda I)^{-1} Y"#
        #expect(LaTeX.display(source) == [LaTeX.inline(source)])
    }

    @Test func everyLineOfAStackedFormulaHasTheSameWidthBeforeTrimming() {
        let lines = LaTeX.display(#"\frac{\exp(-d(x, c_k))}{\sum_{k'} \exp(-d(x, c_{k'}))}"#)
        #expect(lines.count == 4)
        #expect(lines[1].allSatisfy { $0 == "─" })
    }
}

@Suite struct LaTeXRobustnessTests {
    /// Formulas a MAML / Reptile / ProtoNet / Meta-SGD / ridge / LSTM meta-learner course uses.
    static let courseFormulas: [String] = [
        #"\theta'_i = \theta - \alpha \nabla_\theta \mathcal{L}_{\mathcal{T}_i}(f_\theta)"#,
        #"\theta \leftarrow \theta - \beta \nabla_\theta \sum_{\mathcal{T}_i \sim p(\mathcal{T})} \mathcal{L}_{\mathcal{T}_i}(f_{\theta'_i})"#,
        #"\theta \leftarrow \theta - \beta \nabla_\theta \sum_i \mathcal{L}_{T_i}(\theta - \alpha \nabla_\theta \mathcal{L}_{T_i}(\theta))"#,
        #"\nabla_\theta \theta'_i = I - \alpha \nabla^2_\theta \mathcal{L}_{T_i}(\theta)"#,
        #"\frac{\partial \theta'}{\partial \theta} = I - \alpha \nabla_{\theta\theta}^2 \mathcal{L}"#,
        #"g_{\text{FOMAML}} = \nabla_{\theta'} \mathcal{L}(\theta')"#,
        #"\theta \leftarrow \theta + \epsilon (\tilde{\theta} - \theta)"#,
        #"\theta \leftarrow \theta + \epsilon \frac{1}{n} \sum_{i=1}^{n} (\tilde{\theta}_i - \theta)"#,
        #"\tilde{\theta} = U^k_\tau(\theta)"#,
        #"g_{\text{Reptile}} = \mathbb{E}_\tau \left[ \theta - U^k_\tau(\theta) \right]"#,
        #"\mathbf{c}_k = \frac{1}{|S_k|} \sum_{(\mathbf{x}_i, y_i) \in S_k} f_\phi(\mathbf{x}_i)"#,
        #"p_\phi(y = k \mid \mathbf{x}) = \frac{\exp(-d(f_\phi(\mathbf{x}), \mathbf{c}_k))}{\sum_{k'} \exp(-d(f_\phi(\mathbf{x}), \mathbf{c}_{k'}))}"#,
        #"d(\mathbf{z}, \mathbf{z}') = \|\mathbf{z} - \mathbf{z}'\|^2"#,
        #"J(\phi) = -\log p_\phi(y = k \mid \mathbf{x})"#,
        #"\hat{y} = \sum_{i=1}^{k} a(\hat{x}, x_i) y_i"#,
        #"a(\hat{x}, x_i) = \frac{e^{c(f(\hat{x}), g(x_i))}}{\sum_{j=1}^{k} e^{c(f(\hat{x}), g(x_j))}}"#,
        #"c(u, v) = \frac{u \cdot v}{\|u\| \, \|v\|}"#,
        #"\theta'_i = \theta - \boldsymbol{\alpha} \circ \nabla_\theta \mathcal{L}_{T_i}(f_\theta)"#,
        #"(\theta, \boldsymbol{\alpha}) \leftarrow (\theta, \boldsymbol{\alpha}) - \beta \nabla_{(\theta, \boldsymbol{\alpha})} \sum_{T_i} \mathcal{L}_{T_i}(f_{\theta'_i})"#,
        #"W = X^\top (X X^\top + \lambda I)^{-1} Y"#,
        #"W = (X^\top X + \lambda I)^{-1} X^\top Y"#,
        #"\hat{Y} = \alpha X' W + \beta"#,
        #"\min_W \|XW - Y\|^2 + \lambda \|W\|^2"#,
        #"i_t = \sigma(W_i [h_{t-1}, x_t] + b_i)"#,
        #"f_t = \sigma(W_f \cdot [\nabla_{\theta_{t-1}} \mathcal{L}_t, \mathcal{L}_t, \theta_{t-1}, f_{t-1}] + b_f)"#,
        #"o_t = \sigma(W_o [h_{t-1}, x_t] + b_o)"#,
        #"\tilde{c}_t = \tanh(W_c [h_{t-1}, x_t] + b_c)"#,
        #"c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t"#,
        #"\theta_t = f_t \odot \theta_{t-1} - i_t \odot \nabla_{\theta_{t-1}} \mathcal{L}_t"#,
        #"h_t = o_t \odot \tanh(c_t)"#,
        #"\mathcal{L}_{CE} = -\sum_{k=1}^{K} y_k \log \hat{y}_k"#,
        #"\mathcal{L}(\theta) = -\frac{1}{N} \sum_{n=1}^{N} \log p_\theta(y_n \mid x_n)"#,
        #"\mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_j e^{z_j}}"#,
        #"\mathcal{L}_{MSE} = \frac{1}{K} \sum_{k=1}^{K} (f_\theta(x_k) - y_k)^2"#,
        #"\bar{a} \pm 1.96 \frac{\sigma}{\sqrt{n}}"#,
        #"\mathrm{CI}_{95\%} = \left[ \bar{x} - 1.96 \frac{s}{\sqrt{n}}, \; \bar{x} + 1.96 \frac{s}{\sqrt{n}} \right]"#,
        #"y = A \sin(x + \varphi), \quad A \sim U[0.1, 5.0], \; \varphi \sim U[0, \pi]"#,
        #"\theta^* = \arg\min_\theta \mathbb{E}_{\mathcal{T} \sim p(\mathcal{T})} \left[ \mathcal{L}_\mathcal{T}(U_\mathcal{T}(\theta)) \right]"#,
        #"H v \approx \frac{\nabla \mathcal{L}(\theta + r v) - \nabla \mathcal{L}(\theta - r v)}{2 r}"#,
        #"\mathrm{BN}(x) = \gamma \frac{x - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}} + \beta"#,
        #"y = \max(0, x) \quad \text{(ReLU)}"#,
        #"(f * k)(i, j) = \sum_m \sum_n f(i + m, j + n) \, k(m, n)"#,
        #"m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t, \quad v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2"#,
        #"\theta_t = \theta_{t-1} - \eta \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}"#,
        #"\theta_{t+1} = \theta_t + g_t(\nabla_t, \phi), \quad \mathcal{L}(\phi) = \mathbb{E}_f \left[ \sum_{t=1}^{T} w_t f(\theta_t) \right]"#,
        #"p(\text{same} \mid x_1, x_2) = \sigma\left( \sum_j \alpha_j |h^{(j)}_1 - h^{(j)}_2| \right)"#,
        #"\mathcal{L} = \sum_{(x, x') \in \mathcal{P}} y \log p + (1 - y) \log (1 - p)"#,
        #"f_\theta(x) = W_2 \, \mathrm{ReLU}(W_1 x + b_1) + b_2"#,
        #"\mathcal{D}_{\text{train}} = \{(x_i, y_i)\}_{i=1}^{N K}"#,
        #"\|\nabla_\theta \mathcal{L}\|_2 \le 10"#,
        #"\forall i \in \{1, \dots, N\}: \; \hat{y}_i \ne y_i \Rightarrow \ell_i > 0"#,
        #"\operatorname*{argmax}_k \; p(y = k \mid x) \propto e^{-\|f(x) - c_k\|^2}"#,
    ]

    /// Malformed or hostile LaTeX: unbalanced braces, trailing backslashes, deep nesting.
    static let malformed: [String] = [
        "", "\\", "\\\\", "{", "}", "{{{", "}}}", "x^", "x_", "^", "_{", "\\frac", "\\frac{1}",
        "\\frac{", "\\sqrt", "\\sqrt[", "\\sqrt[3", "\\left(", "\\right)", "\\left", "\\right",
        "\\left( x", "\\text{abc", "\\text", "\\mathcal", "\\mathbb{", "\\hat", "a \\", "x^{2",
        "\\begin{aligned", "\\operatorname", "\\\\\\", "$x$", "x''''", "%comment", "\\{", "\\}",
        String(repeating: "{", count: 5000), String(repeating: "}", count: 5000),
        String(repeating: "\\frac{", count: 2000), String(repeating: "\\sqrt{", count: 2000),
        String(repeating: "x^", count: 3000), String(repeating: "\\left(", count: 2000),
        String(repeating: "\\", count: 999), String(repeating: "a_{b^{", count: 1000),
        "\u{0}\u{1}\u{FFFD}\\\u{7F}", "\\θ", "\\é", "\\😀 x", "∑ already unicode",
    ]

    @Test func noBackslashSurvivesInTheCourseCorpus() {
        #expect(Self.courseFormulas.count >= 40)
        for source in Self.courseFormulas {
            let inline = LaTeX.inline(source)
            let display = LaTeX.display(source).joined(separator: "\n")
            #expect(!inline.contains("\\"), "inline: \(source) → \(inline)")
            #expect(!display.contains("\\"), "display: \(source) → \(display)")
            #expect(!inline.isEmpty)
            #expect(!inline.contains("\n"))
        }
    }

    @Test func noBackslashAndNoCrashOnMalformedInput() {
        for source in Self.malformed {
            let inline = LaTeX.inline(source)
            let display = LaTeX.display(source)
            #expect(!inline.contains("\\"), "inline: \(source.prefix(40))")
            #expect(!display.joined().contains("\\"), "display: \(source.prefix(40))")
            #expect(!display.isEmpty)
        }
    }

    @Test func unclosedGroupStillRendersItsContents() {
        #expect(LaTeX.inline(#"\frac{a}{b"#) == "a/b")
        #expect(LaTeX.inline(#"x^{2"#) == "x²")
        #expect(LaTeX.inline(#"a}b"#) == "ab")
        #expect(LaTeX.inline(#"\left( x"#) == "(x")
        #expect(LaTeX.inline("a \\") == "a")
    }

    @Test func unknownCommandsShowTheirNames() {
        #expect(LaTeX.inline(#"\KL(p \| q)"#) == "KL(p ‖ q)" || LaTeX.inline(#"\KL(p \| q)"#) == "KL(p‖q)")
        #expect(LaTeX.inline(#"\@"#) == "@")
    }
}
