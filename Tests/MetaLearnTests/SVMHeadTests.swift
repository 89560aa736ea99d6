import Testing
import MetaTensor
import MetaNN
@testable import MetaLearn

/// MetaOptNet's SVM head: the dual solution is optimal (KKT) and its gradient is right.
@Suite struct SVMHeadTests {
    /// A 3-way 2-shot problem in 4 dimensions: small enough to check, large enough that the
    /// solution has both tight bounds and free entries.
    static func problem(seed: UInt64) -> (x: Tensor, labels: [Int]) {
        var generator = SeededGenerator(seed: seed)
        return (Tensor.normal([6, 4], using: &generator), [0, 1, 2, 2, 1, 0])
    }

    @Test(arguments: [1, 2, 3] as [UInt64]) func dualSolutionSatisfiesTheKKTConditions(seed: UInt64) {
        let (x, labels) = Self.problem(seed: seed)
        let gram = x.matmul(x, transposeOther: true).scalars.map(Double.init)
        let dual = SVMDual(gram: gram, labels: labels, ways: 3, c: 0.5)
        let solution = dual.solve()
        #expect(dual.kktResidual(solution.alpha) < 1e-9, "KKT residual \(dual.kktResidual(solution.alpha))")
        #expect(!solution.tightBounds.isEmpty && solution.tightBounds.count < 18)
        // A feasible point that is not the optimum violates them.
        var moved = solution.alpha
        moved[0] -= 0.05; moved[1] += 0.05
        #expect(dual.kktResidual(moved) > 1e-3)
        // The differentiable re-solve of the KKT system returns the same α.
        let alpha = SVMHead.dualSolution(x, labels: labels, ways: 3, c: 0.5).scalars
        #expect(zip(alpha, solution.alpha).allSatisfy { abs(Double($0) - $1) < 1e-3 }, "\(alpha) vs \(solution.alpha)")
    }

    @Test func simplexProjectionIsFeasibleAndClosest() {
        let point = [0.9, -0.2, 0.4, 0.1]
        let projected = SVMDual.projectOntoSimplex(point, total: 1)
        #expect(abs(projected.reduce(0, +) - 1) < 1e-12 && projected.allSatisfy { $0 >= 0 })
        #expect(zip(projected, [0.75, 0, 0.25, 0]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test(arguments: [1, 2] as [UInt64]) func solutionGradientMatchesCentralDifferences(seed: UInt64) {
        let (x, labels) = Self.problem(seed: seed)
        var generator = SeededGenerator(seed: seed + 10)
        let weights = Tensor.normal([6, 3], using: &generator)
        let (error, analytic) = GradientCheckSupport.relativeError(at: [x], step: 1e-3) { inputs in
            (SVMHead.dualSolution(inputs[0], labels: labels, ways: 3, c: 0.5) * weights).sum()
        }
        #expect(error < 1e-2, "relative error \(error)")
        #expect(analytic.contains { $0 != 0 })
    }

    @Test func headLossGradientMatchesCentralDifferences() throws {
        var generator = SeededGenerator(seed: 4)
        let head = try SVMHead(embedding: MetricFixtures.smallEmbedding, configuration: .init(c: 0.5), using: &generator)
        let (support, labels) = Self.problem(seed: 4)
        let query = Tensor.normal([5, 4], using: &generator), queryLabels = [2, 0, 1, 1, 0]
        let (error, analytic) = GradientCheckSupport.relativeError(at: [support, query, Tensor(shape: [1], scalars: [1.5])], step: 1e-3) { x in
            head.logits(support: x[0], supportLabels: labels, query: x[1], ways: 3, parameters: Parameters([(SVMHead.scaleName, x[2])]))
                .crossEntropy(labels: queryLabels)
        }
        #expect(error < 1e-2, "relative error \(error)")
        #expect(analytic.last != 0, "no gradient for the logit scale")
    }

    @Test func rejectsANonPositiveC() {
        var generator = SeededGenerator(seed: 1)
        #expect(throws: EpisodicSettingError.self) { try SVMHead(configuration: .init(c: 0), using: &generator) }
    }
}
