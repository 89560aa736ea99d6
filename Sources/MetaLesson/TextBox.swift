/// A rectangle of text lines with a baseline, the unit of two-dimensional formula layout.
struct TextBox: Sendable {
    /// The lines, each padded to `width` columns.
    private(set) var lines: [String]
    /// The index of the line that aligns with the baseline of neighbouring boxes.
    private(set) var baseline: Int
    /// The width in terminal columns.
    private(set) var width: Int

    /// How many lines the box has.
    var height: Int { lines.count }

    /// A one-line box.
    init(_ text: String) {
        self.init(lines: [text], baseline: 0)
    }

    /// A box from lines (padded on the right to the widest) and a baseline index.
    init(lines: [String], baseline: Int) {
        let widths = lines.map { DisplayWidth.of($0) }
        let width = widths.max() ?? 0
        self.lines = zip(lines, widths).map { $0 + String(repeating: " ", count: width - $1) }
        self.baseline = min(max(0, baseline), max(0, lines.count - 1))
        self.width = width
        if self.lines.isEmpty { self.lines = [""] }
    }

    /// Boxes side by side, baselines aligned.
    static func beside(_ boxes: [TextBox]) -> TextBox {
        guard boxes.count > 1 else { return boxes.first ?? TextBox("") }
        let above = boxes.map(\.baseline).max() ?? 0
        let below = boxes.map { $0.height - $0.baseline - 1 }.max() ?? 0
        var lines = [String](repeating: "", count: above + below + 1)
        for box in boxes {
            let top = above - box.baseline
            let blank = String(repeating: " ", count: box.width)
            for row in lines.indices {
                let r = row - top
                lines[row] += (0..<box.height).contains(r) ? box.lines[r] : blank
            }
        }
        return TextBox(lines: lines, baseline: above)
    }

    /// Boxes one above another, each centred (or left-aligned), with the given baseline line.
    static func stacked(_ boxes: [TextBox], baseline: Int, centred: Bool = true) -> TextBox {
        let width = boxes.map(\.width).max() ?? 0
        let lines = boxes.flatMap { box in
            box.lines.map { line in
                let spare = width - box.width
                let left = centred ? spare / 2 : 0
                return String(repeating: " ", count: left) + line
            }
        }
        return TextBox(lines: lines, baseline: baseline)
    }

    /// This box with `text` appended to its top line (`top`) or its bottom line.
    func appending(_ text: String, top: Bool) -> TextBox {
        var copy = lines
        copy[top ? 0 : copy.count - 1] += text
        return TextBox(lines: copy, baseline: baseline)
    }

    /// A delimiter drawn over `height` lines with the bracket-piece characters where
    /// Unicode has them (⎛ ⎜ ⎝), repeated otherwise.
    static func delimiter(_ d: String, height: Int) -> TextBox {
        guard height > 1, !d.isEmpty else {
            return TextBox(lines: [String](repeating: d, count: max(1, height)), baseline: height / 2)
        }
        let pieces: [String: (top: String, middle: String, extend: String, bottom: String)] = [
            "(": ("⎛", "⎜", "⎜", "⎝"), ")": ("⎞", "⎟", "⎟", "⎠"),
            "[": ("⎡", "⎢", "⎢", "⎣"), "]": ("⎤", "⎥", "⎥", "⎦"),
            "{": ("⎧", "⎨", "⎪", "⎩"), "}": ("⎫", "⎬", "⎪", "⎭"),
            "|": ("│", "│", "│", "│"), "⌊": ("│", "│", "│", "⌊"), "⌋": ("│", "│", "│", "⌋"),
            "⌈": ("⌈", "│", "│", "│"), "⌉": ("⌉", "│", "│", "│"),
        ]
        let middleRow = height / 2
        let lines = (0..<height).map { row -> String in
            guard let p = pieces[d] else { return d }
            if row == 0 { return p.top }
            if row == height - 1 { return p.bottom }
            return row == middleRow && height > 2 ? p.middle : p.extend
        }
        return TextBox(lines: lines, baseline: middleRow)
    }
}
