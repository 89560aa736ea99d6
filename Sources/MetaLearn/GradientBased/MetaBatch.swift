import MetaTensor
import MetaNN

/// The outcome of one task of a meta-batch.
public struct TaskOutcome: Sendable {
    /// The meta-loss (query loss after adaptation).
    public let loss: Float
    /// The query score after adaptation (accuracy or MSE).
    public let score: Float
    /// ∂loss/∂(meta-parameters), one tensor per meta-parameter.
    public let gradients: [Tensor]
}

/// Runs independent per-task computations of a meta-batch on all cores and sums their
/// meta-gradients in task order, so the result is the same as running them one by one.
public enum MetaBatch {
    /// `work(i, &generator)` for each task i, in parallel; each task gets its own generator
    /// split from `generator` in task order, so the draws do not depend on scheduling.
    public static func run(_ count: Int, threads: Int = ComputeThreads.available,
                           _ work: @escaping @Sendable (Int) -> TaskOutcome) -> [TaskOutcome] {
        let results = ResultSlots<TaskOutcome>(count)
        let workers = max(1, min(threads, count))
        parallelFor(workers) { worker in
            var index = worker
            while index < count {
                results.set(index, work(index))
                index += workers
            }
        }
        return results.values
    }

    /// The element-wise sum of the tasks' gradients, in task order, and the mean loss and score.
    public static func reduce(_ outcomes: [TaskOutcome]) -> (gradients: [Tensor], loss: Float, score: Float) {
        precondition(!outcomes.isEmpty, "an empty meta-batch")
        var total = outcomes[0].gradients.map { $0.detached() }
        for outcome in outcomes.dropFirst() {
            total = zip(total, outcome.gradients).map { $0 + $1.detached() }
        }
        let n = Float(outcomes.count)
        return (total, outcomes.map(\.loss).reduce(0, +) / n, outcomes.map(\.score).reduce(0, +) / n)
    }
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
