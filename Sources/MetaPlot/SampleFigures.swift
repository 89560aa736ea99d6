import Foundation

/// Writes one example of every figure kind, drawn from realistic synthetic data, into
/// `folder` (which must exist) and returns the paths written.
public func writeSampleFigures(to folder: String, scale: Int = 1) throws(PNGWriteError) -> [String] {
    var random = SampleRandom(seed: 2017)
    let figures: [(String, any Figure)] = [
        ("line-chart.png", SampleFigures.accuracyCurves(scale: scale, random: &random)),
        ("line-chart-log.png", SampleFigures.lossCurves(scale: scale, random: &random)),
        ("image-grid.png", SampleFigures.episodeImages(scale: scale, random: &random)),
        ("filter-grid.png", SampleFigures.filters(scale: scale, random: &random)),
        ("heat-map.png", SampleFigures.confusionMatrix(scale: scale, random: &random)),
        ("scatter.png", SampleFigures.embedding(scale: scale, random: &random)),
        ("histogram.png", SampleFigures.learnedLearningRates(scale: scale, random: &random)),
    ]
    var paths: [String] = []
    for (name, figure) in figures {
        let path = (folder as NSString).appendingPathComponent(name)
        try figure.writePNG(to: path)
        paths.append(path)
    }
    return paths
}

/// The synthetic examples behind `writeSampleFigures`.
enum SampleFigures {
    /// Test accuracy of three learners over meta-training, with 95% confidence bands.
    static func accuracyCurves(scale: Int, random: inout SampleRandom) -> LineChart {
        let iterations = stride(from: 0.0, through: 3000, by: 100).map { $0 }
        let learners: [(String, Double, Double)] = [("MAML", 0.92, 700), ("ProtoNets", 0.95, 450), ("Reptile", 0.88, 1000)]
        let series = learners.map { name, final, pace in
            let y = iterations.map { 0.2 + (final - 0.2) * (1 - exp(-$0 / pace)) + random.normal(std: 0.006) }
            let half = iterations.map { 0.012 + 0.05 * exp(-$0 / 800) }
            return LineSeries(name: name, x: iterations, y: y, lower: zip(y, half).map(-), upper: zip(y, half).map(+))
        }
        var c = LineChart.Configuration(title: "5-way 1-shot test accuracy", xLabel: "meta-iteration", yLabel: "accuracy")
        c.scale = scale
        return LineChart(series: series, configuration: c)
    }

    /// Meta-training loss of first- and second-order MAML on a logarithmic axis.
    static func lossCurves(scale: Int, random: inout SampleRandom) -> LineChart {
        let steps = (0...200).map { Double($0) * 10 }
        let series = [("MAML  α=0.4", 1.0), ("first-order MAML", 0.7)].map { name, speed in
            LineSeries(name: name, x: steps, y: steps.map { 1.6 * exp(-speed * $0 / 400) + 0.02 + abs(random.normal(std: 0.004)) })
        }
        var c = LineChart.Configuration(title: "Meta-training loss ℒ(θ)", xLabel: "step", yLabel: "query loss")
        c.logarithmicY = true
        c.scale = scale
        return LineChart(series: series, configuration: c)
    }

    /// A 5-way episode of simple shapes: one support row and one query row with predictions.
    static func episodeImages(scale: Int, random: inout SampleRandom) -> ImageGrid {
        let shapes = ["circle", "square", "triangle", "cross", "ring"]
        var images = shapes.enumerated().map { index, name in
            GridImage(width: 28, height: 28, pixels: shapeImage(index, random: &random), caption: name)
        }
        let predictions = [0, 1, 4, 3, 4]
        for (index, predicted) in predictions.enumerated() {
            images.append(GridImage(width: 28, height: 28, pixels: shapeImage(index, random: &random),
                                    caption: shapes[predicted], mark: predicted == index ? .correct : .wrong))
        }
        var c = ImageGrid.Configuration(title: "Episode: 5-way 1-shot", columns: 5)
        c.rowLabels = ["support", "query"]
        c.scale = scale
        return ImageGrid(images: images, configuration: c)
    }

