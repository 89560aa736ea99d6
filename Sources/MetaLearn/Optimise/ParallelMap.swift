import MetaTensor

/// `work(i)` for i in 0..<count on all cores, results in index order (each index runs exactly
/// once, on one thread, so the result does not depend on scheduling).
func parallelMap<Value>(_ count: Int, _ work: @escaping @Sendable (Int) -> Value) -> [Value] {
    let results = ResultSlots<Value>(count)
    let workers = max(1, min(ComputeThreads.available, count))
    parallelFor(workers) { worker in
        for index in stride(from: worker, to: count, by: workers) { results.set(index, work(index)) }
    }
    return results.values
}
