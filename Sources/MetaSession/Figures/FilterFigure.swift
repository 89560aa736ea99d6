import MetaTensor
import MetaPlot
import MetaLesson

/// A Conv-4 block's 3×3 filters as a PNG grid and as a terminal preview. First-block filters
/// are drawn as they are; deeper blocks' filters are summed over their input channels (what the
/// filter does to a uniform input pattern).
enum FilterFigure {
    /// Each output channel's 3×3 filter of `weight` [out, in, 3, 3], summed over its inputs: [out][9].
    static func filters(of weight: Tensor) -> [[Float]] {
        let (outputs, inputs) = (weight.shape[0], weight.shape[1])
        let values = weight.scalars
        return (0..<outputs).map { o in
            (0..<9).map { k in (0..<inputs).map { i in values[(o * inputs + i) * 9 + k] }.reduce(0, +) }
        }
    }

    /// The filters as a PNG grid, at most 16 to a row.
    static func grid(_ filters: [[Float]], title: String) -> FilterGrid {
        var configuration = FilterGrid.Configuration(title: title)
        configuration.columns = min(16, filters.count)
        return FilterGrid(filters: filters, kernelSize: 3, configuration: configuration)
    }

    /// The first filters that fit the console's width, each drawn 6×6, as half-block rows.
    static func preview(_ filters: [[Float]], _ console: Console) -> (shown: Int, lines: [String]) {
        let shown = filters.prefix(max(1, console.width / 7)).map { filter in
            MetaLesson.GreyImage(width: 6, height: 6, pixels: (0..<36).map { filter[(($0 / 6) / 2) * 3 + ($0 % 6) / 2] })
        }
        return (shown.count, TerminalImage.renderRow(shown, palette: .diverging, style: console.style))
    }
}
