import MetaTensor
import MetaNN

/// MetaOptNet's SVM head checked on a small random 3-way 2-shot problem (C = 0.5, 4-number
/// embeddings): the dual solution's KKT residual, and the gradient of the query loss with
/// respect to the support and query embeddings and the logit scale against central differences.
public enum SVMGradientCheck {
    /// The check's figures.
    public struct Outcome: Sendable {
        /// Numbers differentiated: support and query embeddings, and the scale.
        public let parameters: Int
        /// The dual solution's KKT residual.
        public let kktResidual: Double
        /// Bounds α ≤ C·e_y that are tight, of `bounds`.
        public let tightBounds: Int
        public let bounds: Int
        /// Sweeps the dual solver took.
        public let sweeps: Int
        /// ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖).
        public let relativeError: Double
        /// The finite-difference step.
        public let step: Float
    }

    /// Runs the check on a problem drawn with `seed`.
    public static func run(seed: UInt64) -> Outcome {
        var generator = SeededGenerator(seed: seed)
        let (ways, c) = (3, Float(0.5))
        let labels = [0, 1, 2, 0, 1, 2], queryLabels = [0, 1, 2, 2, 1]
        let inputs = [Tensor.normal([6, 4], using: &generator), Tensor.normal([5, 4], using: &generator), Tensor(shape: [1], scalars: [1])]
        let head = try! SVMHead(embedding: MLP(sizes: [4, 4]), configuration: .init(c: c), using: &generator)  // C = 0.5 is valid
        func loss(_ x: [Tensor]) -> Tensor {
            head.logits(support: x[0], supportLabels: labels, query: x[1], ways: ways, parameters: Parameters([(SVMHead.scaleName, x[2])]))
                .crossEntropy(labels: queryLabels)
        }
        let variables = inputs.map { $0.variable() }
        let analytic = gradients(of: loss(variables), wrt: variables).flatMap(\.scalars).map(Double.init)
        let step: Float = 1e-3
        let names = inputs.indices.map { "x\($0)" }
        let numeric = FiniteDifferences.gradient(of: { loss($0.tensors).scalar }, at: Parameters(Array(zip(names, inputs))), step: step)!
        let gram = inputs[0].matmul(inputs[0], transposeOther: true).scalars.map(Double.init)
        let dual = SVMDual(gram: gram, labels: labels, ways: ways, c: Double(c))
        let solution = dual.solve()
        return Outcome(parameters: analytic.count, kktResidual: dual.kktResidual(solution.alpha), tightBounds: solution.tightBounds.count,
                       bounds: labels.count * ways, sweeps: solution.sweeps,
                       relativeError: FiniteDifferences.relativeError(analytic, numeric), step: step)
    }
}
