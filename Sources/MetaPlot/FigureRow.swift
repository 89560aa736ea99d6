/// Figures drawn side by side on one canvas, top-aligned, on `background`: a figure in panels.
public struct FigureRow: Figure {
    /// The panels, left to right.
    public var panels: [any Figure]
    /// What shows where a panel is shorter than the tallest.
    public var background: Color

    public init(_ panels: [any Figure], background: Color = .white) {
        precondition(!panels.isEmpty, "a row of no figures")
        self.panels = panels
        self.background = background
    }

    public func render() -> Canvas {
        let drawn = panels.map { $0.render() }
        var canvas = Canvas(width: drawn.reduce(0) { $0 + $1.width }, height: drawn.map(\.height).max() ?? 1, background: background)
        var left = 0
        for panel in drawn {
            for y in 0..<panel.height {
                for x in 0..<panel.width { canvas.set(x: left + x, y: y, to: panel[x, y]) }
            }
            left += panel.width
        }
        return canvas
    }
}
