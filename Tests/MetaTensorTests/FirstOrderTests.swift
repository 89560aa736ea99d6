import Testing
import MetaTensor

/// Every primitive and derived op against central finite differences.
@Suite struct FirstOrderGradients {
    let tolerance = 2e-2

    @Test func arithmeticWithBroadcasting() {
        let a = sample([3, 4], seed: 1), b = sample([1, 4], seed: 2), s = sample([], seed: 3, zeros: false)
        #expect(firstOrderError([a, b]) { $0[0] + $0[1] } < tolerance)
        #expect(firstOrderError([a, b]) { $0[0] - $0[1] } < tolerance)
        #expect(firstOrderError([a, b]) { $0[0] * $0[1] } < tolerance)
        #expect(firstOrderError([a, s]) { $0[0] * $0[1] } < tolerance)
        #expect(firstOrderError([a, sample([3, 1], seed: 4, positive: true)]) { $0[0] / $0[1] } < tolerance)
        #expect(firstOrderError([a]) { -$0[0] * 3 + 1 } < tolerance)
    }

    @Test func unaryFunctions() {
        let x = sample([2, 5], seed: 5)
        #expect(firstOrderError([x]) { $0[0].exp() } < tolerance)
        #expect(firstOrderError([x]) { $0[0].tanh() } < tolerance)
        #expect(firstOrderError([x]) { $0[0].sigmoid() } < tolerance)
        #expect(firstOrderError([x]) { $0[0].pow(3) } < tolerance)
        let positive = sample([2, 5], seed: 6, positive: true)
        #expect(firstOrderError([positive]) { $0[0].log() } < tolerance)
        #expect(firstOrderError([positive]) { $0[0].sqrt() } < tolerance)
        #expect(firstOrderError([positive]) { $0[0].pow(-0.5) } < tolerance)
        let kinked = sample([2, 5], seed: 7, zeros: false, awayFromZero: 0.1)
        #expect(firstOrderError([kinked]) { $0[0].relu() } < tolerance)
        #expect(firstOrderError([kinked]) { $0[0].abs() } < tolerance)
    }

    @Test func reductions() {
        let x = sample([2, 3, 4], seed: 8)
        #expect(firstOrderError([x]) { $0[0].sum(axes: [1]) } < tolerance)
        #expect(firstOrderError([x]) { $0[0].sum(axes: [0, 2], keepDims: true) } < tolerance)
        #expect(firstOrderError([x]) { $0[0].mean(axes: [2]) } < tolerance)
        #expect(firstOrderError([x]) { $0[0].mean() } < tolerance)
        let distinct = sample([3, 4], seed: 9, zeros: false)
        #expect(firstOrderError([distinct]) { $0[0].max(axis: 1) } < tolerance)
    }

    @Test func shapeOps() {
        let x = sample([2, 3, 4], seed: 10)
        #expect(firstOrderError([x]) { $0[0].reshaped([6, 4]) } < tolerance)
        #expect(firstOrderError([x]) { $0[0].permuted([2, 0, 1]) } < tolerance)
        #expect(firstOrderError([sample([1, 3, 1], seed: 11)]) { $0[0].expand(to: [2, 3, 4]) } < tolerance)
        #expect(firstOrderError([x]) { $0[0].slice(axis: 2, 1..<3) } < tolerance)
        #expect(firstOrderError([x]) { $0[0].padded(axis: 1, before: 1, after: 2) } < tolerance)
        let y = sample([2, 2, 4], seed: 12)
        #expect(firstOrderError([x, y]) { Tensor.concatenate([$0[0], $0[1]], axis: 1) } < tolerance)
        #expect(firstOrderError([x, x]) { Tensor.stack([$0[0], $0[1]]) } < tolerance)
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matmul(transposeA: Bool, transposeB: Bool) {
        let a = sample(transposeA ? [4, 3] : [3, 4], seed: 13), b = sample(transposeB ? [5, 4] : [4, 5], seed: 14)
        #expect(firstOrderError([a, b]) { $0[0].matmul($0[1], transposeSelf: transposeA, transposeOther: transposeB) } < tolerance)
    }

    @Test(arguments: [(1, 1), (2, 0), (2, 1)])
    func convolution(stride: Int, padding: Int) {
        let x = sample([2, 3, 6, 5], seed: 15), w = sample([4, 3, 3, 3], seed: 16)
        #expect(firstOrderError([x, w]) { $0[0].conv2d($0[1], stride: stride, padding: padding) } < tolerance)
        let out = x.conv2d(w, stride: stride, padding: padding)
        let g = sample(out.shape, seed: 17)
        #expect(firstOrderError([g, w]) { $0[0].conv2dBackwardInput($0[1], inputShape: x.shape, stride: stride, padding: padding) } < tolerance)
        #expect(firstOrderError([x, g]) { $0[0].conv2dBackwardWeight($0[1], weightShape: w.shape, stride: stride, padding: padding) } < tolerance)
    }

    @Test func maxPooling() {
        let x = sample([2, 2, 5, 4], seed: 18, zeros: false)
        #expect(firstOrderError([x], step: 1e-3) { $0[0].maxPool2d(2) } < tolerance)
    }

    @Test func batchNormFusedAndComposite() {
        let x = sample([4, 3, 3, 3], seed: 19), gamma = sample([3], seed: 20, positive: true), beta = sample([3], seed: 21)
        #expect(firstOrderError([x, gamma, beta], step: 1e-2) { $0[0].batchNorm(scale: $0[1], shift: $0[2]) } < tolerance)
        #expect(firstOrderError([x, gamma, beta], step: 1e-2) { $0[0].batchNormComposite(scale: $0[1], shift: $0[2]) } < tolerance)
        let flat = sample([6, 4], seed: 22)
        #expect(firstOrderError([flat, sample([4], seed: 23), sample([4], seed: 24)]) { $0[0].batchNorm(scale: $0[1], shift: $0[2]) } < tolerance)
    }

    @Test func lossesAndDistances() {
        let logits = sample([4, 3], seed: 25)
        #expect(firstOrderError([logits]) { $0[0].logSoftmax(axis: 1) } < tolerance)
        #expect(firstOrderError([logits]) { $0[0].crossEntropy(labels: [0, 2, 1, 2]) } < tolerance)
        #expect(firstOrderError([logits]) { $0[0].binaryCrossEntropy(targets: Tensor(shape: [4, 3], scalars: [1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1])) } < tolerance)
        #expect(firstOrderError([logits, sample([4, 3], seed: 26)]) { $0[0].meanSquaredError($0[1]) } < tolerance)
        let a = sample([3, 5], seed: 27), b = sample([4, 5], seed: 28)
        #expect(firstOrderError([a, b]) { $0[0].squaredDistances(to: $0[1]) } < tolerance)
        #expect(firstOrderError([a, b]) { $0[0].cosineSimilarities(to: $0[1]) } < tolerance)
    }

    @Test func linearSolve() {
        let m = sample([4, 4], seed: 29)
        let spd = m.matmul(m, transposeOther: true) + Tensor.identity(4) * 2
        let rhs = sample([4, 2], seed: 30)
        #expect(firstOrderError([spd, rhs], step: 1e-3) { $0[0].solve($0[1]) } < tolerance)
        // A·solve(A, B) = B
        let x = spd.solve(rhs)
        #expect(relativeError(spd.matmul(x).scalars.map(Double.init), rhs.scalars.map(Double.init)) < 1e-5)
    }
}
