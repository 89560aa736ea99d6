import MetaData

/// A rough estimate of the memory a training run holds at once, to refuse absurd requests up
/// front with the limit they exceed rather than run the machine out of memory.
enum MemoryBudget {
    /// The most a run may need.
    static let limit = 4 << 30

    /// Bytes held while training: the activations of the tasks running at once, kept for the
    /// backward pass through every inner step (twice over) when the meta-gradient is second
    /// order, for one step at a time otherwise.
    static func trainingBytes(network: NetworkChoice, shape: EpisodeShape, hyper: HyperParameters, secondOrder: Bool,
                              parallelTasks: Int) -> Int {
        let images = shape.ways * (shape.shots + shape.queries)
        var perImage = 0
        switch network {
        case let .conv4(channels, blocks):
            var side = 28, inputs = 1
            for _ in 0..<blocks {
                perImage += (9 * inputs + 5 * channels) * side * side   // im2col, conv, norm, pool, relu
                side /= 2
                inputs = channels
            }
        case let .mlp(hidden):
            perImage = 3 * hidden.reduce(1, +)
        }
        let passes = secondOrder && !hyper.firstOrder ? (hyper.innerSteps + 2) * 2 : 2
        return 4 * perImage * images * passes * min(hyper.metaBatch, max(parallelTasks, 1))
    }

    /// Throws `tooLarge` when the estimate is over the limit.
    static func check(network: NetworkChoice, shape: EpisodeShape, hyper: HyperParameters, secondOrder: Bool = true,
                      parallelTasks: Int) throws(SessionError) {
        let bytes = trainingBytes(network: network, shape: shape, hyper: hyper, secondOrder: secondOrder, parallelTasks: parallelTasks)
        guard bytes > limit else { return }
        throw .tooLarge(what: "training \(network.command) on \(shape.ways)-way \(shape.shots)-shot episodes with \(shape.queries) queries and \(hyper.innerSteps) inner steps",
                        needs: "about \(gigabytes(bytes)) of memory", limit: gigabytes(limit))
    }

    static func gigabytes(_ bytes: Int) -> String {
        ResultValue.format((Double(bytes) / Double(1 << 30) * 10).rounded() / 10) + " GB"
    }
}
