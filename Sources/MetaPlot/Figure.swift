/// Anything that draws itself onto a new canvas: every chart kind of MetaPlot.
public protocol Figure: Sendable {
    /// Draws the figure.
    func render() -> Canvas
}

extension Figure {
    /// Draws the figure and writes it as a PNG file (the folder must exist).
    public func writePNG(to path: String) throws(PNGWriteError) {
        try render().writePNG(to: path)
    }
}
