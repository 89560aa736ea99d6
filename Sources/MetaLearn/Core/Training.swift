import Foundation
import MetaTensor
import MetaNN

/// One point of a training curve.
public struct TrainingPoint: Sendable, Equatable {
    public let iteration: Int
    /// The (meta-)training loss at this iteration.
    public let loss: Float
    /// Training accuracy (classification) or nil (regression).
    public let accuracy: Float?
    /// Validation accuracy or MSE, measured at intervals; nil in between.
    public let validation: Float?
    /// Seconds since training started.
    public let seconds: Double

    public init(iteration: Int, loss: Float, accuracy: Float?, validation: Float? = nil, seconds: Double) {
        self.iteration = iteration
        self.loss = loss
        self.accuracy = accuracy
        self.validation = validation
        self.seconds = seconds
    }
}

/// What a training run records: its curve, whether it stopped early, and batch norm's running
/// averages as its training batches left them.
public struct TrainingReport: Sendable {
    public var points: [TrainingPoint] = []
    /// Batch norm's running averages (PyTorch's convention), fed by `TrainingLoop` with the
    /// batches the learner names (see its `trainingBatchStatistics`); nil for networks without
    /// batch norm and before the first feed. Saved with the weights under PyTorch's names.
    public var running: RunningStatistics? = nil
    /// Set when the run was stopped by the user (Ctrl-C) before its last iteration.
    public var interrupted = false
    /// Total seconds of training.
    public var seconds: Double = 0

    public init() {}
}

/// How the caller watches and steers a training loop: progress reports and a stop request
/// (Ctrl-C in the REPL). Loops call `report` every iteration and stop, keeping what was
/// learned, as soon as `shouldStop()` is true.
public struct TrainingHooks: Sendable {
    public var report: @Sendable (_ point: TrainingPoint, _ total: Int) -> Void
    public var shouldStop: @Sendable () -> Bool

    public init(report: @escaping @Sendable (TrainingPoint, Int) -> Void = { _, _ in },
                shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.report = report
        self.shouldStop = shouldStop
    }

    /// No reporting, never stops early.
    public static let silent = TrainingHooks()
}

/// Why a training run could not go on.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// The loss or a gradient became NaN or infinite.
    case diverged(iteration: Int, quantity: String, hint: String)

    public var description: String {
        switch self {
        case let .diverged(iteration, quantity, hint):
            return "training diverged at iteration \(iteration): the \(quantity) is not finite; the weights from before it are kept. Try a lower \(hint)."
        }
    }
}

/// Throws `TrainingError.diverged` unless every value is finite.
public func requireFinite(_ loss: Float, gradients: [Tensor] = [], iteration: Int, hint: String) throws {
    guard loss.isFinite else { throw TrainingError.diverged(iteration: iteration, quantity: "loss", hint: hint) }
    for g in gradients where !g.storage.buffer.allSatisfy({ $0.isFinite }) {
        throw TrainingError.diverged(iteration: iteration, quantity: "gradient", hint: hint)
    }
}

/// Seconds from a monotonic clock.
public func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}
