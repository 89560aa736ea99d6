import Foundation
import Testing
@testable import MetaPlot

/// Renders `figure`, writes it as a PNG and reads it back.
func roundTrip(_ figure: some Figure, name: String) throws -> DecodedPNG {
    let folder = try temporaryFolder(name)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/\(name).png"
    try figure.writePNG(to: path)
    return try #require(DecodedPNG(path: path))
}

@Test func lineSeriesPassesThroughItsDataPixels() throws {
    let red = Color(hex: 0xD55E00)
    let xs = (0...20).map(Double.init), ys = xs.map { 0.3 + 0.03 * $0 }
    var configuration = LineChart.Configuration(title: "MAML  α=0.4", xLabel: "iteration", yLabel: "accuracy")
    configuration.width = 400
    configuration.height = 300
    let chart = LineChart(series: [LineSeries(name: "MAML", x: xs, y: ys, color: red)], configuration: configuration)
    let image = try roundTrip(chart, name: "line")
    #expect(image.width == 400 && image.height == 300 && image.channels == 4)
    let layout = chart.layout()
    for (x, y) in zip(xs, ys).dropFirst().dropLast() {
        let pixel = layout.pixel(x: x, y: y)
        // The 2-pixel line is solid within a pixel of the exact position (its anti-aliased
        // edge may fall on the pixel itself).
        let column = Int(pixel.x), row = Int(pixel.y)
        #expect((row - 1...row + 1).contains { isClose(image[column, $0], red, tolerance: 6) }, "at data (\(x), \(y)) → \(pixel)")
        // Ten pixels above the line is background or grid, not the series.
        #expect(!isClose(image[Int(pixel.x), Int(pixel.y) - 10], red, tolerance: 60))
    }
}

@Test func confidenceBandIsShadedBetweenItsEdges() throws {
    let xs = (0...10).map(Double.init)
    var configuration = LineChart.Configuration()
    configuration.yRange = 0...1
    let chart = LineChart(series: [LineSeries(name: "a", x: xs, y: xs.map { _ in 0.5 },
                                              lower: xs.map { _ in 0.3 }, upper: xs.map { _ in 0.7 }, color: .black)],
                          configuration: configuration)
    let canvas = chart.render(), layout = chart.layout()
    let inside = layout.pixel(x: 5, y: 0.6), outside = layout.pixel(x: 5, y: 0.8)
    let shade = canvas[Int(inside.x), Int(inside.y)]
    #expect(shade.red < 230 && shade.red > 150)  // 20% black over white
    #expect(canvas[Int(outside.x), Int(outside.y)].red > 220)
}

@Test func logarithmicLineChartSpacesDecadesEvenly() {
    var configuration = LineChart.Configuration()
    configuration.logarithmicY = true
    let chart = LineChart(series: [LineSeries(name: "loss", y: [100, 10, 1, 0.1, 0, -1])], configuration: configuration)
    let layout = chart.layout()
    let a = layout.pixel(x: 0, y: 100).y, b = layout.pixel(x: 1, y: 10).y, c = layout.pixel(x: 2, y: 1).y
    #expect(abs((b - a) - (c - b)) < 1e-9 && b > a)
    #expect(layout.pixel(x: 4, y: 0).y.isNaN)
    _ = chart.render()  // values ≤ 0 are skipped, not drawn at infinity
}

@Test func chartsSurviveEmptyAndNonFiniteData() {
    let nasty = [Double.nan, .infinity, -.infinity, 1, 1]
    let canvases = [
        LineChart(series: []).render(),
        LineChart(series: [LineSeries(name: "x", y: nasty, lower: [], upper: nasty)]).render(),
        ScatterPlot(groups: [ScatterGroup(name: "x", points: [PlotPoint(.nan, 1), PlotPoint(2, .infinity)])]).render(),
        Histogram(groups: [HistogramGroup(name: "x", values: nasty)]).render(),
        Histogram(groups: []).render(),
        HeatMap(values: [[.nan, 1], [2]]).render(),
        HeatMap(values: []).render(),
        FilterGrid(filters: [[.nan, 0], []], kernelSize: 3).render(),
        ImageGrid(images: []).render(),
        ImageGrid(images: [GridImage(width: 3, height: 3, pixels: [0.5])]).render(),
    ]
    #expect(canvases.allSatisfy { $0.width > 0 && $0.height > 0 })
}

