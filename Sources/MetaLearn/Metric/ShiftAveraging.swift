import MetaTensor
import MetaNN

/// Test-time augmentation for metric learners: an image's embedding becomes the mean of the
/// embeddings of its copies shifted by up to `radius` pixels along each axis — (2r + 1)²
/// copies, run as one batch with the task's other images. Only the images themselves are
/// used, never the task's labels. At 28×28 a one-pixel difference in where a character sits
/// can decide which prototype is nearest; averaging over small translations takes that away.
public struct ShiftAveraging: Sendable, Equatable {
    /// The largest shift along each axis, in pixels (0: the plain embedding).
    public let radius: Int

    /// Averaging over shifts of up to `radius` pixels.
    public init(radius: Int) {
        precondition(radius >= 0, "shift radius \(radius)")
        self.radius = radius
    }

    /// The (2r + 1)² shifted copies of NCHW `images`, copy after copy (the unshifted one first).
    /// Pixels a shift uncovers take the value of the image's top-left pixel, its background.
    public func copies(of images: Tensor) -> Tensor {
        let (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3])
        var offsets = [(0, 0)]
        for dy in -radius...radius { for dx in -radius...radius where dx != 0 || dy != 0 { offsets.append((dx, dy)) } }
        let source = images.scalars
        var out = [Float](repeating: 0, count: offsets.count * source.count)
        for (copy, (dx, dy)) in offsets.enumerated() {
            for plane in 0..<(n * c) {
                let (from, to) = (plane * h * w, copy * source.count + plane * h * w)
                let background = source[from]
                for y in 0..<h {
                    let sy = y - dy
                    for x in 0..<w {
                        let sx = x - dx
                        out[to + y * w + x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? source[from + sy * w + sx] : background
                    }
                }
            }
        }
        return Tensor(shape: [offsets.count * n, c, h, w], scalars: out)
    }

    /// Embeddings [N, D] of `images`: each the mean over its shifted copies.
    public func embed(_ images: Tensor, with network: any Model, parameters: Parameters) -> Tensor {
        let n = images.shape[0]
        guard radius > 0 else { return network(images, parameters: parameters) }
        return mean(network(copies(of: images), parameters: parameters), images: n)
    }

    /// The mean over copies of embeddings [copies × n, D] of `copies(of:)` n images: [n, D].
    public func mean(_ embeddings: Tensor, images n: Int) -> Tensor {
        embeddings.reshaped([embeddings.shape[0] / n, n, embeddings.shape[1]]).mean(axes: [0])
    }
}

extension EpisodicLearner {
    /// The predicted label of each query image of `task`, from shift-averaged embeddings of the
    /// support and query images: one batch (transductive, as `embed(_:parameters:)` does), or
    /// the support copies as one batch and each query's copies normalised with its statistics.
    public func predictions(for task: ClassificationTask, averaging: ShiftAveraging, inference: Inference = .inductive) -> [Int] {
        guard averaging.radius > 0 else { return predictions(for: task, inference: inference) }
        let weights = parameters.detached()
        let support: Tensor, query: Tensor
        switch inference {
        case .transductive:
            let count = task.support.shape[0]
            let all = averaging.embed(Tensor.concatenate([task.support, task.query], axis: 0), with: embedding, parameters: weights)
            (support, query) = (all.slice(axis: 0, 0..<count), all.slice(axis: 0, count..<all.shape[0]))
        case .inductive:
            let supportCopies = averaging.copies(of: task.support)
            let statistics = embedding.batchStatistics(of: supportCopies, parameters: weights)
            support = averaging.mean(embedding(supportCopies, parameters: weights), images: task.support.shape[0])
            query = averaging.mean(embedding(averaging.copies(of: task.query), parameters: weights, normalisation: .given(statistics)),
                                   images: task.query.shape[0])
        }
        return logits(support: support, supportLabels: task.supportLabels, query: query, ways: task.ways, parameters: weights).argmaxRows()
    }
}
