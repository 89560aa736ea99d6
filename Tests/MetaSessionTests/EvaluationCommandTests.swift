import Testing
@testable import MetaSession

/// The commands lesson 20 teaches evaluation with: `paired` comparisons on the same episodes,
/// `eval … as=` keeping a second test, and `sweep` choosing on the validation classes only.
@Suite struct EvaluationCommandTests {
    /// A session with a tiny network, two ProtoNets trained a little, each tested on 6 episodes.
    private func twoLearners() -> SessionHarness {
        let harness = SessionHarness()
        #expect(harness.run("model conv4 channels=4 blocks=2").outcome == .ok)
        #expect(harness.run("set queries=2 episodes=6").outcome == .ok)
        #expect(harness.run("train protonet iterations=3 as=a").outcome == .ok)
        #expect(harness.run("train pixel-nn as=b").outcome == .ok)
        return harness
    }

    @Test func pairedDifferenceIsTheMeanOfPerEpisodeDifferences() throws {
        let harness = twoLearners()
        let written = harness.run("paired a b as=d").written
        #expect(written.contains("on the same 6 episodes"), "\(written)")
        let a = try #require(try harness.session.context.state.results.get("a").test)
        let b = try #require(try harness.session.context.state.results.get("b").test)
        let differences = zip(a.scores, b.scores).map { $0 - $1 }
        let d = try harness.session.context.state.results.get("d").values
        #expect(abs((d.number("difference") ?? .nan) - differences.reduce(0, +) / 6) < 1e-12)
        #expect(d.number("episodes") == 6)
        // Paired, the interval is that of the differences, not of either accuracy.
        #expect(abs((d.number("ci95") ?? .nan) - MeanEstimateProbe.interval(differences)) < 1e-12)
    }

    @Test func pairedRefusesTestsOnDifferentEpisodes() {
        let harness = twoLearners()
        #expect(harness.run("eval b episodes=5").outcome == .ok)
        let refused = harness.run("paired a b")
        #expect(refused.outcome != .ok)
        #expect(refused.written.contains("not tested on the same episodes"), "\(refused.written)")
        #expect(harness.run("eval b episodes=6 seed=9").outcome == .ok)
        #expect(harness.run("paired a b").outcome != .ok, "another seed draws other episodes")
    }

    @Test func evalAsKeepsBothTests() throws {
        let harness = twoLearners()
        #expect(harness.run("eval a inference=transductive as=a-t").outcome == .ok)
        let results = harness.session.context.state.results
        #expect(try results.get("a").test?.inference == .inductive)
        #expect(try results.get("a-t").test?.inference == .transductive)
        #expect(harness.run("paired a-t a").outcome == .ok, "the same weights on the same episodes pair")
    }

    @Test func sweepChoosesOnValidationAndTestsOnlyTheChoice() throws {
        let harness = SessionHarness()
        #expect(harness.run("model conv4 channels=4 blocks=2").outcome == .ok)
        let written = harness.run("sweep protonet rate=outer lrs=0.0001,0.01 iterations=3 queries=2 episodes=4 as=best").written
        #expect(written.contains("validation accuracy"), "\(written)")
        #expect(written.contains("chosen on the validation classes"), "\(written)")
        let results = harness.session.context.state.results
        for point in ["protonet-lr1", "protonet-lr2"] {
            let result = try results.get(point)
            #expect(result.test == nil, "\(point) was tested on the test classes")
            #expect(result.values["validation"] != nil)
        }
        let best = try results.get("best")
        #expect(best.test?.scores.count == 4)
        let rate = best.values.number("chosen.outer-lr")
        #expect(rate == 0.0001 || rate == 0.01)
        #expect(harness.run("sweep protonet rate=inner lrs=0.1 iterations=1").outcome != .ok, "ProtoNets have no inner rate")
    }
}

/// The 95% half-width of a mean, computed here independently of `MeanEstimate`.
enum MeanEstimateProbe {
    static func interval(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
        return 1.96 * (variance / Double(values.count)).squareRoot()
    }
}
