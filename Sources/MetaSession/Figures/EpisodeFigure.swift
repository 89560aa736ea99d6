import MetaTensor
import MetaData
import MetaLearn
import MetaPlot
import MetaLesson

/// One episode shown in the terminal (half-block images) or as a PNG grid, one row per class:
/// its support images, then its queries.
enum EpisodeFigure {
    /// The support images (first shot of each class) and the queries as half-block rows.
    static func preview(_ task: ClassificationTask, _ console: Console) {
        let support = stride(from: 0, to: task.supportLabels.count, by: max(task.shots, 1)).map { image(task.support, $0) }
        let perRow = max(1, (console.width + 1) / 15)
        for (title, images, labels) in [("support", support, support.indices.map(String.init)),
                                         ("query", (0..<task.queryLabels.count).map { image(task.query, $0) }, task.queryLabels.map(String.init))] {
            guard !images.isEmpty else { continue }
            console.line(title + ":")
            for start in stride(from: 0, to: images.count, by: perRow) {
                let end = min(images.count, start + perRow)
                console.lines(TerminalImage.renderRow(images[start..<end].map(halved), style: console.style,
                                                      labels: Array(labels[start..<end])))
            }
        }
    }

    /// The episode as an image grid; with predictions, queries framed green (right) or red (wrong).
    static func grid(_ task: ClassificationTask, predictions: [Int]?, title: String) -> ImageGrid {
        var images: [GridImage] = []
        let queries = task.queryLabels.count / max(task.ways, 1)
        for label in 0..<task.ways {
            for shot in 0..<task.shots {
                let picture = image(task.support, label * task.shots + shot)
                images.append(GridImage(width: picture.width, height: picture.height, pixels: picture.pixels, caption: "support"))
            }
            for query in 0..<queries {
                let index = label * queries + query
                let picture = image(task.query, index)
                var mark = ImageMark.none, caption = "query"
                if let predictions {
                    mark = predictions[index] == label ? .correct : .wrong
                    caption = "→ \(predictions[index])"
                }
                images.append(GridImage(width: picture.width, height: picture.height, pixels: picture.pixels, caption: caption, mark: mark))
            }
        }
        var configuration = ImageGrid.Configuration(title: title, columns: task.shots + queries)
        configuration.rowLabels = (0..<task.ways).map { "class \($0)" }
        return ImageGrid(images: images, configuration: configuration)
    }

    /// Image `index` of an [N, 1, H, W] tensor.
    static func image(_ images: Tensor, _ index: Int) -> MetaLesson.GreyImage {
        let (height, width) = (images.shape[2], images.shape[3])
        let size = height * width
        return MetaLesson.GreyImage(width: width, height: height,
                                    pixels: Array(images.storage.buffer[(index * size)..<((index + 1) * size)]))
    }

    /// Half the size (2×2 means), so five glyphs fit in 80 columns.
    static func halved(_ image: MetaLesson.GreyImage) -> MetaLesson.GreyImage {
        let (width, height) = (image.width / 2, image.height / 2)
        var pixels: [Float] = []
        for y in 0..<height {
            for x in 0..<width {
                pixels.append((image[2 * x, 2 * y] + image[2 * x + 1, 2 * y] + image[2 * x, 2 * y + 1] + image[2 * x + 1, 2 * y + 1]) / 4)
            }
        }
        return MetaLesson.GreyImage(width: width, height: height, pixels: pixels)
    }
}
