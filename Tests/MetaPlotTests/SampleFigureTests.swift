import Foundation
import Testing
@testable import MetaPlot

/// Set `METAPLOT_SAMPLES` to a folder to keep the sample figures there for viewing.
@Test func sampleFiguresAreWrittenAsRGBAImages() throws {
    let keep = ProcessInfo.processInfo.environment["METAPLOT_SAMPLES"]
    let folder = try keep ?? temporaryFolder("samples")
    defer { if keep == nil { try? FileManager.default.removeItem(atPath: folder) } }
    let paths = try writeSampleFigures(to: folder)
    #expect(paths.count == 7)
    for path in paths {
        let image = try #require(DecodedPNG(path: path), "\(path) is not a readable PNG")
        #expect(image.channels == 4)
        #expect(image.width >= 200 && image.height >= 150)
        // Every figure has a white background and dark text somewhere.
        #expect(image[0, 0] == .white)
        #expect(image.pixels.indices.contains { $0 % 4 == 0 && image.pixels[$0] < 60 })
    }
}

@Test func doubleScaleDoublesTheSize() throws {
    var random = SampleRandom(seed: 1)
    let single = SampleFigures.accuracyCurves(scale: 1, random: &random).render()
    let double = SampleFigures.accuracyCurves(scale: 2, random: &random).render()
    #expect(double.width == 2 * single.width && double.height == 2 * single.height)
}
