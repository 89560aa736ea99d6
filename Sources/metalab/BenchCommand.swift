import ArgumentParser
import MetaBench

/// `metalab bench`: the speed figures, one JSON object per line, medians over repeated runs.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure MetaLab's speed (release builds only): one JSON object per figure.")

    @Option(name: .long, help: "Comma-separated figure names to run (default: all).")
    var only: String?

    @Option(name: .long, help: "Measured runs per figure (default: each figure's own).")
    var repeats: Int?

    func validate() throws {
        if let only {
            for name in only.split(separator: ",").map(String.init) where !BenchmarkSuite.names.contains(name) {
                throw ValidationError("unknown figure '\(name)'; known figures: \(BenchmarkSuite.names.joined(separator: ", "))")
            }
        }
        if let repeats, repeats < 1 { throw ValidationError("--repeats must be at least 1") }
    }

    func run() throws {
        #if DEBUG
        throw ValidationError("refusing to report timings from a debug build: run `swift run -c release metalab bench`")
        #else
        let selected = only.map { Set($0.split(separator: ",").map(String.init)) }
        let machine = MachineFigure.measure()
        print(machine.json)
        // The peak is read again after every GFLOP/s figure and at the end (see MachineFigure.peakMethod).
        var readings = [machine.corePeak]
        for benchmark in BenchmarkSuite.all where selected?.contains(benchmark.name) ?? true {
            for threads in benchmark.threadCounts {
                let figure = benchmark.measure(threads: threads, repeats: repeats)
                if figure.unit == "GFLOP/s" { readings.append(MachineFigure.readPeak()) }
                print(figure.json(corePeak: readings.max()))
            }
        }
        readings.append(MachineFigure.readPeak())
        print(MachineFigure.peakSummary(readings: readings))
        #endif
    }
}
