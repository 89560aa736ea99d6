import Foundation
import Testing
@testable import MetaPlot

/// The symbols the lessons write in titles and labels.
let lessonSymbols = "θαβγελμσφ∇ℒΣ∈≤≥±→′·×"

@Test func fontCoversASCIIAndLessonSymbols() {
    let ascii = (32...126).compactMap(Unicode.Scalar.init)
    let missing = (ascii + lessonSymbols.unicodeScalars).filter { !BitmapFont.standard.hasGlyph(for: $0) }
    #expect(missing.isEmpty, "no glyph for \(missing)")
}

@Test func measuringIsProportionalAndScales() {
    let font = BitmapFont.standard
    #expect(font.measure("").width == 0)
    #expect(font.measure("i").width < font.measure("m").width)
    // Digits share one width so that numbers line up.
    #expect(Set("0123456789".map { font.measure(String($0)).width }).count == 1)
    let one = font.measure("MAML  α=0.4"), three = font.measure("MAML  α=0.4", scale: 3)
    #expect(three.width == 3 * one.width && three.height == 3 * BitmapFont.cellHeight)
}

@Test func textInkStaysInsideItsMeasuredBox() {
    var canvas = Canvas(width: 200, height: 60)
    let text = "Σ gyp ℒ(θ)", origin = PlotPoint(20, 15), size = BitmapFont.standard.measure(text, scale: 2)
    canvas.drawText(text, at: origin, scale: 2, color: .black)
    var inside = 0, outside = 0
    for y in 0..<canvas.height {
        for x in 0..<canvas.width where canvas[x, y] != .white {
            let inBox = x >= 20 && x < 20 + size.width && y >= 15 && y < 15 + size.height
            if inBox { inside += 1 } else { outside += 1 }
        }
    }
    #expect(inside > 100)
    #expect(outside == 0)
    // Descenders reach the two bottom rows of the cell.
    #expect((20..<(20 + size.width)).contains { canvas[$0, 15 + size.height - 1] != .white })
}

@Test func upwardTextIsTheHorizontalTextTurnedAnticlockwise() {
    var flat = Canvas(width: 80, height: 80), turned = Canvas(width: 80, height: 80)
    let size = BitmapFont.standard.measure("Lq")
    flat.drawText("Lq", at: PlotPoint(0, 0), color: .black)
    turned.drawText("Lq", at: PlotPoint(0, 0), color: .black, direction: .upward)
    for y in 0..<size.height {
        for x in 0..<size.width {
            // (x, y) in the flat text lands at (y, width - 1 - x) in the turned text.
            #expect(flat[x, y] == turned[y, size.width - 1 - x])
        }
    }
}
