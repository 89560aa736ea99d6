import Testing
@testable import MetaSession

/// The pieces lessons use to state checks that can fail: comparisons with a factor, results'
/// intervals, learning turned off, and fine-tuning only the last blocks.
@Suite struct CourseCheckTests {
    @Test func expectComparesWithAFactorAndReadsIntervals() {
        let harness = SessionHarness()
        #expect(harness.run("data sines").outcome == .ok)
        #expect(harness.run("train maml iterations=3 meta-batch=2 episodes=5 as=a").outcome == .ok)
        #expect(harness.run("expect a.train.loss.first < a.train.loss.first times=2").outcome == .ok)
        #expect(harness.run("expect a.test.ci95 > 0").outcome == .ok)
        let refused = harness.run("expect a.train.loss.first > a.train.loss.first times=2")
        #expect(refused.outcome != .ok)
        #expect(refused.written.contains("a.train.loss.first > 2 × a.train.loss.first"), "\(refused.written)")
    }

    @Test func sabotageTrainsZeroIterationsSoLearningClaimsFail() {
        let harness = SessionHarness(sabotage: true)
        #expect(harness.run("data sines").outcome == .ok)
        #expect(harness.run("train maml iterations=20 meta-batch=2 episodes=5 as=a").outcome == .ok)
        #expect(harness.run("expect a.train.iterations == 0").outcome == .ok)
        #expect(harness.run("expect a.train.loss.last < a.train.loss.first").outcome != .ok)
    }

    @Test func finetuneRecordsTheBlocksItTunes() {
        let harness = SessionHarness()
        #expect(harness.run("data glyphs").outcome == .ok)
        #expect(harness.run("model conv4 channels=4 blocks=2").outcome == .ok)
        #expect(harness.run("train finetune iterations=2 queries=2 episodes=2 blocks=1 as=t").outcome == .ok)
        #expect(harness.run("expect t.hp.blocks == 1").outcome == .ok)
        let learner = (try? harness.session.context.state.results.get("t"))?.learner as? TransferSessionLearner
        #expect(learner?.learner.configuration.fineTuneBlocks == 1)
    }
}
