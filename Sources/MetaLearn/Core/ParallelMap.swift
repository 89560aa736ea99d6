import MetaTensor

/// `work(i)` for i in 0..<count on up to `threads` cores, results in index order. Each index
/// runs exactly once, on one thread, so the result does not depend on scheduling: the one
/// parallel map behind meta-batches, evaluation and the optimizer comparisons.
public func parallelMap<Value>(_ count: Int, threads: Int = ComputeThreads.available,
                               _ work: @escaping @Sendable (Int) -> Value) -> [Value] {
    let results = ResultSlots<Value>(count)
    let workers = max(1, min(threads, count))
    parallelFor(workers) { worker in
        for index in stride(from: worker, to: count, by: workers) { results.set(index, work(index)) }
    }
    return results.values
}

/// Write-once slots filled from several threads, each slot by exactly one of them.
/// (Raw storage, not a Swift array: concurrent element writes to one array are not allowed.)
final class ResultSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Value?>
    private let count: Int

    init(_ count: Int) {
        self.count = count
        slots = UnsafeMutablePointer<Value?>.allocate(capacity: max(count, 1))
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func set(_ index: Int, _ value: Value) { slots[index] = value }

    var values: [Value] { (0..<count).map { slots[$0]! } }
}
