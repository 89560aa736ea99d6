import Foundation
import Testing
@testable import MetaPlot

/// Set `METAPLOT_SAMPLES` to a folder to keep the sample figures there for viewing.
@Test func sampleFiguresAreWrittenAsRGBAImagesAtBothDensities() throws {
    let keep = ProcessInfo.processInfo.environment["METAPLOT_SAMPLES"]
    let folder = try keep ?? temporaryFolder("samples")
    defer { if keep == nil { try? FileManager.default.removeItem(atPath: folder) } }
    let doubleFolder = folder + "/2x"
    try FileManager.default.createDirectory(atPath: doubleFolder, withIntermediateDirectories: true)
    let paths = try writeSampleFigures(to: folder)
    let doublePaths = try writeSampleFigures(to: doubleFolder, scale: 2)
    #expect(paths.count == 7 && Set(paths).count == 7)
    for (path, doublePath) in zip(paths, doublePaths) {
        let image = try #require(DecodedPNG(path: path), "\(path) is not a readable PNG")
        let double = try #require(DecodedPNG(path: doublePath), "\(doublePath) is not a readable PNG")
        #expect(image.channels == 4)
        #expect(image.width >= 200 && image.height >= 150)
        #expect(double.width == 2 * image.width && double.height == 2 * image.height, "\(doublePath)")
        // Every figure has a white background and dark text somewhere.
        #expect(image[0, 0] == .white)
        #expect(image.pixels.indices.contains { $0 % 4 == 0 && image.pixels[$0] < 60 })
    }
}

@Test func writingSamplesIntoAMissingFolderThrows() {
    #expect(throws: PNGWriteError.self) { try writeSampleFigures(to: "/nonexistent-metaplot-folder") }
}
