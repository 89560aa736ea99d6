/// A contiguous, 64-byte aligned Float32 buffer owned by one or more tensors.
///
/// Storage is written only while the op that creates it runs; afterwards it is read-only,
/// which is what makes sharing it between tensors (and threads) safe.
public final class TensorStorage: @unchecked Sendable {
    /// The number of Float32 elements.
    public let count: Int
    /// The first element.
    public let pointer: UnsafeMutablePointer<Float>

    /// Allocates uninitialised storage for `count` elements.
    public init(count: Int) {
        precondition(count >= 0, "negative element count \(count)")
        self.count = count
        let raw = BufferPool.shared.take(bytes: max(count, 1) * MemoryLayout<Float>.stride)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    /// Allocates storage filled with `value`.
    public convenience init(count: Int, repeating value: Float) {
        self.init(count: count)
        pointer.initialize(repeating: value, count: count)
    }

    deinit { BufferPool.shared.give(UnsafeMutableRawPointer(pointer), bytes: max(count, 1) * MemoryLayout<Float>.stride) }


    /// A read-only view of the elements.
    public var buffer: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: pointer, count: count) }
    /// A writable view of the elements; only for the op that is creating this storage.
    public var mutableBuffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: count) }
}
