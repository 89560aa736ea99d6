import MetaTensor
import MetaNN

/// Figures' numbers gathered over test tasks: how a learner's query score moves with its
/// adaptation steps, and which classes it confuses. Tasks are drawn in order from one
/// generator, so two learners measured from the same seed meet the same tasks.
public enum TaskCurves {
    /// The query score after 0 … k adaptation steps, mean ± 95% interval over up to `count`
    /// tasks: `path(task)` gives the parameters after each step (nil: the learner does not
    /// adapt by steps, which throws `unsupported`), `score(task, parameters)` the query score.
    public static func adaptation<Task>(steps: Int, count: Int, using generator: inout SeededGenerator,
                                        sample: (inout SeededGenerator) throws -> Task,
                                        path: (Task) -> [Parameters]?, score: (Task, Parameters) -> Double,
                                        unsupported: () -> Error, shouldStop: () -> Bool = { false }) throws -> [MeanEstimate] {
        var scores = [[Double]](repeating: [], count: steps + 1)
        for _ in 0..<count where !shouldStop() {
            let task = try sample(&generator)
            guard let parameters = path(task) else { throw unsupported() }
            for (k, theta) in parameters.enumerated() where k <= steps { scores[k].append(score(task, theta)) }
        }
        return scores.map(MeanEstimate.init)
    }

    /// Confusion rates [true][predicted] over the queries of up to `count` tasks of `ways`
    /// classes (each row sums to 1, or 0 for a class never asked).
    public static func confusion(ways: Int, count: Int, using generator: inout SeededGenerator,
                                 sample: (inout SeededGenerator) throws -> ClassificationTask?,
                                 predict: (ClassificationTask) -> [Int], shouldStop: () -> Bool = { false }) rethrows -> [[Double]] {
        var counts = [[Double]](repeating: [Double](repeating: 0, count: ways), count: ways)
        for _ in 0..<count where !shouldStop() {
            guard let task = try sample(&generator) else { break }
            for (truth, guess) in zip(task.queryLabels, predict(task)) where truth < ways && guess < ways { counts[truth][guess] += 1 }
        }
        return counts.map { row in row.map { $0 / max(row.reduce(0, +), 1) } }
    }
}
