import MetaTensor
@testable import MetaLearn

/// Synthetic few-shot data for the transfer and LSTM meta-learner tests: class c is a fixed
/// random image (its prototype, drawn from seed c); a drawing of it is the prototype plus noise.
struct SyntheticClasses {
    var side = 12
    var noise: Float = 0.5

    func prototype(_ classID: Int) -> [Float] {
        var generator = SeededGenerator(seed: 1000 + UInt64(classID))
        return (0..<side * side).map { _ in generator.normal() }
    }

    /// Images [count, 1, side, side], one drawing of each listed class.
    func images(of classes: [Int], using generator: inout SeededGenerator) -> Tensor {
        let pixels = classes.flatMap { c in prototype(c).map { $0 + noise * generator.normal() } }
        return Tensor(shape: [classes.count, 1, side, side], scalars: pixels)
    }

    /// An N-way K-shot task over classes drawn from `pool`.
    func task(ways: Int, shots: Int, queries: Int, pool: Range<Int>, using generator: inout SeededGenerator) -> ClassificationTask {
        let chosen = Array(pool.shuffled(using: &generator).prefix(ways))
        let supportLabels = (0..<ways).flatMap { Array(repeating: $0, count: shots) }
        let queryLabels = (0..<ways).flatMap { Array(repeating: $0, count: queries) }
        return ClassificationTask(support: images(of: supportLabels.map { chosen[$0] }, using: &generator), supportLabels: supportLabels,
                                  query: images(of: queryLabels.map { chosen[$0] }, using: &generator), queryLabels: queryLabels, ways: ways)
    }

    /// A mini-batch of labelled drawings of classes in `pool` (labels are class ids − pool start).
    func batch(_ size: Int, pool: Range<Int>, using generator: inout SeededGenerator) -> (images: Tensor, labels: [Int]) {
        let classes = (0..<size).map { _ in Int.random(in: pool, using: &generator) }
        return (images(of: classes, using: &generator), classes.map { $0 - pool.lowerBound })
    }
}
