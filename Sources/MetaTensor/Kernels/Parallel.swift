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

/// Runs `body(0..<iterations)` on up to `iterations` threads and waits for all of them.
/// The caller guarantees that the iterations touch disjoint memory.
public func parallelFor(_ iterations: Int, _ body: @escaping (Int) -> Void) {
    if iterations <= 1 {
        if iterations == 1 { body(0) }
        return
    }
    WorkerPool.shared.run(iterations, body)
}

/// Threads kept for `parallelFor`, one per core beyond the caller's. A kernel's parallel region
/// lasts from tens of microseconds to a few milliseconds, and a training step has dozens of
/// them: waking a sleeping thread for each (as `DispatchQueue.concurrentPerform` does) cost
/// ~25 µs a region on the 2-core Zen 4 VM. Workers here spin for a while (a few hundred
/// microseconds) after each region, so the next one starts at once, then sleep.
///
/// One region runs at a time; a `parallelFor` that finds the pool busy (another thread's
/// region) runs its iterations itself, one after another.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool(threads: max(0, ProcessInfo.processInfo.activeProcessorCount - 1))

    /// Bumped after each region is published: what sleeping and spinning workers watch.
    private let epoch = Atomic<Int>(0)
    /// Claim numbers: a region owns those from `start` up to `end`, and the next region starts
    /// where it ended. `end` publishes the region (stored after `body` and `start`), and a
    /// claim is taken only below the `end` just read, so it always falls in that region.
    private let next = Atomic<Int>(0)
    private let end = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private var body: ((Int) -> Void)?
    private var start = 0
    private var mutex = pthread_mutex_t()
    private var wake = pthread_cond_t()
    /// Spins before a worker sleeps (a few hundred microseconds). A spin is a plain load, not
    /// x86's pause: a hypervisor may take a loop of pauses for a vCPU waiting on a preempted
    /// lock holder and deschedule it, and Conv-4 at 2 threads then dropped to ~2,100
    /// images/s in some runs (medians of five alternating runs: 2,107–3,022 with pause,
    /// 2,578–3,116 without).
    private let spinLimit = 400_000

    private init(threads: Int) {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&wake, nil)
        for _ in 0..<threads {
            let thread = Thread { [unowned self] in self.work() }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    func run(_ iterations: Int, _ body: @escaping (Int) -> Void) {
        guard !ParallelRegion.isInside,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for index in 0..<iterations { body(index) }
            return
        }
        self.body = body
        start = next.load(ordering: .relaxed)
        finished.store(0, ordering: .relaxed)
        end.store(start + iterations, ordering: .releasing)
        epoch.add(1, ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            pthread_mutex_lock(&mutex)
            pthread_cond_broadcast(&wake)
            pthread_mutex_unlock(&mutex)
        }
        claimAndRun()
        while finished.load(ordering: .acquiring) < iterations {}
        self.body = nil
        busy.store(false, ordering: .releasing)
    }

    /// Runs iterations of the current region until none is left to claim.
    private func claimAndRun() {
        while true {
            let last = end.load(ordering: .acquiring)
            let claim = next.load(ordering: .relaxed)
            guard claim < last else { return }
            guard next.compareExchange(expected: claim, desired: claim + 1, ordering: .relaxed).exchanged else { continue }
            let (body, index) = (self.body!, claim - start)
            ParallelRegion.run { body(index) }
            finished.add(1, ordering: .releasing)
        }
    }

    private func work() {
        var seen = epoch.load(ordering: .acquiring)
        while true {
            var spins = 0
            while epoch.load(ordering: .acquiring) == seen {
                spins += 1
                if spins < spinLimit { continue }
                pthread_mutex_lock(&mutex)
                sleepers.add(1, ordering: .sequentiallyConsistent)
                while epoch.load(ordering: .sequentiallyConsistent) == seen { pthread_cond_wait(&wake, &mutex) }
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                pthread_mutex_unlock(&mutex)
            }
            seen = epoch.load(ordering: .acquiring)
            claimAndRun()
        }
    }
}
