import Testing
import MetaTensor
import MetaNN
@testable import MetaLearn

/// The one training loop: validation by iterations or by seconds, keep-best, and batch norm's
/// running averages fed on schedule and kept with the best weights.
@Suite struct TrainingLoopTests {
    /// A one-channel batch whose mean is `value`.
    static func batch(_ value: Float) -> [ChannelStatistics] { [ChannelStatistics(mean: [value], variance: [1], count: 4)] }

    @Test func runningAveragesAreFedOnScheduleAndKeptWithTheBestWeights() {
        var report = TrainingReport()
        var weights: Float = 0
        let scores: [Int: Float] = [2: 0.5, 4: 0.9, 6: 0.7]
        var iteration = 0
        let loop = TrainingLoop(iterations: 6, validationInterval: 2, keepBest: true, runningStatisticsEvery: 2)
        loop.run(report: &report, hooks: .silent, step: { _, at in
            iteration = at
            weights = Float(at)
            return (0, nil)
        }, batchStatistics: { Self.batch(Float(iteration)) }, validate: { scores[iteration]! },
           snapshot: { Parameters([("w", Tensor(weights))]) }, restore: { weights = $0["w"].scalar })
        // The best validation came at iteration 4: its weights, and the averages fed at 2 and 4.
        #expect(weights == 4)
        #expect(report.running?.batchesTracked == 2)
        #expect(report.running?.layers == ["1"])
        let expected: Float = 0.9 * (0.1 * 2) + 0.1 * 4
        #expect(abs((report.running?.mean[0][0] ?? .nan) - expected) < 1e-6)
        #expect(report.points.compactMap(\.validation) == [0.5, 0.9, 0.7])
    }

    @Test func noBatchNormNoRunningAverages() {
        var report = TrainingReport()
        TrainingLoop(iterations: 20, runningStatisticsEvery: 1).run(report: &report, hooks: .silent,
                                                                   step: { _, _ in (0, nil) }, batchStatistics: { [] },
                                                                   validate: { 0 })
        #expect(report.running == nil && report.points.count == 20)
    }

    @Test func validationBySecondsAlsoRunsAtTheTimeLimit() {
        var report = TrainingReport()
        let loop = TrainingLoop(iterations: .max, timeLimit: 0.05, validationSeconds: 1000)
        var validations = 0
        // Each step outlasts the limit, so the first step reaches it and is the last.
        loop.run(report: &report, hooks: .silent, step: { _, _ in
            let until = monotonicSeconds() + 0.1
            while monotonicSeconds() < until {}
            return (0, nil)
        }, validate: { validations += 1; return 1 })
        // 1000 s never pass, so the one check is the one at the step that reached the limit.
        #expect(validations == 1 && report.points.count == 1 && report.points.last?.validation == 1)
    }
}
