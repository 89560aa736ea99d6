import Dispatch
import Foundation
import Synchronization

/// How many threads MetaLab's kernels may use. Set once from the command line (`bench` sets
/// it per figure); work inside a `parallelFor` body always runs on its own thread only, so
/// task-parallel meta-batches do not oversubscribe the cores.
public enum ComputeThreads {
    private static let limit = Atomic<Int>(max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// The thread budget for one kernel call from the current thread.
    public static var available: Int { ParallelRegion.isInside ? 1 : limit.load(ordering: .relaxed) }

    /// Sets the thread budget (at least 1).
    public static func set(_ count: Int) { limit.store(max(1, count), ordering: .relaxed) }

    /// The configured thread budget, ignoring whether the caller is inside a parallel region.
    public static var configured: Int { limit.load(ordering: .relaxed) }
}

/// Marks threads that are running the body of a `parallelFor`.
enum ParallelRegion {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    static var isInside: Bool { pthread_getspecific(key) != nil }

    static func run(_ body: () -> Void) {
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: 1))
        body()
        pthread_setspecific(key, previous)
    }
}

private struct UncheckedSendable<Value>: @unchecked Sendable { let value: Value }

/// Runs `body(0..<iterations)` on up to `iterations` threads and waits for all of them.
/// The caller guarantees that the iterations touch disjoint memory.
public func parallelFor(_ iterations: Int, _ body: @escaping (Int) -> Void) {
    if iterations <= 1 {
        if iterations == 1 { body(0) }
        return
    }
    let box = UncheckedSendable(value: body)
    DispatchQueue.concurrentPerform(iterations: iterations) { index in
        ParallelRegion.run { box.value(index) }
    }
}
