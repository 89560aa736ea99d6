import Testing
@testable import MetaSession

/// `inference=` on train, eval and compare: inductive by default, and every result records
/// the protocol it was tested with.
@Suite struct InferenceOptionTests {
    @Test func resultsRecordHowTheyWereTested() {
        let harness = SessionHarness()
        let trained = harness.run("train protonet iterations=2 episodes=4 as=proto").written
        #expect(trained.contains("4 episodes, inductive)"), "\(trained)")
        #expect(harness.run("print proto.test.inference").written.contains("proto.test.inference = inductive"))
        let tested = harness.run("eval proto episodes=4 inference=transductive").written
        #expect(tested.contains("4 episodes, transductive)"), "\(tested)")
        #expect(harness.run("print proto.test.inference").written.contains("proto.test.inference = transductive"))
        #expect(harness.run("show proto").written.contains("inference: transductive"))
        let compared = harness.run("compare algos=protonet iterations=2 episodes=4 inference=transductive").written
        #expect(compared.contains("test accuracy (95%, transductive)"), "\(compared)")
    }

    @Test func anUnknownProtocolIsAUsageError() {
        let written = SessionHarness().run("eval proto inference=sideways").written
        #expect(written.contains("error:") && written.contains("inductive"), "\(written)")
    }
}
