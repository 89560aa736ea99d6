import Foundation
import MetaTensor
import MetaLearn

/// One benchmark figure: a named measurement repeated after a warm-up, summarised by its
/// median, minimum and maximum.
public struct BenchmarkFigure: Sendable {
    /// The figure's name, e.g. `gemm_conv2`.
    public let name: String
    /// The unit of `median`, `min` and `max`.
    public let unit: String
    /// The thread budget it ran with.
    public let threads: Int
    public let median: Double, min: Double, max: Double
    public let runs: Int

    /// The median as a percentage of `threads` cores' FMA peak, for GFLOP/s figures, given the
    /// measured peak of one core (`MachineInfo.fmaPeak()`); nil for other units.
    public func percentOfPeak(corePeak: Double) -> Double? {
        unit == "GFLOP/s" && corePeak > 0 ? 100 * median / (corePeak * Double(threads)) : nil
    }

    /// One JSON object on one line; GFLOP/s figures also give `peak_percent` and the core peak
    /// it was taken against when `corePeak` is known.
    public func json(corePeak: Double? = nil) -> String {
        func number(_ x: Double) -> String { String(format: x >= 100 ? "%.1f" : (x >= 1 ? "%.3f" : "%.5f"), x) }
        let peak = corePeak.flatMap { core in percentOfPeak(corePeak: core).map { (core, $0) } }
            .map { ",\"peak_percent\":\(String(format: "%.1f", $1)),\"core_peak_gflops\":\(String(format: "%.1f", $0))" } ?? ""
        return "{\"name\":\"\(name)\",\"value\":\(number(median)),\"unit\":\"\(unit)\",\"threads\":\(threads),"
            + "\"median\":\(number(median)),\"min\":\(number(min)),\"max\":\(number(max)),\"runs\":\(runs)\(peak)}"
    }
}

/// The machine the figures come from, as one JSON line: CPU model, the vector width the
/// binary was built for, and one core's FMA peak measured by a register-only loop.
public struct MachineFigure: Sendable {
    public let cpu: String
    public let vectorBits: Int
    /// GFLOP/s of one core, 1 thread.
    public let corePeak: Double

    /// How `metalab bench` measures the peak, as its output states it. Under load a single
    /// measurement can read low (another process sharing the core's execution units), which
    /// would put a GEMM measured in a quieter moment above 100%, so the peak is taken several
    /// times and the largest reading is the one used.
    public static let peakMethod = "register-only FMA loop timed in thread CPU time, best of 10 runs of at least 20 ms; "
        + "measured at the start, after every GFLOP/s figure and at the end; peak_percent uses the largest reading so far"

    /// Measures the peak now (about a quarter of a second).
    public static func measure() -> MachineFigure {
        MachineFigure(cpu: MachineInfo.cpuModel, vectorBits: MachineInfo.vectorBits, corePeak: readPeak())
    }

    /// One more reading of one core's FMA peak in GFLOP/s (about a quarter of a second).
    public static func readPeak() -> Double { MachineInfo.fmaPeak() }

    /// One JSON object on one line, named `machine`: the peak measured at the start and how.
    public var json: String {
        let escaped = cpu.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "{\"name\":\"machine\",\"cpu\":\"\(escaped)\",\"vector_bits\":\(vectorBits),"
            + "\"fma_peak_gflops_per_core\":\(String(format: "%.1f", corePeak)),\"fma_peak_method\":\"\(MachineFigure.peakMethod)\"}"
    }

    /// The closing JSON line, named `fma_peak`: every reading of the peak in order, and the largest.
    public static func peakSummary(readings: [Double]) -> String {
        let list = readings.map { String(format: "%.1f", $0) }.joined(separator: ",")
        return "{\"name\":\"fma_peak\",\"gflops_per_core\":\(String(format: "%.1f", readings.max() ?? 0)),\"readings\":[\(list)]}"
    }
}

/// A benchmark: a name, its unit, whether larger is better, and how to run it once.
public struct Benchmark: Sendable {
    public let name: String
    public let unit: String
    /// Thread budgets to report it at.
    public let threadCounts: [Int]
    /// Prepares the work once, returning the closure that performs one measured run and the
    /// amount of work per run (e.g. FLOPs or images; 1 for seconds per run).
    let prepare: @Sendable () -> (run: () -> Void, work: Double)
    /// Rate figures divide work by time (GFLOP/s, images/s); time figures report seconds.
    let isRate: Bool
    /// Measured runs (slow figures use fewer).
    let repeats: Int

    init(name: String, unit: String, threadCounts: [Int], prepare: @escaping @Sendable () -> (run: () -> Void, work: Double),
         isRate: Bool, repeats: Int = 7) {
        self.name = name
        self.unit = unit
        self.threadCounts = threadCounts
        self.prepare = prepare
        self.isRate = isRate
        self.repeats = repeats
    }

    /// Runs the benchmark: `warmups` unmeasured runs, then `repeats` measured ones.
    public func measure(threads: Int, warmups: Int = 1, repeats: Int? = nil) -> BenchmarkFigure {
        let repeats = repeats ?? self.repeats
        let previous = ComputeThreads.configured
        ComputeThreads.set(threads)
        defer { ComputeThreads.set(previous) }
        let (run, work) = prepare()
        for _ in 0..<warmups { run() }
        var values: [Double] = []
        for _ in 0..<repeats {
            let start = monotonicSeconds()
            run()
            let seconds = monotonicSeconds() - start
            values.append(isRate ? work / seconds : seconds)
        }
        values.sort()
        return BenchmarkFigure(name: name, unit: unit, threads: threads, median: values[values.count / 2],
                               min: values[0], max: values[values.count - 1], runs: repeats)
    }
}
