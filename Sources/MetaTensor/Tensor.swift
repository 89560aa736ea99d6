/// An n-dimensional Float32 array, contiguous and row-major (images are NCHW), that can take
/// part in reverse-mode automatic differentiation.
///
/// A tensor is a value: its storage is never changed after creation, so copies are cheap and
/// safe to share between threads. A tensor that `requiresGrad` carries a `GradNode` that
/// records how it was computed; the graph hangs off the tensors (there is no global tape), so
/// two threads can build and differentiate their own graphs at once.
public struct Tensor: @unchecked Sendable {
    /// The extent of each axis, outermost first.
    public let shape: [Int]
    /// The elements.
    public let storage: TensorStorage
    /// How this tensor was computed, when gradients flow through it; `nil` for constants.
    let node: GradNode?

    init(shape: [Int], storage: TensorStorage, node: GradNode?) {
        precondition(storage.count == shapeCount(shape), "storage of \(storage.count) elements for shape \(shape)")
        self.shape = shape
        self.storage = storage
        self.node = node
    }

    /// A constant tensor over existing storage.
    public init(shape: [Int], storage: TensorStorage) {
        self.init(shape: shape, storage: storage, node: nil)
    }

    /// A constant tensor with the given elements in row-major order.
    public init(shape: [Int], scalars: [Float]) {
        precondition(scalars.count == shapeCount(shape), "\(scalars.count) scalars for shape \(shape)")
        let storage = TensorStorage(count: scalars.count)
        scalars.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { storage.pointer.update(from: base, count: scalars.count) }
        }
        self.init(shape: shape, storage: storage, node: nil)
    }

    /// A constant tensor filled with `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(count: shapeCount(shape), repeating: value), node: nil)
    }

    /// A constant tensor of zeros.
    public init(zeros shape: [Int]) { self.init(repeating: 0, shape: shape) }

    /// A rank-0 tensor holding one value.
    public init(_ value: Float) { self.init(shape: [], scalars: [value]) }

    /// The number of elements.
    public var count: Int { storage.count }
    /// The number of axes.
    public var rank: Int { shape.count }
    /// The elements in row-major order.
    public var scalars: [Float] { Array(storage.buffer) }
    /// The only element of a one-element tensor.
    public var scalar: Float {
        precondition(count == 1, "scalar of a tensor of shape \(shape)")
        return storage.pointer[0]
    }

    /// Whether gradients can flow back through this tensor.
    public var requiresGrad: Bool { node != nil }

    /// The same values, cut off from the graph: gradients do not flow through the result.
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage, node: nil) }

    /// The same values as a leaf of a new graph: gradients are taken with respect to it.
    public func variable() -> Tensor { Tensor(shape: shape, storage: storage, node: GradNode.leaf()) }
}

/// The number of elements of a shape (1 for rank 0).
@inlinable public func shapeCount(_ shape: [Int]) -> Int {
    var product = 1
    for extent in shape {
        precondition(extent >= 0, "negative extent in shape \(shape)")
        product *= extent
    }
    return product
}
