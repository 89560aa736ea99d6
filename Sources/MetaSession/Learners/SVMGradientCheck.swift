import Foundation
import MetaTensor
import MetaNN
import MetaLearn

/// `gradcheck svm`: MetaOptNet's SVM head on a small random 3-way 2-shot problem — the dual
/// solution's KKT residual, and the gradient of the query loss with respect to the support and
/// query embeddings and the logit scale against central differences. The `svm` entry's
/// `ownGradientCheck`.
enum SVMGradientCheck {
    @Sendable static func run(seed: UInt64) -> OwnTest {
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
        var numeric: [Double] = []
        let step: Float = 1e-3
        for (t, input) in inputs.enumerated() {
            for i in 0..<input.count {
                func shifted(_ delta: Float) -> Double {
                    var x = inputs, values = input.scalars
                    values[i] += delta
                    x[t] = Tensor(shape: input.shape, scalars: values)
                    return Double(loss(x).scalar)
                }
                numeric.append((shifted(step) - shifted(-step)) / (2 * Double(step)))
            }
        }
        let gram = inputs[0].matmul(inputs[0], transposeOther: true).scalars.map(Double.init)
        let dual = SVMDual(gram: gram, labels: labels, ways: ways, c: Double(c))
        let solution = dual.solve()
        let residual = dual.kktResidual(solution.alpha)
        let error = GradientComparison.relativeError(analytic, numeric)
        let verdict = residual < 1e-6 ? "✓ optimal" : "✗ not optimal"
        return OwnTest(values: [("parameters", Double(analytic.count)), ("kkt", residual),
                                ("tight", Double(solution.tightBounds.count)), ("error", error)], lines: [
            "SVM head (C = 0.5) on a random 3-way 2-shot problem, 4-number embeddings: dual solved in \(solution.sweeps) sweeps, \(solution.tightBounds.count) of 18 bounds tight",
            "  KKT residual \(ResultValue.format(residual)) \(verdict)",
            "  query-loss gradient (\(analytic.count) numbers: support and query embeddings, scale) against central differences with h = 0.001: relative error \(ResultValue.format(error))",
            "  " + (error < 1e-2 ? "✓ matches (below 0.01)" : "✗ does not match (0.01 or more)"),
        ])
    }
}

/// How far apart two gradients are.
enum GradientComparison {
    /// ‖a − b‖ / max(‖a‖, ‖b‖).
    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        let difference = norm(zip(a, b).map { $0 - $1 })
        return difference / max(norm(a), norm(b), 1e-12)
    }

    /// The Euclidean norm.
    static func norm(_ values: [Double]) -> Double { values.map { $0 * $0 }.reduce(0, +).squareRoot() }
}
