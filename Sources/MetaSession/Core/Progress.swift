import Foundation
import MetaLearn

/// Progress of long work on the error output: a bar redrawn in place on a terminal, or a
/// plain line every few seconds otherwise. Called from the thread that runs the work.
final class Progress: @unchecked Sendable {
    // @unchecked: only the thread running the training loop calls `update`/`finish`, the
    // same thread that owns the console; the flag is only read.
    private let console: Console
    private let label: String
    private let bars: Bool
    private let interval: Double
    private let start = monotonicSeconds()
    private var lastDrawn = -Double.infinity
    private var drewBar = false

    init(console: Console, label: String, options: SessionOptions) {
        self.console = console
        self.label = label
        bars = options.progress
        interval = options.progressInterval
    }

    /// Reports `done` of `total` with extra figures (`loss 0.51  acc 0.62`).
    func update(done: Int, total: Int, figures: String) {
        let now = monotonicSeconds()
        let elapsed = now - start
        if bars {
            guard now - lastDrawn >= 0.1 || done == total else { return }
            let width = 24
            let filled = total > 0 ? min(width, width * done / total) : 0
            let rate = elapsed > 0 ? Double(done) / elapsed : 0
            let eta = rate > 0 ? Double(total - done) / rate : 0
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            console.progress("\r\u{1B}[2K\(label) \(bar) \(done)/\(total)  \(figures)  "
                + String(format: "%.1f it/s  ETA %@", rate, Self.duration(eta)))
            drewBar = true
        } else {
            guard interval > 0, now - lastDrawn >= interval else { return }
            if lastDrawn == -Double.infinity { lastDrawn = now; return }
            console.progress("\(label): \(done)/\(total)  \(figures)\n")
        }
        lastDrawn = now
    }

    /// Ends the bar's line.
    func finish() {
        if drewBar { console.progress("\r\u{1B}[2K") }
    }

    /// Training hooks that report here and stop when `stop` is raised.
    func hooks(stop: StopFlag) -> TrainingHooks {
        TrainingHooks(report: { [self] point, total in
            var figures = "loss " + ResultValue.format(Double(point.loss))
            if let accuracy = point.accuracy { figures += "  acc " + ResultValue.format(Double(accuracy)) }
            update(done: point.iteration, total: total, figures: figures)
        }, shouldStop: { stop.isRaised })
    }

    private static func duration(_ seconds: Double) -> String {
        seconds >= 60 ? String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60) : String(format: "%.0fs", seconds)
    }
}