@Test func filterGridMapsZeroToTheNeutralColourOnOneSymmetricScale() throws {
    let filters: [[Float]] = [[0, 2, -2, 0.5, 0, 0, 0, 0, 0], [-0.5, 0, 0, 0, 0, 0, 0, 0, 0]]
    let grid = FilterGrid(filters: filters, kernelSize: 3)
    #expect(grid.limit == 2)
    let image = try roundTrip(grid, name: "filters"), layout = grid.layout()
    func colour(filter: Int, weight: Int) -> Color {
        let box = layout.filterRects[filter], cell = box.width / 3
        return image[Int(box.x + (Double(weight % 3) + 0.5) * cell), Int(box.y + (Double(weight / 3) + 0.5) * cell)]
    }
    #expect(colour(filter: 0, weight: 0) == ColorMap.neutral)
    #expect(colour(filter: 1, weight: 4) == ColorMap.neutral)
    #expect(colour(filter: 0, weight: 1) == ColorMap.diverging.color(at: 1))
    #expect(colour(filter: 0, weight: 2) == ColorMap.diverging.color(at: 0))
    // ±0.5 in different filters sit symmetrically on the shared scale.
    #expect(colour(filter: 0, weight: 3) == ColorMap.diverging.color(at: 0.625))
    #expect(colour(filter: 1, weight: 0) == ColorMap.diverging.color(at: 0.375))
    // The colour bar runs from the positive end at the top to the negative end at the bottom.
    let bar = layout.colorBar
    #expect(isClose(image[Int(bar.center.x), Int(bar.y)], ColorMap.diverging.color(at: 1), tolerance: 10))
    #expect(isClose(image[Int(bar.center.x), Int(bar.maxY) - 1], ColorMap.diverging.color(at: 0), tolerance: 10))
    #expect(isClose(image[Int(bar.center.x), Int(bar.center.y)], ColorMap.neutral, tolerance: 4))
}

@Test func captionGlyphsStayInTheirBoxAndFramesShowTheVerdict() throws {
    let blank = [Float](repeating: 1, count: 8 * 8)
    let grid = ImageGrid(images: [
        GridImage(width: 8, height: 8, pixels: blank, caption: "circle", mark: .correct),
        GridImage(width: 8, height: 8, pixels: blank, caption: "ring", mark: .wrong),
    ], configuration: ImageGrid.Configuration(columns: 2))
    let image = try roundTrip(grid, name: "grid"), layout = grid.layout()
    for (index, box) in layout.captionRects.enumerated() {
        let around = box.insetBy(-6)
        var inkInside = 0, inkAround = 0
        for y in Int(around.y)..<Int(around.maxY) {
            for x in Int(around.x)..<Int(around.maxX) where image[x, y].red < 128 {
                if box.contains(PlotPoint(Double(x) + 0.5, Double(y) + 0.5)) { inkInside += 1 } else { inkAround += 1 }
            }
        }
        #expect(inkInside > 10, "caption \(index) has no ink")
        #expect(inkAround == 0, "caption \(index) spills out of its box")
    }
    let first = layout.imageRects[0], second = layout.imageRects[1]
    #expect(image[Int(first.x) - 2, Int(first.center.y)] == .correct)
    #expect(image[Int(second.x) - 2, Int(second.center.y)] == .wrong)
    #expect(image[Int(first.center.x), Int(first.center.y)] == .white)
}

@Test func imageGridUpscalesWithoutSmoothing() {
    let checker: [Float] = [0, 1, 1, 0]
    var configuration = ImageGrid.Configuration()
    configuration.upscale = 10
    let grid = ImageGrid(images: [GridImage(width: 2, height: 2, pixels: checker)], configuration: configuration)
    let canvas = grid.render(), box = grid.layout().imageRects[0]
    #expect(box.width == 20 && box.height == 20)
    for (x, y, expected) in [(0, 0, Color.black), (9, 9, .black), (10, 0, .white), (19, 9, .white), (0, 10, .white), (10, 19, .black)] {
        #expect(canvas[Int(box.x) + x, Int(box.y) + y] == expected)
    }
}

