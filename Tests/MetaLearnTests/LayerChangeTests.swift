import Testing
import MetaTensor
import MetaNN
@testable import MetaLearn

/// Linear CKA and the per-layer measurements of adaptation (Raghu et al. 2020's question).
@Suite struct LayerChangeTests {
    func gaussian(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor.normal(shape, std: 1, using: &generator)
    }

    @Test func ckaIsOneUpToRotationScaleAndShiftAndLowForUnrelatedFeatures() {
        let x = gaussian([50, 4], seed: 1)
        #expect(abs(RepresentationSimilarity.linearCKA(x, x) - 1) < 1e-6)
        // An orthogonal map (a permutation with sign flips), a scale and a shift of every row.
        let q = Tensor(shape: [4, 4], scalars: [0, -1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, -1, 0])
        let moved = x.matmul(q) * 3 + Tensor(shape: [1, 4], scalars: [5, -2, 0.5, 7])
        #expect(abs(RepresentationSimilarity.linearCKA(x, moved) - 1) < 1e-5)
        let unrelated = RepresentationSimilarity.linearCKA(x, gaussian([50, 4], seed: 2))
        #expect(unrelated < 0.3, "CKA of independent features \(unrelated)")
        #expect(RepresentationSimilarity.linearCKA(x, Tensor(repeating: 2, shape: [50, 4])).isNaN)
    }

    func network() -> (Conv4, Parameters, ClassificationTask) {
        let network = Conv4(.init(imageSize: 12, channels: 6, blocks: 2, classes: 3))
        var generator = SeededGenerator(seed: 3)
        let theta = network.initialParameters(using: &generator)
        let task = ClassificationTask(support: gaussian([3, 1, 12, 12], seed: 4), supportLabels: [0, 1, 2],
                                      query: gaussian([9, 1, 12, 12], seed: 5), queryLabels: [0, 1, 2, 0, 1, 2, 0, 1, 2], ways: 3)
        return (network, theta, task)
    }

    @Test func aHeadOnlyStepLeavesEveryBlockAsItWas() {
        let (network, theta, task) = network()
        let stepped = InnerLoop(steps: 1, stepSize: .scalar(0.5), secondOrder: false, adaptedNames: Set(network.headNames))
            .adapt(theta, model: network, on: task).detached()
        let change = LayerChange(network: network, paths: [(task, [theta, stepped])])
        #expect(change.layers == ["block 1", "block 2", "head"] && change.steps == 1)
        for block in 0..<2 {
            #expect(change.weightChange[block][1].mean == 0)
            #expect(abs(change.similarity[block][1].mean - 1) < 1e-6)
        }
        #expect(change.weightChange[2][0].mean == 0 && change.weightChange[2][1].mean > 0)
        #expect(change.similarity[2][1].mean < 1)
    }

    /// Batch norm undoes a scaled convolution: its weights move, what the block computes does not.
    @Test func scalingAConvolutionBeforeBatchNormMovesWeightsNotFeatures() {
        let (network, theta, task) = network()
        let doubled = theta.merging(Parameters([("0.weight", theta["0.weight"] * 2)]))
        let change = LayerChange(network: network, paths: [(task, [theta, doubled])])
        let w = theta["0.weight"].scalars, gamma = theta["1.weight"].scalars, beta = theta["1.bias"].scalars
        let squares = { (values: [Float]) in values.reduce(0.0) { $0 + Double($1) * Double($1) } }
        let expected = (squares(w) / (squares(w) + squares(gamma) + squares(beta))).squareRoot()
        #expect(abs(change.weightChange[0][1].mean - expected) < 1e-5)
        #expect(change.weightChange[1][1].mean == 0)
        for layer in 0..<3 { #expect(abs(change.similarity[layer][1].mean - 1) < 1e-3, "\(change.layers[layer])") }
    }
}
