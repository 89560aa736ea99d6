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
        self.init(padded: zip(lines, widths).map { $0 + Self.blank(width - $1) }, baseline: baseline, width: width)
    }

    /// A box from lines already padded to `width` columns (no measuring).
    private init(padded lines: [String], baseline: Int, width: Int) {
        self.lines = lines.isEmpty ? [Self.blank(width)] : lines
        self.baseline = min(max(0, baseline), self.lines.count - 1)
        self.width = width
    }

    /// Boxes side by side, baselines aligned.
    static func beside(_ boxes: [TextBox]) -> TextBox {
        guard boxes.count > 1 else { return boxes.first ?? TextBox("") }
        let above = boxes.map(\.baseline).max() ?? 0
        let below = boxes.map { $0.height - $0.baseline - 1 }.max() ?? 0
        var lines = [String](repeating: "", count: above + below + 1)
        for box in boxes {
            let top = above - box.baseline
            let empty = blank(box.width)
            for row in lines.indices {
                let r = row - top
                lines[row] += (0..<box.height).contains(r) ? box.lines[r] : empty
            }
        }
        return TextBox(padded: lines, baseline: above, width: boxes.reduce(0) { $0 + $1.width })
    }

    /// Boxes one above another, each centred (or left-aligned), with the given baseline line.
    static func stacked(_ boxes: [TextBox], baseline: Int, centred: Bool = true) -> TextBox {
        let width = boxes.map(\.width).max() ?? 0
        let lines = boxes.flatMap { box in
            let spare = width - box.width
            let left = centred ? spare / 2 : 0
            return box.lines.map { blank(left) + $0 + blank(spare - left) }
        }
        return TextBox(padded: lines, baseline: baseline, width: width)
    }

    /// This box with `text` appended to its top line (`top`) or its bottom line.
    func appending(_ text: String, top: Bool) -> TextBox {
        let added = DisplayWidth.of(text)
        let target = top ? 0 : lines.count - 1
        let copy = lines.indices.map { $0 == target ? lines[$0] + text : lines[$0] + Self.blank(added) }
        return TextBox(padded: copy, baseline: baseline, width: width + added)
    }

    private static func blank(_ n: Int) -> String {
        String(repeating: " ", count: max(0, n))
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
