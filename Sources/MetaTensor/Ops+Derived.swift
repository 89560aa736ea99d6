/// Operations composed from the primitives: their gradients come from the primitives' rules,
/// so they differentiate to any order without rules of their own.

extension Tensor {
    /// log Σ exp along `axis`, stabilised by the (constant) maximum.
    public func logSumExp(axis: Int, keepDims: Bool = false) -> Tensor {
        let peak = max(axis: axis, keepDims: true).detached()
        let result = (self - peak).exp().sum(axes: [axis], keepDims: true).log() + peak
        return keepDims ? result : result.reshaped(shape.enumerated().filter { $0.offset != normalizedAxis(axis) }.map(\.element))
    }

    /// log softmax along `axis`: x − log Σ exp x.
    public func logSoftmax(axis: Int = -1) -> Tensor { self - logSumExp(axis: axis, keepDims: true) }

    /// softmax along `axis`.
    public func softmax(axis: Int = -1) -> Tensor { logSoftmax(axis: axis).exp() }

    /// Mean softmax cross-entropy of logits [N, K] against integer labels in 0..<K.
    public func crossEntropy(labels: [Int]) -> Tensor {
        precondition(rank == 2 && labels.count == shape[0], "crossEntropy of logits \(shape) with \(labels.count) labels")
        return -(logSoftmax(axis: 1) * Tensor.oneHot(labels, classes: shape[1])).sum().scaled(by: 1 / Float(shape[0]))
    }

    /// log(1 + eˣ), as the log-sum-exp of (0, x): stable for large |x| and smooth everywhere.
    public func softplus() -> Tensor {
        Tensor.concatenate([Tensor(zeros: shape + [1]), reshaped(shape + [1])], axis: rank)
            .logSumExp(axis: rank)
    }

    /// Mean binary cross-entropy of logits z against targets t in [0, 1]: softplus(z) − z·t.
    public func binaryCrossEntropy(targets: Tensor) -> Tensor {
        precondition(shape == targets.shape, "binaryCrossEntropy of logits \(shape) with targets \(targets.shape)")
        return (softplus() - self * targets).mean()
    }

    /// Mean squared error against `target`.
    public func meanSquaredError(_ target: Tensor) -> Tensor {
        let difference = self - target
        return (difference * difference).mean()
    }

    /// Squared Euclidean distances between the rows of `self` [N, D] and of `other` [M, D]: [N, M].
    public func squaredDistances(to other: Tensor) -> Tensor {
        // ‖a − b‖² = ‖a‖² + ‖b‖² − 2 a·b
        let a2 = (self * self).sum(axes: [1], keepDims: true)            // N x 1
        let b2 = (other * other).sum(axes: [1], keepDims: true).transposed // 1 x M
        return a2 + b2 - matmul(other, transposeOther: true).scaled(by: 2)
    }

    /// Cosine similarities between the rows of `self` [N, D] and of `other` [M, D]: [N, M].
    public func cosineSimilarities(to other: Tensor, epsilon: Float = 1e-8) -> Tensor {
        let a = self / ((self * self).sum(axes: [1], keepDims: true) + epsilon).sqrt()
        let b = other / ((other * other).sum(axes: [1], keepDims: true) + epsilon).sqrt()
        return a.matmul(b, transposeOther: true)
    }

    /// The index of the largest element of each row of a matrix.
    public func argmaxRows() -> [Int] {
        precondition(rank == 2, "argmaxRows of shape \(shape)")
        let columns = shape[1]
        return (0..<shape[0]).map { row in
            let p = storage.pointer + row * columns
            var best = 0
            for j in 1..<Swift.max(columns, 1) where p[j] > p[best] { best = j }
            return best
        }
    }

    /// A constant [N, K] matrix with a 1 in each row at its label.
    public static func oneHot(_ labels: [Int], classes: Int) -> Tensor {
        var values = [Float](repeating: 0, count: labels.count * classes)
        for (row, label) in labels.enumerated() {
            precondition(label >= 0 && label < classes, "label \(label) outside 0..<\(classes)")
            values[row * classes + label] = 1
        }
        return Tensor(shape: [labels.count, classes], scalars: values)
    }

    /// The n×n identity matrix.
    public static func identity(_ n: Int) -> Tensor {
        var values = [Float](repeating: 0, count: n * n)
        for i in 0..<n { values[i * n + i] = 1 }
        return Tensor(shape: [n, n], scalars: values)
    }
}
