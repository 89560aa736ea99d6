import Foundation
import MetaData
import Testing

@Suite struct ImageTests {
    @Test func decodesOneBitGreyWithStrokesAsInk() throws {
        // Black (0) strokes on white (1), as in Omniglot.
        let samples: [UInt8] = [1, 0, 1, 1, 1, 1, 1, 1, 0, 1,
                                0, 1, 1, 1, 1, 1, 1, 1, 1, 1]
        let image = try GreyImage(pngBytes: Fixtures.png(width: 10, height: 2, colorType: 0, bitDepth: 1, samples: samples))
        #expect(image.width == 10 && image.height == 2)
        #expect(image.pixels == samples.map { $0 == 0 ? 1 : 0 })
    }

    @Test func decodesEightBitGreyGreyAlphaRGBAndRGBA() throws {
        let grey = try GreyImage(pngBytes: Fixtures.png(width: 2, height: 1, colorType: 0, samples: [0, 255]))
        #expect(grey.pixels == [1, 0])
        let lightInk = try GreyImage(pngBytes: Fixtures.png(width: 2, height: 1, colorType: 0, samples: [0, 255]), polarity: .lightInk)
        #expect(lightInk.pixels == [0, 1])
        // Grey + alpha: opaque black is ink, fully transparent black is paper.
        let greyAlpha = try GreyImage(pngBytes: Fixtures.png(width: 2, height: 1, colorType: 4, samples: [0, 255, 0, 0]))
        #expect(greyAlpha.pixels == [1, 0])
        // RGB: pure red has Rec. 601 luminance 0.299.
        let rgb = try GreyImage(pngBytes: Fixtures.png(width: 2, height: 1, colorType: 2, samples: [255, 0, 0, 255, 255, 255]))
        #expect(abs(rgb.pixels[0] - (1 - 0.299)) < 1e-4 && rgb.pixels[1] == 0)
        // RGBA: half-transparent black over white paper is half ink.
        let rgba = try GreyImage(pngBytes: Fixtures.png(width: 1, height: 1, colorType: 6, samples: [0, 0, 0, 128]))
        #expect(abs(rgba.pixels[0] - 128 / 255) < 1e-4)
    }

    @Test func corruptOrTruncatedPNGIsATypedError() throws {
        let good = Fixtures.png(width: 4, height: 4, colorType: 0, samples: [UInt8](repeating: 9, count: 16))
        for bad in [Array(good.prefix(40)), [UInt8](repeating: 7, count: 30), []] {
            #expect {
                try GreyImage(pngBytes: bad, name: "sample.png")
            } throws: { error in
                guard case DataError.badPNG(let name, _) = error else { return false }
                return name == "sample.png" && "\(error)".contains("sample.png")
            }
        }
        #expect(throws: DataError.missingPath("/no/such.png")) { try GreyImage(pngFile: "/no/such.png") }
    }

    @Test func pngRoundTripsThroughAFile() throws {
        let image = GreyImage(width: 3, height: 2, pixels: [0, 1, 0.5, 1, 0, 0])
        let path = TestData.scratchFolder("png") + "/image.png"
        try image.writePNG(to: path)
        let back = try GreyImage(pngFile: path)
        #expect(zip(back.pixels, image.pixels).allSatisfy { abs($0 - $1) < 0.003 })
    }

    @Test func areaResizeAveragesExactly() {
        let image = GreyImage(width: 4, height: 2, pixels: [1, 0, 0, 0,
                                                             1, 1, 0, 1])
        #expect(image.areaResized(width: 2, height: 1).pixels == [0.75, 0.25])
        // 3 → 2: the middle pixel is split in halves.
        let row = GreyImage(width: 3, height: 1, pixels: [0, 1, 0])
        let halves = row.areaResized(width: 2, height: 1).pixels
        #expect(abs(halves[0] - 1.0 / 3) < 1e-6 && abs(halves[1] - 1.0 / 3) < 1e-6)
    }

    @Test func areaResizeFrom105To28KeepsTheMeanAndIsNotNearest() {
        var image = GreyImage(width: 105, height: 105)
        image[0, 0] = 1  // a single pixel lands, diluted, in output pixel (0, 0)
        image[4, 4] = 1  // covers [4, 5): output pixel 1 spans [3.75, 7.5)
        let small = image.areaResized(side: 28)
        #expect(abs(small.inkFraction - image.inkFraction) < 1e-6)
        #expect(abs(small[0, 0] - 1 / (3.75 * 3.75)) < 1e-6)
        #expect(abs(small[1, 1] - 1 / (3.75 * 3.75)) < 1e-6)
        #expect(small.pixels.filter { $0 > 0 }.count == 2)
    }

    @Test func quarterTurnsRotateClockwise() {
        let image = GreyImage(width: 3, height: 2, pixels: [1, 2, 3,
                                                             4, 5, 6])
        let turned = image.rotated90(1)
        #expect(turned.width == 2 && turned.height == 3)
        #expect(turned.pixels == [4, 1, 5, 2, 6, 3])
        #expect(image.rotated90(2).pixels == [6, 5, 4, 3, 2, 1])
        #expect(image.rotated90(3) == image.rotated90(-1))
        #expect(image.rotated90(4) == image)
        #expect(turned.rotated90(3) == image)
    }

    @Test func affineWarps() {
        var image = GreyImage(width: 8, height: 8)
        image[2, 3] = 1
        #expect(image.warped(by: .identity) == image)
        let shifted = image.warped(by: .translation(2, 1))
        #expect(shifted[4, 4] == 1 && abs(shifted.inkFraction - image.inkFraction) < 1e-6)
        let halfShift = image.warped(by: .translation(0.5, 0))
        #expect(halfShift[2, 3] == 0.5 && halfShift[3, 3] == 0.5)
        let rotation = AffineTransform.rotation(0.3)
        let roundTrip = rotation.inverse!.after(rotation)
        #expect(abs(roundTrip.a - 1) < 1e-6 && abs(roundTrip.b) < 1e-6 && abs(roundTrip.tx) < 1e-6)
        #expect(image.warped(by: .scale(0, 0)) == GreyImage(width: 8, height: 8))
    }
}
