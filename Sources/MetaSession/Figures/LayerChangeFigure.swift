import MetaPlot
import MetaLearn

/// `layers … to=FILE.png`: two panels over the adaptation steps, one line per layer — how far
/// each layer's weights moved (left) and how alike its features stayed (right).
enum LayerChangeFigure {
    static func figure(_ change: LayerChange, name: String) -> FigureRow {
        let steps = (0...change.steps).map(Double.init)
        func series(_ values: [[MeanEstimate]]) -> [LineSeries] {
            change.layers.indices.map { layer in
                let estimates = values[layer]
                return LineSeries(name: change.layers[layer], x: steps, y: estimates.map(\.mean),
                                  lower: estimates.map { $0.mean - $0.interval95 }, upper: estimates.map { $0.mean + $0.interval95 })
            }
        }
        var weights = LineChart.Configuration(title: "\(name): weight change per layer", xLabel: "inner steps k",
                                              yLabel: "relative change |θk − θ0| / |θ0|")
        weights.width = 560
        var features = LineChart.Configuration(title: "\(name): features before vs after", xLabel: "inner steps k",
                                               yLabel: "CKA of the layer's outputs at θ0 and θk")
        features.width = 560
        features.yRange = 0...1.02
        return FigureRow([LineChart(series: series(change.weightChange), configuration: weights),
                          LineChart(series: series(change.similarity), configuration: features)])
    }
}
