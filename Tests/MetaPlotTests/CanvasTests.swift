import Testing
@testable import MetaPlot

@Test func halfTransparentBlackOverWhiteIsMidGrey() {
    var canvas = Canvas(width: 4, height: 4)
    canvas.fill(PlotRect(x: 0, y: 0, width: 4, height: 4), color: Color.black.withOpacity(0.5))
    let pixel = canvas[1, 1]
    #expect((127...128).contains(pixel.red) && pixel.red == pixel.green && pixel.alpha == 255)
}

@Test func blendingOntoTransparentKeepsTheSourceColour() {
    var canvas = Canvas(width: 2, height: 2, background: .clear)
    canvas.blend(x: 0, y: 0, color: Color(200, 100, 50), coverage: 0.5)
    #expect(canvas[0, 0] == Color(200, 100, 50, 128))
    #expect(canvas[1, 1] == .clear)
}

@Test func fractionalRectanglesAreCoveredByArea() {
    var canvas = Canvas(width: 10, height: 10)
    canvas.fill(PlotRect(x: 2.5, y: 2, width: 3, height: 1), color: .black)
    #expect(canvas[3, 2] == Color(0, 0, 0))
    #expect((127...128).contains(canvas[2, 2].red))  // half covered
    #expect((127...128).contains(canvas[5, 2].red))
    #expect(canvas[6, 2] == .white && canvas[3, 3] == .white)
}

@Test func horizontalLineCoversTheRowsItsWidthSpans() {
    var canvas = Canvas(width: 30, height: 20)
    canvas.strokeLine(from: PlotPoint(5, 10), to: PlotPoint(25, 10), width: 2, color: .black)
    #expect(canvas[15, 9] == .black && canvas[15, 10] == .black)
    #expect(canvas[15, 8] == .white && canvas[15, 11] == .white)
    // Half a pixel lower, the edges cover half of rows 9 and 11.
    canvas = Canvas(width: 30, height: 20)
    canvas.strokeLine(from: PlotPoint(5, 10.5), to: PlotPoint(25, 10.5), width: 2, color: .black)
    #expect(canvas[15, 10] == .black)
    #expect((127...128).contains(canvas[15, 9].red) && (127...128).contains(canvas[15, 11].red))
}

@Test func polygonCoverageAddsUpToItsArea() {
    var canvas = Canvas(width: 40, height: 40)
    // A right triangle with legs of 20 pixels: area 200.
    canvas.fillPolygon([PlotPoint(10, 10), PlotPoint(30, 10), PlotPoint(10, 30)], color: .black)
    var ink = 0.0
    for y in 0..<40 { for x in 0..<40 { ink += 1 - Double(canvas[x, y].red) / 255 } }
    #expect(abs(ink - 200) < 3)
}

@Test func discCoverageAddsUpToItsArea() {
    var canvas = Canvas(width: 40, height: 40)
    canvas.fillCircle(center: PlotPoint(20, 20), radius: 10, color: .black)
    var ink = 0.0
    for y in 0..<40 { for x in 0..<40 { ink += 1 - Double(canvas[x, y].red) / 255 } }
    #expect(abs(ink - Double.pi * 100) < 4)
}

@Test func clipLimitsDrawingAndIsRestored() {
    var canvas = Canvas(width: 20, height: 20)
    canvas.withClip(PlotRect(x: 0, y: 0, width: 10, height: 20)) { canvas in
        canvas.fill(PlotRect(x: 0, y: 0, width: 20, height: 20), color: .black)
    }
    #expect(canvas[5, 5] == .black && canvas[15, 5] == .white)
    #expect(canvas.clip == nil)
}

@Test func farAwayAndNonFiniteCoordinatesAreIgnored() {
    var canvas = Canvas(width: 10, height: 10)
    canvas.strokePolyline([PlotPoint(.nan, 1), PlotPoint(1e300, -1e300), PlotPoint(.infinity, 3)], width: 2, color: .black)
    canvas.fillPolygon([PlotPoint(-1e200, 0), PlotPoint(1e200, 0), PlotPoint(0, 1e200)], color: .black)
    canvas.fill(PlotRect(x: .nan, y: 0, width: 5, height: 5), color: .black)
    #expect(canvas[0, 9] == .black)  // the huge triangle covers the canvas
    #expect(canvas.pixels.count == 400)
}
