import Foundation
import MetaTensor
import MetaNN
import MetaData
import MetaPlot

/// Sine-regression figures: tasks from the distribution, and a learner's predictions on one
/// task before and after adaptation (Finn et al. 2017, figure 2).
enum SineFigures {
    /// The input grid the curves are drawn on.
    static let grid = stride(from: -5.0, through: 5.0, by: 0.05).map { $0 }

    /// One task's true curve, named predictions on the grid, and its support points as dots.
    static func task(_ task: SineTask, predictions: [(name: String, y: [Double])], title: String) -> ChartWithPoints {
        let truth = LineSeries(name: "true function", x: grid, y: grid.map { Double(task.value(at: Float($0))) }, color: .ink)
        let series = [truth] + predictions.enumerated().map { index, prediction in
            LineSeries(name: prediction.name, x: grid, y: prediction.y, color: Palette.color(index))
        }
        let points = zip(task.supportX.scalars, task.supportY.scalars).map { (Double($0), Double($1)) }
        return ChartWithPoints(chart: LineChart(series: series, configuration: .init(title: title, xLabel: "x (dots: the support points)", yLabel: "y")),
                               points: points)
    }

    /// A network's outputs on the grid.
    static func predict(_ model: any Model, _ parameters: Parameters) -> [Double] {
        model(Tensor(shape: [grid.count, 1], scalars: grid.map(Float.init)), parameters: parameters.detached()).scalars.map(Double.init)
    }

    /// `count` tasks of the distribution, true curves only.
    static func distribution(count: Int, seed: UInt64) -> LineChart {
        var generator = SeededGenerator(seed: seed)
        let series = (0..<count).map { index -> LineSeries in
            let task = SineTasks().sample(shots: 0, queries: 0, using: &generator)
            return LineSeries(name: String(format: "A = %.2f, φ = %.2f", task.amplitude, task.phase),
                              x: grid, y: grid.map { Double(task.value(at: Float($0))) })
        }
        return LineChart(series: series, configuration: .init(title: "Sine tasks y = A·sin(x − φ)", xLabel: "x", yLabel: "y"))
    }
}

/// A line chart with dots drawn on top (support points).
struct ChartWithPoints: Figure {
    let chart: LineChart
    let points: [(Double, Double)]

    func render() -> Canvas {
        var canvas = chart.render()
        let layout = chart.layout()
        let scale = Double(chart.configuration.scale)
        for (x, y) in points {
            let centre = layout.pixel(x: x, y: y)
            canvas.fillCircle(center: centre, radius: 5 * scale, color: .white)
            canvas.fillCircle(center: centre, radius: 3.5 * scale, color: .wrong)
        }
        return canvas
    }
}
