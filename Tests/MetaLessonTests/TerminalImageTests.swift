import Testing
@testable import MetaLesson

@Suite struct TerminalImageTests {
    let ramp = GreyImage(width: 4, height: 3, pixels: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1])

    @Test func plainShadesAverageTwoRowsPerLine() {
        // Rows 0+1 averaged: 0.2, 0.3, 0.4, 0.5; the odd last row alone: 0.8, 0.9, 1, 1.
        #expect(TerminalImage.render(ramp, style: .plain) == [":-=+", "%@@@"])
    }

    @Test func halfBlocksWithGreyRamp() {
        let lines = TerminalImage.render(GreyImage(width: 2, height: 2, pixels: [0, 1, 1, 0]), style: .ansi)
        #expect(lines == ["\u{1B}[38;5;16m\u{1B}[48;5;231m▀\u{1B}[38;5;231m\u{1B}[48;5;16m▀\u{1B}[0m"])
    }

    @Test func trueColourAndUnchangedColoursAreNotRepeated() {
        let style = TerminalStyle(isEnabled: true, trueColor: true)
        let lines = TerminalImage.render(GreyImage(width: 3, height: 1, pixels: [1, 1, 1]), style: style)
        #expect(lines == ["\u{1B}[38;2;255;255;255m\u{1B}[49m▀▀▀\u{1B}[0m"])
    }

    @Test func divergingIsBlueForNegativeAndRedForPositive() {
        let filter = GreyImage(width: 3, height: 1, pixels: [-2, 0, 4])
        #expect(TerminalImage.render(filter, palette: .diverging, style: .plain) == ["= @"])
        let style = TerminalStyle(isEnabled: true, trueColor: true)
        let line = TerminalImage.render(filter, palette: .diverging, style: style)[0]
        #expect(line.contains("38;2;32;57;128m"))   // −0.5: blue dominant
        #expect(line.contains("38;2;255;77;51m"))   // +1: red dominant
    }

    @Test func rowOfImagesWithLabels() {
        let a = GreyImage(width: 2, height: 2, pixels: [1, 1, 1, 1])
        let b = GreyImage(width: 3, height: 4, pixels: Array(repeating: 0.5, count: 12))
        #expect(TerminalImage.renderRow([a, b], style: .plain, gap: 2, labels: ["cat", "d"]) == [
            "@@  +++",
            "    +++",
            "ca   d",
        ])
    }

    @Test func degenerateImages() {
        #expect(TerminalImage.render(GreyImage(width: 0, height: 0, pixels: []), style: .plain).isEmpty)
        let weird = GreyImage(width: 2, height: 1, pixels: [.nan, .infinity])
        #expect(TerminalImage.render(weird, style: .plain) == [" @"])
        #expect(TerminalImage.render(GreyImage(width: 1, height: 1, pixels: [0]), palette: .diverging, style: .plain) == [" "])
        #expect(TerminalImage.renderRow([], style: .plain).isEmpty)
    }
}
