import MetaTensor

/// The baseline every few-shot learner must beat: label each query image like its nearest
/// support image in raw pixels (squared Euclidean distance). Nothing is learned, and each query
/// is compared with the support images alone (inductive).
public enum PixelNearestNeighbour {
    /// The support label nearest to each query of `task`.
    public static func predictions(for task: ClassificationTask) -> [Int] {
        // distances: queries × support, on flattened pixels
        let support = task.support.reshaped([task.support.shape[0], -1])
        let distances = task.query.reshaped([task.query.shape[0], -1]).squaredDistances(to: support)
        return (-distances).argmaxRows().map { task.supportLabels[$0] }
    }
}
