import Foundation
import Testing
@testable import MetaSession

/// The issue-7 learners (LSTM meta-learner, transfer baselines, learned optimizer) through the
/// session with tiny settings, `plot trajectories`, and `challenge` without its data.
@Suite struct IssueSevenLearnerTests {
    /// A number kept under a result, read as `print` would.
    private func number(_ harness: SessionHarness, _ name: String, _ path: String) -> Double? {
        (try? harness.session.context.state.results.get(name))?.values.number(path)
    }

    @Test(arguments: ["lstm-meta inner-steps=2 meta-batch=1", "linear-probe", "finetune inner-steps=2"])
    func episodeLearnersTrainAndTest(_ command: String) {
        let harness = SessionHarness()
        harness.run("model conv4 channels=8 blocks=2")
        let (outcome, written) = harness.run("train \(command) iterations=2 episodes=2 queries=2 as=tiny")
        #expect(outcome == .ok, "\(written)")
        #expect(written.contains("test accuracy"))
        let accuracy = number(harness, "tiny", "test.accuracy")
        #expect(accuracy.map { (0...1).contains($0) } == true)
        #expect(number(harness, "tiny", "train.iterations") == 2)
    }

    @Test func learnedOptimizerKeepsItsTrajectoriesAndPlotsThem() throws {
        let harness = SessionHarness()
        let (outcome, written) = harness.run("train learned-opt iterations=2 episodes=2 as=opt")
        #expect(outcome == .ok, "\(written)")
        for optimizer in ["learned", "sgd", "adam"] {
            #expect(number(harness, "opt", "test.\(optimizer).final")?.isFinite == true, "\(optimizer)")
        }
        #expect(harness.run("plot trajectories of=opt to=traj.png").outcome == .ok)
        let png = try Data(contentsOf: URL(fileURLWithPath: harness.folder + "/out/traj.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        for refused in ["gradcheck learned-opt", "save filters of=opt to=f.png", "plot episode of=opt to=e.png",
                        "plot confusion of=opt to=c.png", "adapt opt"] {
            let before = harness.errorLines
            #expect(harness.run(refused).outcome != .ok, "\(refused)")
            #expect(harness.errorLines == before + 1, "\(refused)")
        }
        #expect(harness.run("eval opt episodes=2").outcome == .ok)
    }

    @Test func challengeWithoutItsFilesFailsInOneLineAndTheSessionGoesOn() {
        let harness = SessionHarness()
        let before = harness.errorLines
        let (outcome, written) = harness.run("challenge runs=/nonexistent/all_runs.zip minutes=0.01")
        #expect(outcome != .ok)
        #expect(harness.errorLines == before + 1)
        #expect(written.contains("brendenlake/omniglot") && written.contains("all_runs.zip"))
        #expect(harness.run("set episodes=3").outcome == .ok)
    }

    @Test func transferLearnersRefuseGradcheckInOneLine() {
        let harness = SessionHarness()
        let before = harness.errorLines
        #expect(harness.run("gradcheck finetune").outcome != .ok)
        #expect(harness.errorLines == before + 1)
    }
}
