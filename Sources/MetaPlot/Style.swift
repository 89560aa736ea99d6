/// Sizes shared by every figure, in pixels of the output image, derived from the pixel
/// density `scale` (1 for screens, 2 for slides).
struct Style: Sendable {
    /// Pixel density: every length and the font are multiplied by it.
    let scale: Int
    let font = BitmapFont.standard

    init(scale: Int) { self.scale = max(scale, 1) }

    /// Font scale of tick labels, legends, captions and axis labels.
    var textScale: Int { scale }
    /// Font scale of titles.
    var titleScale: Int { 2 * scale }
    /// Height of a line of ordinary text.
    var textHeight: Double { Double(BitmapFont.cellHeight * textScale) }
    /// Half a line of text, rounded up to whole points (room for labels centred on an edge).
    var halfTextHeight: Double { Double((BitmapFont.cellHeight + 1) / 2 * scale) }
    /// Height of a title line.
    var titleHeight: Double { Double(BitmapFont.cellHeight * titleScale) }
    /// Outer margin of a figure.
    var margin: Double { Double(12 * scale) }
    /// Space between neighbouring elements (label and axis, title and plot).
    var gap: Double { Double(6 * scale) }
    /// Length of a tick mark.
    var tickLength: Double { Double(4 * scale) }
    /// Width of a data line.
    var lineWidth: Double { 2 * Double(scale) }
    /// Width of frames and grid lines.
    var hairline: Double { Double(scale) }

    /// The width of `text` as ordinary text.
    func textWidth(_ text: String) -> Double { Double(font.measure(text, scale: textScale).width) }
    /// The width of `text` as a title.
    func titleWidth(_ text: String) -> Double { Double(font.measure(text, scale: titleScale).width) }

    /// Draws ordinary text with its box's top-left corner at `origin`.
    func text(_ text: String, at origin: PlotPoint, color: Color = .ink, on canvas: inout Canvas) {
        canvas.drawText(text, at: origin, scale: textScale, color: color, font: font)
    }

    /// Draws ordinary text centred on `center` (capital letters centred vertically).
    func text(_ text: String, centeredAt center: PlotPoint, color: Color = .ink, on canvas: inout Canvas) {
        let origin = PlotPoint(center.x - textWidth(text) / 2, center.y - Double(BitmapFont.capHeight * textScale) / 2)
        canvas.drawText(text, at: origin, scale: textScale, color: color, font: font)
    }

    /// Draws a title centred horizontally on `centerX` with its top at `top`.
    func title(_ text: String, centerX: Double, top: Double, on canvas: inout Canvas) {
        canvas.drawText(text, at: PlotPoint(centerX - titleWidth(text) / 2, top), scale: titleScale, color: .ink, font: font)
    }
}
