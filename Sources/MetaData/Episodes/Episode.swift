import MetaTensor

/// One N-way K-shot few-shot task: a labelled support set to learn from and a query set to
/// answer, with labels implied by position.
///
/// Both sets are class-major: all shots of class 0, then all shots of class 1, …; likewise
/// for the queries. Label `i` stands for the dataset class `classIDs[i]`.
public struct Episode: Sendable {
    /// The support images, shape `[ways·shots, 1, height, width]`.
    public let support: Tensor
    /// The query images, shape `[ways·queries, 1, height, width]`.
    public let query: Tensor
    /// Classes per episode (N).
    public let ways: Int
    /// Support images per class (K).
    public let shots: Int
    /// Query images per class.
    public let queries: Int
    /// The dataset's id of each class, in label order.
    public let classIDs: [Int]

    /// Builds an episode from class-major support and query images of one size.
    public init(support: [GreyImage], query: [GreyImage], ways: Int, shots: Int, queries: Int, classIDs: [Int]) {
        precondition(support.count == ways * shots && query.count == ways * queries && classIDs.count == ways,
                     "\(support.count) support and \(query.count) query images, \(classIDs.count) classes for \(ways)-way \(shots)-shot \(queries)-query")
        self.support = imageTensor(support)
        self.query = imageTensor(query, like: support.first)
        self.ways = ways
        self.shots = shots
        self.queries = queries
        self.classIDs = classIDs
    }

    /// The label of each support image: `[0 × shots, 1 × shots, …]`.
    public var supportLabels: [Int] { positionLabels(perClass: shots) }
    /// The label of each query image: `[0 × queries, 1 × queries, …]`.
    public var queryLabels: [Int] { positionLabels(perClass: queries) }

    private func positionLabels(perClass count: Int) -> [Int] {
        (0..<ways).flatMap { label in repeatElement(label, count: count) }
    }
}

/// Stacks same-size images into an `[n, 1, height, width]` tensor; `reference` fixes the size
/// of an empty stack.
func imageTensor(_ images: [GreyImage], like reference: GreyImage? = nil) -> Tensor {
    let first = images.first ?? reference
    let height = first?.height ?? 0, width = first?.width ?? 0
    let size = height * width
    let storage = TensorStorage(count: images.count * size)
    for (index, image) in images.enumerated() {
        precondition(image.width == width && image.height == height,
                     "image \(index) is \(image.width)×\(image.height), expected \(width)×\(height)")
        image.pixels.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { (storage.pointer + index * size).update(from: base, count: size) }
        }
    }
    return Tensor(shape: [images.count, 1, height, width], storage: storage)
}
