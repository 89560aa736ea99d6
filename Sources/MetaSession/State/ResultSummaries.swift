import MetaLearn

/// A training curve in three numbers: `first` and `last` are means over the first and last
/// tenth of the curve (at least one point), so a claim like `last < first` is not decided by
/// one noisy meta-batch; `best` is its minimum (losses) or maximum (accuracies).
struct CurveSummary: Sendable {
    let first: Double, last: Double, best: Double

    init?(_ points: [Double], higherIsBetter: Bool) {
        guard !points.isEmpty else { return nil }
        let window = max(1, points.count / 10)
        let mean = { (slice: ArraySlice<Double>) in slice.reduce(0, +) / Double(slice.count) }
        first = mean(points.prefix(window))
        last = mean(points.suffix(window))
        best = (higherIsBetter ? points.max() : points.min())!
    }
}

/// What a training run came to, typed; `write(into:)` is the one place it becomes the dotted
/// paths (`train.loss.last`, …) that `print` and `expect` read.
struct TrainingSummary: Sendable {
    var loss: CurveSummary?
    var accuracy: CurveSummary?
    /// The last and the best validation score, when validation ran.
    var validation: (last: Double, best: Double)?
    var iterations: Int
    var seconds: Double
    var interrupted: Bool
    var diverged: Bool

    init(_ report: TrainingReport, kind: TaskKind, diverged: Bool) {
        loss = CurveSummary(report.points.map { Double($0.loss) }, higherIsBetter: false)
        accuracy = CurveSummary(report.points.compactMap { $0.accuracy.map(Double.init) }, higherIsBetter: true)
        let scores = report.points.compactMap { $0.validation.map(Double.init) }
        if let last = scores.last {
            validation = (last, (kind == .classification ? scores.max() : scores.min()) ?? last)
        }
        iterations = report.points.count
        seconds = report.seconds
        interrupted = report.interrupted
        self.diverged = diverged
    }

    func write(into values: inout ResultGroup) {
        if let loss {
            values.set("train.loss.first", loss.first)
            values.set("train.loss.last", loss.last)
            values.set("train.loss.min", loss.best)
        }
        if let accuracy {
            values.set("train.accuracy.first", accuracy.first)
            values.set("train.accuracy.last", accuracy.last)
            values.set("train.accuracy.max", accuracy.best)
        }
        if let validation {
            values.set("train.validation.last", validation.last)
            values.set("train.validation.best", validation.best)
        }
        values.set("train.iterations", Double(iterations))
        values.set("train.seconds", seconds)
        values.set("train.interrupted", interrupted ? 1 : 0)
        values.set("train.diverged", diverged ? 1 : 0)
    }
}

/// A test on fresh episodes: the score's name (`accuracy`, `mse`), each episode's score and
/// their estimate, and which episodes they were, so that two tests on the same episodes can
/// be compared episode by episode (`paired`).
struct TestSummary: Sendable {
    let score: String
    /// The score of each test episode, in the order drawn.
    let scores: [Double]
    /// Which episodes: data, shape and seed (`glyphs 5-way 1-shot, 15 queries; seed 0`).
    /// Two tests with the same `episodes` and count met the same episodes.
    let episodes: String
    /// How the queries were treated (inductive or transductive).
    let inference: Inference
    /// Mean and 95% interval of `scores`.
    var estimate: MeanEstimate { MeanEstimate(scores) }

    /// `test.accuracy` (or `test.mse`), `test.ci95`, `test.episodes`, `test.inference`.
    func write(into values: inout ResultGroup) {
        values.set("test.inference", text: inference.description)
        values.set("test." + score, estimate.mean)
        values.set("test.ci95", estimate.interval95)
        values.set("test.episodes", Double(estimate.count))
    }
}
