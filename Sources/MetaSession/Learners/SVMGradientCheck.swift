import MetaLearn

extension SVMGradientCheck {
    /// `gradcheck svm`, the `svm` entry's `ownGradientCheck`: the check's figures as a result and its lines.
    @Sendable static func ownTest(seed: UInt64) -> OwnTest {
        let outcome = run(seed: seed)
        let (residual, error) = (outcome.kktResidual, outcome.relativeError)
        let verdict = residual < 1e-6 ? "✓ optimal" : "✗ not optimal"
        return OwnTest(values: [("parameters", Double(outcome.parameters)), ("kkt", residual),
                                ("tight", Double(outcome.tightBounds)), ("error", error)], lines: [
            "SVM head (C = 0.5) on a random 3-way 2-shot problem, 4-number embeddings: dual solved in \(outcome.sweeps) sweeps, \(outcome.tightBounds) of \(outcome.bounds) bounds tight",
            "  KKT residual \(ResultValue.format(residual)) \(verdict)",
            "  query-loss gradient (\(outcome.parameters) numbers: support and query embeddings, scale) against central differences with h = \(ResultValue.format(Double(outcome.step))): relative error \(ResultValue.format(error))",
            "  " + (error < 1e-2 ? "✓ matches (below 0.01)" : "✗ does not match (0.01 or more)"),
        ])
    }
}
