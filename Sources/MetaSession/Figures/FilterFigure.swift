import MetaTensor
import MetaNN
import MetaPlot
import MetaLesson

/// `save filters`: a Conv-4 block's 3×3 filters as a PNG grid, previewed in the terminal.
/// First-block filters are drawn as they are; deeper blocks' filters are summed over their
/// input channels (what the filter does to a uniform input pattern).
enum FilterFigure {
    static func save(_ arguments: CheckpointArguments, _ context: inout SessionContext) throws {
        let (result, learner) = try context.episodeLearner(arguments.of)
        guard case let .conv4(_, blocks)? = result.setup?.network else {
            throw SessionError.unsupported("'\(result.name)' is not a Conv-4: only convolution filters can be drawn")
        }
        let layer = arguments.layer
        guard layer <= blocks else { throw SessionError.unsupported("'\(result.name)' has \(blocks) conv blocks, not \(layer)") }
        let weight = learner.weights["\(4 * (layer - 1)).weight"]            // [out, in, 3, 3]
        let (outputs, inputs) = (weight.shape[0], weight.shape[1])
        let values = weight.scalars
        let filters = (0..<outputs).map { o in
            (0..<9).map { k in (0..<inputs).map { i in values[(o * inputs + i) * 9 + k] }.reduce(0, +) }
        }
        let path = try context.outputPath(arguments.file)
        let note = layer == 1 ? "" : ", summed over \(inputs) input channels"
        var configuration = FilterGrid.Configuration(title: "\(result.name): block \(layer) filters (\(outputs)\(note))")
        configuration.columns = min(16, outputs)
        try FilterGrid(filters: filters, kernelSize: 3, configuration: configuration).writePNG(to: path)
        let console = context.console
        let shown = filters.prefix(max(1, console.width / 7)).map { filter in
            MetaLesson.GreyImage(width: 6, height: 6, pixels: (0..<36).map { filter[(($0 / 6) / 2) * 3 + ($0 % 6) / 2] })
        }
        console.line("block \(layer) filters of '\(result.name)' (first \(shown.count) of \(outputs); red positive, blue negative):")
        console.lines(TerminalImage.renderRow(shown, palette: .diverging, style: console.style))
        context.wrote(path, what: "the filters")
    }
}
