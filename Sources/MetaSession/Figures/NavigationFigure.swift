import MetaTensor
import Foundation
import MetaData
import MetaLearn
import MetaPlot

/// Finn et al.'s Figure 5 in spirit: for a few goals, one trajectory of the policy before
/// adaptation (light) and one after a single policy-gradient step (dark), with each goal marked
/// by a small square, all in the plane of the navigation task.
enum NavigationFigure {
    /// Colours of the goals, in order: (before, after).
    static let palette: [(Color, Color)] = [(Color(hex: 0xA6CEE3), Color(hex: 0x1F78B4)), (Color(hex: 0xFDBF6F), Color(hex: 0xE66101)),
                                            (Color(hex: 0xB2DF8A), Color(hex: 0x33A02C)), (Color(hex: 0xCAB2D6), Color(hex: 0x6A3D9A))]

    /// The figure for `learner` on `goals` (at most four), adapting with step size `stepSize` on
    /// `trajectories` trajectories per goal.
    static func trajectories(_ learner: MAMLRL, goals: [[Float]], stepSize: Float, trajectories: Int, seed: UInt64, title: String) -> LineChart {
        var generator = SeededGenerator(seed: seed)
        var series: [LineSeries] = []
        for (index, goal) in goals.prefix(palette.count).enumerated() {
            let (before, after) = learner.adaptationRollouts(goal: goal, stepSize: stepSize, trajectories: trajectories, using: &generator)
            let label = "goal (\(format(goal[0])), \(format(goal[1])))"
            series.append(path(before, name: "\(label) before", color: palette[index].0))
            series.append(path(after, name: "after", color: palette[index].1))
            let (x, y, r) = (Double(goal[0]), Double(goal[1]), 0.02)
            series.append(LineSeries(name: "goal", x: [x - r, x + r, x + r, x - r, x - r], y: [y - r, y - r, y + r, y + r, y - r], color: palette[index].1))
        }
        var configuration = LineChart.Configuration(title: title, xLabel: "x", yLabel: "y")
        configuration.yRange = -0.7...0.7
        configuration.width = 640
        configuration.height = 600
        return LineChart(series: series, configuration: configuration)
    }

    /// The first trajectory of a batch, from the origin, as a line.
    private static func path(_ batch: Trajectories, name: String, color: Color) -> LineSeries {
        let values = batch.states.scalars, horizon = batch.horizon
        var x = (0..<horizon).map { Double(values[$0 * 2]) }, y = (0..<horizon).map { Double(values[$0 * 2 + 1]) }
        let lastAction = (0..<2).map { Double(batch.actions.scalars[(horizon - 1) * 2 + $0]) }
        x.append(x[horizon - 1] + max(min(lastAction[0], 0.1), -0.1))
        y.append(y[horizon - 1] + max(min(lastAction[1], 0.1), -0.1))
        return LineSeries(name: name, x: x, y: y, color: color)
    }

    private static func format(_ value: Float) -> String { String(format: "%.2f", Double(value)) }
}