@Test func heatMapWritesValuesOnlyInSmallMatrices() {
    let small = HeatMap(values: [[9, 1], [0, 10]])
    let canvas = small.render()
    let full = small.cellRect(row: 1, column: 1)
    #expect(canvas[Int(full.x) + 1, Int(full.y) + 1] == ColorMap.sequential.color(at: 1))
    let hasInk = { (canvas: Canvas, cell: PlotRect, background: Color) in
        (Int(cell.x)..<Int(cell.maxX)).contains { x in (Int(cell.y)..<Int(cell.maxY)).contains { canvas[x, $0] != background } }
    }
    #expect(hasInk(canvas, full, ColorMap.sequential.color(at: 1)))
    let large = HeatMap(values: (0..<13).map { _ in [Double](repeating: 1, count: 13) })
    let cell = large.cellRect(row: 6, column: 6)
    // Equal values: the whole range is one colour, and no labels are drawn.
    #expect(!hasInk(large.render(), cell.insetBy(1), large.render()[Int(cell.center.x), Int(cell.center.y)]))
}

@Test func scatterPointsAndPrototypesLandOnTheirData() {
    let plot = ScatterPlot(groups: [
        ScatterGroup(name: "a", points: [PlotPoint(0, 0), PlotPoint(4, 4)], marked: [PlotPoint(2, 2)], color: .black),
    ])
    let canvas = plot.render(), layout = plot.layout()
    let point = layout.pixel(x: 4, y: 4), prototype = layout.pixel(x: 2, y: 2)
    #expect(canvas[Int(point.x), Int(point.y)].red < 100)
    #expect(canvas[Int(prototype.x), Int(prototype.y)] == .black)
    #expect(canvas[Int(prototype.x + 5.5), Int(prototype.y)].red < 100)  // dark outline on the rim
}

@Test func histogramCountsEveryValueOnce() {
    let histogram = Histogram(groups: [HistogramGroup(name: "a", values: [0, 0.1, 0.5, 0.99, 1, .nan]),
                                       HistogramGroup(name: "b", values: [0.5])],
                              configuration: { var c = Histogram.Configuration(); c.bins = 4; return c }())
    #expect(histogram.edges == [0, 0.25, 0.5, 0.75, 1])
    #expect(histogram.counts == [[2, 0, 1, 2], [0, 0, 1, 0]])
    let layout = histogram.layout()
    #expect(layout.yAxis.lower == 0 && layout.xAxis.lower == 0 && layout.xAxis.upper == 1)
}

@Test func pngErrorsNameThePathAndTheReason() throws {
    let canvas = Canvas(width: 4, height: 4)
    let folder = try temporaryFolder("errors")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let missing = folder + "/no-such-folder/figure.png"
    #expect(throws: PNGWriteError.missingFolder(path: missing, folder: folder + "/no-such-folder")) {
        try canvas.writePNG(to: missing)
    }
    do {
        try canvas.writePNG(to: folder)  // a folder is in the way
        Issue.record("writing over a folder succeeded")
    } catch {
        guard case .notWritable(let path, _) = error else { Issue.record("unexpected \(error)"); return }
        #expect(path == folder && error.description.contains(folder))
    }
    let file = folder + "/plain-file"
    FileManager.default.createFile(atPath: file, contents: Data())
    #expect(throws: PNGWriteError.self) { try canvas.writePNG(to: file + "/figure.png") }
    if FileManager.default.fileExists(atPath: "/dev/full") {
        #expect(throws: PNGWriteError.diskFull(path: "/dev/full")) { try canvas.writePNG(to: "/dev/full") }
    }
    #expect(PNGWriteError.diskFull(path: "/x/y.png").description == "cannot write /x/y.png: the disk is full")
}

@Test func figureRowPlacesPanelsSideBySideTopAligned() {
    var small = LineChart.Configuration(title: "left")
    (small.width, small.height) = (200, 150)
    var tall = LineChart.Configuration(title: "right")
    (tall.width, tall.height) = (240, 180)
    let left = LineChart(series: [LineSeries(name: "a", y: [0, 1, 2])], configuration: small)
    let right = LineChart(series: [LineSeries(name: "b", y: [2, 1, 0])], configuration: tall)
    let row = FigureRow([left, right], background: Color(hex: 0x123456)).render()
    #expect(row.width == 440 && row.height == 180)
    let (leftCanvas, rightCanvas) = (left.render(), right.render())
    for (x, y) in [(0, 0), (100, 75), (199, 149), (57, 12)] { #expect(row[x, y] == leftCanvas[x, y]) }
    for (x, y) in [(0, 0), (120, 90), (239, 179)] { #expect(row[200 + x, y] == rightCanvas[x, y]) }
    // Below the shorter panel: the row's background.
    #expect(row[100, 170] == Color(hex: 0x123456))
}