    /// A 28×28 drawing of shape `kind`, dark ink on white, jittered.
    static func shapeImage(_ kind: Int, random: inout SampleRandom) -> [Float] {
        var canvas = Canvas(width: 28, height: 28)
        let c = PlotPoint(14 + random.uniform(-2, 2), 14 + random.uniform(-2, 2)), r = random.uniform(7, 10)
        let ink = Color.black, pen = random.uniform(2, 3.2)
        switch kind {
        case 0:
            canvas.fillCircle(center: c, radius: r, color: ink)
        case 1:
            canvas.fill(PlotRect(x: c.x - r, y: c.y - r, width: 2 * r, height: 2 * r), color: ink)
        case 2:
            canvas.fillPolygon([PlotPoint(c.x, c.y - r), PlotPoint(c.x + r, c.y + r * 0.8), PlotPoint(c.x - r, c.y + r * 0.8)], color: ink)
        case 3:
            canvas.strokeLine(from: PlotPoint(c.x - r, c.y - r), to: PlotPoint(c.x + r, c.y + r), width: pen, color: ink)
            canvas.strokeLine(from: PlotPoint(c.x - r, c.y + r), to: PlotPoint(c.x + r, c.y - r), width: pen, color: ink)
        default:
            canvas.strokeCircle(center: c, radius: r, width: pen, color: ink)
        }
        return stride(from: 0, to: canvas.pixels.count, by: 4).map { Float(canvas.pixels[$0]) / 255 }
    }

    /// 64 first-layer 3×3 filters: edge and blob detectors plus noise.
    static func filters(scale: Int, random: inout SampleRandom) -> FilterGrid {
        let templates: [[Double]] = [
            [-0.5, 0, 0.5, -1, 0, 1, -0.5, 0, 0.5], [-0.5, -1, -0.5, 0, 0, 0, 0.5, 1, 0.5],
            [0, -0.25, 0, -0.25, 1, -0.25, 0, -0.25, 0], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
        ]
        let filters = (0..<64).map { index -> [Float] in
            let template = templates[index % templates.count], gain = random.normal(std: 0.45)
            return template.map { Float(gain * $0 + random.normal(std: 0.06)) }
        }
        var c = FilterGrid.Configuration(title: "Conv-4 layer 1 filters (MAML)")
        c.scale = scale
        return FilterGrid(filters: filters, kernelSize: 3, configuration: c)
    }

    /// Confusion counts of a 5-way classifier over 100 queries per class.
    static func confusionMatrix(scale: Int, random: inout SampleRandom) -> HeatMap {
        let classes = ["circle", "square", "triangle", "cross", "ring"]
        let matrix = classes.indices.map { row -> [Double] in
            var counts = [Double](repeating: 0, count: classes.count)
            for _ in 0..<100 {
                let u = random.uniform()
                let predicted = u < 0.82 ? row : (row == 0 && u < 0.94 ? 4 : Int(random.uniform(0, Double(classes.count))))
                counts[predicted] += 1
            }
            return counts
        }
        var c = HeatMap.Configuration(title: "Confusion matrix", xLabel: "predicted", yLabel: "true class")
        c.rowLabels = classes
        c.columnLabels = classes
        c.scale = scale
        return HeatMap(values: matrix, configuration: c)
    }

    /// A 2-D embedding of three classes with their prototypes (class means).
    static func embedding(scale: Int, random: inout SampleRandom) -> ScatterPlot {
        let centres = [PlotPoint(-2, 1), PlotPoint(1.5, 2.5), PlotPoint(0.5, -1.5)]
        let groups = centres.enumerated().map { index, centre -> ScatterGroup in
            let points = (0..<40).map { _ in PlotPoint(centre.x + random.normal(std: 0.8), centre.y + random.normal(std: 0.7)) }
            let mean = PlotPoint(points.map(\.x).reduce(0, +) / 40, points.map(\.y).reduce(0, +) / 40)
            return ScatterGroup(name: "class \(index + 1)", points: points, marked: [mean])
        }
        var c = ScatterPlot.Configuration(title: "ProtoNets embedding", xLabel: "feature 1", yLabel: "feature 2")
        c.scale = scale
        return ScatterPlot(groups: groups, configuration: c)
    }

    /// Meta-SGD's learned per-parameter learning rates, one group per layer.
    static func learnedLearningRates(scale: Int, random: inout SampleRandom) -> Histogram {
        let layers: [(String, Double, Double)] = [("conv1", 0.012, 0.004), ("conv4", 0.025, 0.006), ("head", 0.045, 0.008)]
        let groups = layers.map { name, mean, std in
            HistogramGroup(name: name, values: (0..<600).map { _ in random.normal(mean: mean, std: std) })
        }
        var c = Histogram.Configuration(title: "Meta-SGD learned α per layer", xLabel: "learning rate α")
        c.bins = 40
        c.scale = scale
        return Histogram(groups: groups, configuration: c)
    }
}
