import MetaTensor

/// The pixel nearest-neighbour baseline: each query image takes the label of the support
/// image closest in Euclidean distance on raw pixels. It needs no learning, so it is the
/// floor a meta-learner must clear.
public enum PixelNearestNeighbour {
    /// The predicted label of each query image of `episode`.
    public static func predictions(for episode: Episode) -> [Int] {
        predictions(support: episode.support, supportLabels: episode.supportLabels, query: episode.query)
    }

    /// The label of the support image nearest to each query image: support [S, …] with its S
    /// labels, query [Q, …] of the same image size. Each query is compared with the support
    /// images alone.
    public static func predictions(support images: Tensor, supportLabels labels: [Int], query queries: Tensor) -> [Int] {
        let size = images.count / max(images.shape[0], 1)
        let support = images.storage.buffer, query = queries.storage.buffer
        return (0..<queries.shape[0]).map { q in
            var best = 0, bestDistance = Float.infinity
            for s in 0..<labels.count {
                var distance: Float = 0
                for p in 0..<size {
                    let difference = query[q * size + p] - support[s * size + p]
                    distance += difference * difference
                }
                if distance < bestDistance { (best, bestDistance) = (s, distance) }
            }
            return labels[best]
        }
    }

    /// The fraction of `episode`'s queries labelled correctly.
    public static func accuracy(on episode: Episode) -> Double {
        let predicted = predictions(for: episode)
        guard !predicted.isEmpty else { return 0 }
        let correct = zip(predicted, episode.queryLabels).filter { $0 == $1 }.count
        return Double(correct) / Double(predicted.count)
    }
}
