import Testing
@testable import MetaPlot

@Test func linearTicksUseOneTwoFiveSteps() {
    let axis = AxisScale(covering: 0.18, 0.93, tickCount: 5)
    #expect(axis.lower == 0 && abs(axis.upper - 1) < 1e-12)
    #expect(axis.labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    let wide = AxisScale(covering: 0, 3000, tickCount: 6)
    #expect(wide.labels == ["0", "500", "1000", "1500", "2000", "2500", "3000"])
    let steps = zip(wide.ticks.dropFirst(), wide.ticks).map { $0 - $1 }
    #expect(steps.allSatisfy { $0 == 500 })
}

@Test func fittedAxisKeepsItsEndsAndTicksInside() {
    let axis = AxisScale(covering: -0.0013, 0.0705, tickCount: 5, extendToTicks: false)
    #expect(axis.lower == -0.0013 && axis.upper == 0.0705)
    #expect(axis.ticks.allSatisfy { $0 >= axis.lower && $0 <= axis.upper })
    #expect(axis.labels.contains("0.00") && axis.labels.contains("0.06"))
}

@Test func logarithmicAxisSpansWholeDecades() {
    let axis = AxisScale(covering: 0.023, 1.62, logarithmic: true)
    #expect(abs(axis.lower - 0.01) < 1e-15 && abs(axis.upper - 10) < 1e-12)
    #expect(axis.labels == ["0.01", "0.1", "1", "10"])
    #expect(abs(axis.fraction(0.1) - 1.0 / 3) < 1e-9)
    #expect(axis.fraction(-1).isNaN)
}

@Test func degenerateRangesAreRepaired() {
    for (low, high) in [(5.0, 5.0), (.nan, .nan), (-.infinity, .infinity), (0, 0), (1e300, -1e300)] {
        let axis = AxisScale(covering: low, high)
        #expect(axis.lower < axis.upper, "\(low)...\(high)")
        #expect(axis.ticks.count >= 2 && axis.ticks.count == axis.labels.count)
    }
    let log = AxisScale(covering: -3, 0, logarithmic: true)
    #expect(log.lower > 0 && log.lower < log.upper)
}

@Test func numbersAreFormattedShortly() {
    #expect(NumberFormat.tick(-0.0000001, step: 0.5) == "0.0")
    #expect(NumberFormat.tick(0.00003, step: 0.00001) == "3e-5")
    #expect(NumberFormat.tick(2_500_000, step: 500_000) == "2.5e6")
    #expect(NumberFormat.compact(0.8333) == "0.833")
    #expect(NumberFormat.compact(12.0) == "12")
    #expect(NumberFormat.logTick(1e-6) == "1e-6")
}
