import MetaTensor
import MetaData

/// Mini-batches of labelled images from the training classes, for ordinary supervised
/// pre-training: images [B, C, H, W] and class labels in 0..<classes.
public typealias LabelledBatchSource = @Sendable (inout SeededGenerator) throws -> (images: Tensor, labels: [Int])

/// Batches of `size` drawings from `dataset`, each of a uniformly drawn class and drawing;
/// labels are the dataset's class ids.
public func labelledBatches(from dataset: any ClassDataset, size: Int) -> LabelledBatchSource {
    precondition(size >= 1 && dataset.classCount >= 1, "batches of \(size) from \(dataset.classCount) classes")
    return { generator in
        var pixels: [Float] = [], labels: [Int] = [], side = (width: 0, height: 0)
        for _ in 0..<size {
            let classID = Int.random(in: 0..<dataset.classCount, using: &generator)
            let image = dataset.image(ofClass: classID, at: Int.random(in: 0..<dataset.imageCount(ofClass: classID), using: &generator))
            side = (image.width, image.height)
            pixels += image.pixels
            labels.append(classID)
        }
        return (Tensor(shape: [size, 1, side.height, side.width], scalars: pixels), labels)
    }
}
