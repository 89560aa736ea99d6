import MetaLearn

/// The values a training run keeps, under the paths lessons read (`train.loss.last`, `hp.inner-lr`, …).
enum ResultValues {
    static func training(_ request: TrainingRequest, summary: TrainingSummary) -> ResultGroup {
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
        summary.write(into: &values)
        return values
    }
}
