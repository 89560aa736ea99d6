import Foundation
import MetaPlot
import MetaLearn

/// The line charts the session draws from results.
enum Charts {
    /// What a training curve shows.
    enum CurveMetric: String {
        case accuracy, loss
    }

    /// Training curves of several results: query accuracy or loss (by default accuracy for
    /// classification, loss for regression), smoothed over a window, with the window mean's 95%
    /// interval as a band (an accuracy band is kept within 0…1).
    static func trainingCurves(_ results: [SessionResult], title: String, metric: CurveMetric? = nil) -> LineChart {
        let classification = results.first?.setup?.kind != .regression
        let shown = metric ?? (classification ? .accuracy : .loss)
        let series = results.map { result -> LineSeries in
            let points = result.learner?.report.points ?? []
            let values = points.map { Double(shown == .accuracy ? ($0.accuracy ?? .nan) : $0.loss) }
            var (mean, low, high) = smoothed(values)
            if shown == .accuracy {
                low = low.map { Swift.max($0, 0) }
                high = high.map { Swift.min($0, 1) }
            }
            return LineSeries(name: result.name, x: points.map { Double($0.iteration) }, y: mean, lower: low, upper: high)
        }
        let loss = classification ? "training loss (query cross-entropy)" : "training loss (query MSE)"
        var configuration = LineChart.Configuration(title: title, xLabel: "meta-iteration",
                                                    yLabel: shown == .accuracy ? "training accuracy (query)" : loss)
        configuration.logarithmicY = shown == .loss && !classification
        return LineChart(series: series, configuration: configuration)
    }

    /// The learned optimizer's mean loss f(θₜ) against tuned SGD's and Adam's, on a log scale
    /// (a diverged run's +∞ is left out).
    static func trajectories(_ comparison: OptimizerComparison, title: String) -> LineChart {
        let runs = [("learned (LSTM)", comparison.learned), ("SGD, lr \(ResultValue.format(Double(comparison.sgdLearningRate)))", comparison.sgd),
                    ("Adam, lr \(ResultValue.format(Double(comparison.adamLearningRate)))", comparison.adam)]
        let series = runs.map { name, losses in
            LineSeries(name: name, y: losses.map { $0.isFinite && $0 > 0 ? Double($0) : .nan })
        }
        var configuration = LineChart.Configuration(title: title, xLabel: "optimisation step t", yLabel: "mean loss f(θₜ)")
        configuration.logarithmicY = true
        return LineChart(series: series, configuration: configuration)
    }

    /// Validation score against the swept learning rate (named `label`), with 95% intervals.
    static func sweep(_ points: [(rate: Double, validation: MeanEstimate)], score: String, label: String, algorithm: String) -> LineChart {
        let scores = points.map(\.validation.mean), intervals = points.map(\.validation.interval95)
        let series = LineSeries(name: algorithm, x: points.map(\.rate), y: scores,
                                lower: zip(scores, intervals).map { $0 - $1 }, upper: zip(scores, intervals).map { $0 + $1 })
        return LineChart(series: [series], configuration: .init(title: "\(algorithm): validation \(score) by \(label)",
                                                                xLabel: label, yLabel: "validation \(score)"))
    }

    /// Mean query score after 0 … k adaptation steps, over tasks, with 95% intervals.
    static func adaptationSteps(_ curves: [(name: String, estimates: [MeanEstimate])], score: String) -> LineChart {
        let series = curves.map { curve in
            LineSeries(name: curve.name, y: curve.estimates.map(\.mean),
                       lower: curve.estimates.map { $0.mean - $0.interval95 }, upper: curve.estimates.map { $0.mean + $0.interval95 })
        }
        return LineChart(series: series, configuration: .init(title: "Query \(score) after k adaptation steps (test tasks)",
                                                              xLabel: "adaptation steps k", yLabel: "query \(score)"))
    }

    /// A moving mean over a window of about 1/25 of the curve, and its 95% interval.
    static func smoothed(_ values: [Double]) -> (mean: [Double], lower: [Double], upper: [Double]) {
        let window = max(1, values.count / 25)
        var mean: [Double] = [], lower: [Double] = [], upper: [Double] = []
        for index in values.indices {
            let slice = values[max(0, index - window + 1)...index].filter(\.isFinite)
            let estimate = MeanEstimate(Array(slice))
            mean.append(estimate.mean)
            let half = estimate.interval95.isFinite ? estimate.interval95 : 0
            lower.append(estimate.mean - half)
            upper.append(estimate.mean + half)
        }
        return (mean, lower, upper)
    }
}
