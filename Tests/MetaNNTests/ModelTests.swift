import Testing
import MetaTensor
import MetaNN

/// Conv-4's shapes and size, and both optimizers on a tiny problem.
@Suite struct ModelTests {
    @Test func conv4ShapesAndParameterCount() {
        var generator = SeededGenerator(seed: 1)
        let model = Conv4(.init(channels: 64, classes: 5))
        let parameters = model.initialParameters(using: &generator)
        // Per block: 3×3 conv without bias + batch-norm scale and shift; then a 64→5 linear head.
        let expected = (64 * 1 * 9 + 128) + 3 * (64 * 64 * 9 + 128) + (64 * 5 + 5)
        #expect(parameters.scalarCount == expected)
        #expect(expected == 112_005)
        #expect(parameters.names.prefix(3) == ["0.weight", "1.weight", "1.bias"])
        #expect(parameters["0.weight"].shape == [64, 1, 3, 3])
        #expect(parameters["17.weight"].shape == [5, 64])
        let images = Tensor.uniform([6, 1, 28, 28], low: 0, high: 1, using: &generator)
        #expect(model.features(images, parameters: parameters).shape == [6, 64])
        #expect(model(images, parameters: parameters).shape == [6, 5])
        #expect(model.finalSize == 1 && model.featureCount == 64)
    }

    @Test func mlpShapes() {
        var generator = SeededGenerator(seed: 2)
        let model = MLP()
        let parameters = model.initialParameters(using: &generator)
        #expect(parameters.scalarCount == (1 * 40 + 40) + (40 * 40 + 40) + (40 + 1))
        #expect(model(Tensor(zeros: [10, 1]), parameters: parameters).shape == [10, 1])
    }

    /// Fits y = 2x − 1 on a few points with a 1-8-1 MLP until the loss is near zero.
    func fit(_ optimizer: inout some Optimizer, steps: Int) -> Float {
        var generator = SeededGenerator(seed: 3)
        let model = MLP(sizes: [1, 8, 1])
        var parameters = model.initialParameters(using: &generator)
        let x = Tensor(shape: [6, 1], scalars: [-1, -0.6, -0.2, 0.2, 0.6, 1])
        let y = x * 2 - 1
        var loss: Float = .infinity
        for _ in 0..<steps {
            let variables = parameters.variables()
            let value = model(x, parameters: variables).meanSquaredError(y)
            loss = value.scalar
            optimizer.step(&parameters, gradients: gradients(of: value, wrt: variables.tensors))
        }
        return loss
    }

    @Test func sgdDrivesATinyModelToNearZeroLoss() {
        var sgd = SGD(learningRate: 0.05, momentum: 0.9)
        #expect(fit(&sgd, steps: 600) < 1e-3)
    }

    @Test func adamDrivesATinyModelToNearZeroLoss() {
        var adam = Adam(learningRate: 0.02)
        #expect(fit(&adam, steps: 600) < 1e-3)
    }
}
