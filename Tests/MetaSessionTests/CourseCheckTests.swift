import Foundation
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

    /// `layers`: per-layer weight change and feature similarity kept for `expect`; ANIL's
    /// blocks never move; a learner that does not adapt by steps is refused.
    @Test func layersKeepsEachLayersChangeAndSimilarity() throws {
        let harness = SessionHarness()
        #expect(harness.run("data glyphs").outcome == .ok)
        #expect(harness.run("model conv4 channels=4 blocks=2").outcome == .ok)
        #expect(harness.run("train maml iterations=2 meta-batch=1 queries=2 episodes=2 as=m").outcome == .ok)
        #expect(harness.run("train anil iterations=2 meta-batch=1 queries=2 episodes=2 as=a").outcome == .ok)
        let measured = harness.run("layers m steps=2 episodes=3 to=layers.png")
        #expect(measured.outcome == .ok && measured.written.contains("block 2") && measured.written.contains("head"), "\(measured.written)")
        #expect(FileManager.default.fileExists(atPath: harness.folder + "/out/layers.png"))
        #expect(harness.run("expect m.layers.head.change > 0").outcome == .ok)
        #expect(harness.run("expect m.layers.block1.similarity > 0").outcome == .ok)
        #expect(harness.run("expect m.layers.steps == 2").outcome == .ok)
        #expect(harness.run("layers a steps=1 episodes=2").outcome == .ok)
        #expect(harness.run("expect a.layers.block1.change == 0").outcome == .ok)
        #expect(harness.run("expect a.layers.block2.similarity == 1 tolerance=0.000001").outcome == .ok)
        #expect(harness.run("train protonet iterations=1 queries=2 episodes=2 as=p").outcome == .ok)
        let refused = harness.run("layers p")
        #expect(refused.outcome != .ok && refused.written.contains("does not adapt by gradient steps"), "\(refused.written)")
    }

    /// `adapt` without steps= takes the 5 steps its help promises.
    @Test func adaptTakesItsDefaultSteps() {
        let harness = SessionHarness()
        #expect(harness.run("data sines").outcome == .ok)
        #expect(harness.run("train maml iterations=2 meta-batch=2 episodes=2 as=m").outcome == .ok)
        #expect(harness.run("adapt m").outcome == .ok)
        #expect(harness.run("expect m.adapt.steps == 5").outcome == .ok)
    }
}
