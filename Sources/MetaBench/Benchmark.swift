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

    /// One JSON object on one line.
    public var json: String {
        func number(_ x: Double) -> String { String(format: x >= 100 ? "%.1f" : (x >= 1 ? "%.3f" : "%.5f"), x) }
        return "{\"name\":\"\(name)\",\"value\":\(number(median)),\"unit\":\"\(unit)\",\"threads\":\(threads),"
            + "\"median\":\(number(median)),\"min\":\(number(min)),\"max\":\(number(max)),\"runs\":\(runs)}"
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
