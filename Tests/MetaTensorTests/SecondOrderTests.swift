import Testing
import MetaTensor

/// Hessian-vector products (double backward) against finite differences of the gradient, for
/// every op on the MAML path.
@Suite struct SecondOrderGradients {
    let tolerance = 3e-2

    @Test func cubeHasSecondDerivativeSixX() {
        for value: Float in [-2, 0, 0.5, 3] {
            let x = Tensor(shape: [1], scalars: [value]).variable()
            let dy = gradients(of: x.pow(3).sum(), wrt: [x], createGraph: true)[0]
            let d2y = gradients(of: dy.sum(), wrt: [x])[0]
            #expect(Swift.abs(dy.scalar - 3 * value * value) < 1e-5)
            #expect(Swift.abs(d2y.scalar - 6 * value) < 1e-5)
        }
    }

    @Test func compositions() {
        // sub, div, sqrt, sigmoid and abs are built from primitives; their second derivatives come from the primitives' rules.
        let x = sample([2, 4], seed: 48), positive = sample([2, 4], seed: 49, positive: true)
        #expect(secondOrderError([x, positive]) { ($0[0] - $0[1]) * ($0[0] / $0[1]) } < tolerance)
        #expect(secondOrderError([positive]) { $0[0].sqrt() * $0[0] } < tolerance)
        #expect(secondOrderError([x]) { $0[0].sigmoid() * $0[0] } < tolerance)
        #expect(secondOrderError([sample([2, 4], seed: 50, zeros: false, awayFromZero: 0.1)]) { $0[0].abs() * $0[0] } < tolerance)
    }

    @Test func sigmoidStaysFiniteWhereExpOverflows() {
        let x = Tensor(shape: [4], scalars: [-200, -90, 90, 200]).variable()
        let dy = gradients(of: x.sigmoid().sum(), wrt: [x], createGraph: true)[0]
        let d2y = gradients(of: dy.sum(), wrt: [x])[0]
        #expect(x.sigmoid().scalars == [0, 0, 1, 1])
        #expect(dy.scalars.allSatisfy { $0.isFinite && Swift.abs($0) < 1e-30 })
        #expect(d2y.scalars.allSatisfy { $0.isFinite && Swift.abs($0) < 1e-30 })
    }

    @Test func convolution() {
        let x = sample([2, 2, 5, 5], seed: 31), w = sample([3, 2, 3, 3], seed: 32)
        // Square the output so the loss is not linear in each argument.
        #expect(secondOrderError([x, w]) { let y = $0[0].conv2d($0[1], padding: 1); return y * y } < tolerance)
    }

    @Test func batchNorm() {
        let x = sample([3, 2, 3, 3], seed: 33), gamma = sample([2], seed: 34, positive: true), beta = sample([2], seed: 35)
        #expect(secondOrderError([x, gamma, beta], step: 1e-2) { let y = $0[0].batchNorm(scale: $0[1], shift: $0[2]); return y * y } < tolerance)
    }

    @Test func reluAndMaxPool() {
        let x = sample([2, 2, 4, 4], seed: 36, zeros: false, awayFromZero: 0.2)
        #expect(secondOrderError([x], step: 1e-3) { let y = $0[0].relu(); return y * y } < tolerance)
        #expect(secondOrderError([x], step: 1e-3) { let y = $0[0].maxPool2d(2); return y * y * y } < tolerance)
    }

    @Test func linearLayer() {
        let x = sample([4, 3], seed: 37), w = sample([5, 3], seed: 38), b = sample([5], seed: 39)
        #expect(secondOrderError([x, w, b]) { ($0[0].matmul($0[1], transposeOther: true) + $0[2]).tanh() } < tolerance)
    }

    @Test func crossEntropyAndMSE() {
        let logits = sample([4, 3], seed: 40)
        #expect(secondOrderError([logits]) { $0[0].crossEntropy(labels: [1, 0, 2, 2]) } < tolerance)
        let p = sample([6, 1], seed: 41), t = sample([6, 1], seed: 42)
        #expect(secondOrderError([p, t]) { ($0[0].pow(3)).meanSquaredError($0[1]) } < tolerance)
    }

    @Test func smallConvNetEndToEnd() {
        // conv → batch norm → pool → relu → linear → cross-entropy: the whole MAML path at once.
        // (A small step: a larger one moves some pooling windows' maxima and breaks the finite difference.)
        let x = sample([3, 1, 6, 6], seed: 43), w = sample([2, 1, 3, 3], seed: 44)
        let gamma = sample([2], seed: 45, positive: true), beta = sample([2], seed: 46)
        let head = sample([3, 18], seed: 47)
        let loss = { (v: [Tensor]) -> Tensor in
            let h = x.conv2d(v[0], padding: 1).batchNorm(scale: v[1], shift: v[2]).maxPool2d(2).relu()
            return h.reshaped([3, 18]).matmul(v[3], transposeOther: true).crossEntropy(labels: [0, 1, 2])
        }
        #expect(secondOrderError([w, gamma, beta, head], step: 1e-3, loss) < tolerance)
    }
}
