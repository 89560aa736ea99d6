import Synchronization

/// A thread-safe stop request: the REPL's SIGINT handler raises it, training and evaluation
/// loops poll it between iterations, and the session clears it before each command.
public final class StopFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    /// A flag that is not raised.
    public init() {}

    /// Asks the running work to stop at its next check (safe from any thread).
    public func raise() { raised.store(true, ordering: .relaxed) }

    /// Withdraws the request.
    public func clear() { raised.store(false, ordering: .relaxed) }

    /// Whether a stop was requested.
    public var isRaised: Bool { raised.load(ordering: .relaxed) }
}
