import MetaLearn

/// The values a training run keeps, under the paths lessons read (`train.loss.last`, `hp.inner-lr`, …).
enum ResultValues {
    static func training(_ request: TrainingRequest, report: TrainingReport, diverged: Bool) -> ResultGroup {
        var values = ResultGroup()
        values.set("algorithm", text: request.algorithm.name)
        values.set("data", text: request.dataDescription)
        values.set("model", text: request.setup.network.command)
        values.set("ways", Double(request.shape.ways))
        values.set("shots", Double(request.shape.shots))
        values.set("queries", Double(request.shape.queries))
        for knob in request.algorithm.knobs {
            if let value = knob.value(request.setup.hyper) { values.set(["hp", knob.option], .number(value)) }
        }
        values.set(["hp", "iterations"], .number(Double(request.plan.iterations)))
        values.set(["hp", "seed"], .number(Double(request.seed)))
        curve(report.points.map { Double($0.loss) }, into: &values, at: "train.loss", best: .min)
        curve(report.points.compactMap { $0.accuracy.map(Double.init) }, into: &values, at: "train.accuracy", best: .max)
        let validation = report.points.compactMap { $0.validation.map(Double.init) }
        if let last = validation.last {
            values.set("train.validation.last", last)
            let higher = request.setup.kind == .classification
            values.set("train.validation.best", (higher ? validation.max() : validation.min()) ?? last)
        }
        values.set("train.iterations", Double(report.points.count))
        values.set("train.seconds", report.seconds)
        values.set("train.interrupted", report.interrupted ? 1 : 0)
        values.set("train.diverged", diverged ? 1 : 0)
        return values
    }

    enum Best { case min, max }

    /// `first` and `last` are means over the first and last tenth of the curve (at least one
    /// point), so a claim like `last < first` is not decided by one noisy meta-batch.
    static func curve(_ points: [Double], into values: inout ResultGroup, at path: String, best: Best) {
        guard !points.isEmpty else { return }
        let window = max(1, points.count / 10)
        let mean = { (slice: ArraySlice<Double>) in slice.reduce(0, +) / Double(slice.count) }
        values.set(path + ".first", mean(points.prefix(window)))
        values.set(path + ".last", mean(points.suffix(window)))
        values.set(path + (best == .min ? ".min" : ".max"), (best == .min ? points.min() : points.max())!)
    }
}
