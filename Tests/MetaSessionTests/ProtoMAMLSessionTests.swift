import Foundation
import Testing
@testable import MetaSession

/// Proto-MAML reaches every place an algorithm appears from its one registry entry:
/// `help train`, Tab completion, `train`, `compare`, `explain` and the challenge's choices.
@Suite struct ProtoMAMLSessionTests {
    @Test func appearsEverywhereFromItsRegistryEntry() {
        let harness = SessionHarness()
        #expect(harness.run("help train").written.contains("proto-maml"))
        #expect(harness.run("help challenge").written.contains("proto-maml"))
        #expect(harness.session.completions(for: "train proto-") == ["proto-maml"])
        #expect(harness.session.completions(for: "compare algos=maml,proto-") == ["algos=maml,proto-maml"])
        #expect(ChallengeRunner.algorithms.contains("proto-maml"))
        let explained = harness.run("explain proto-maml")
        #expect(explained.outcome == .ok)
        #expect(explained.written.contains("Proto-MAML") && explained.written.contains("one inner step"))
    }

    @Test func trainsTestsAndCompares() {
        let harness = SessionHarness()
        #expect(harness.run("model conv4 channels=8").outcome == .ok)
        let trained = harness.run("train proto-maml iterations=2 meta-batch=2 episodes=4")
        #expect(trained.outcome == .ok, "\(trained.written)")
        #expect(harness.run("print proto-maml.test.accuracy").outcome == .ok)
        let compared = harness.run("compare algos=proto-maml,maml iterations=2 meta-batch=2 episodes=4")
        #expect(compared.outcome == .ok, "\(compared.written)")
        #expect(harness.run("gradcheck proto-maml").written.contains("classification only"))
    }
}
