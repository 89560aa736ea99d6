import Foundation
import Testing
@testable import MetaSession

/// The session's interface to the REPL, the lesson runner, and its small parts.
@Suite struct SessionTests {
    @Test func promptShowsTheLessonAndStep() {
        let harness = SessionHarness()
        #expect(harness.session.prompt == "metalab> ")
        harness.run("open 01-tiny")
        #expect(harness.session.prompt == "metalab [01-tiny 0/2]> ")
        harness.run("")
        #expect(harness.session.prompt == "metalab [01-tiny 1/2]> ")
        #expect(harness.run("quit").outcome == .quit)
    }

    @Test func completesCommandsOptionsAlgorithmsResultsAndLessons() {
        let harness = SessionHarness()
        let session = harness.session!
        #expect(session.completions(for: "tr") == ["train"])
        #expect(session.completions(for: "train maml inner").contains("inner-lr="))
        #expect(session.completions(for: "train pro") == ["proto-maml", "protonet"])
        #expect(session.completions(for: "open 01") == ["01-tiny"])
        harness.run("data sines")
        harness.run("train maml iterations=2 meta-batch=2 episodes=2")
        #expect(session.completions(for: "eval ma") == ["maml"])
        #expect(session.completions(for: "print maml.te").contains("maml.test.mse"))
        #expect(session.completions(for: "plot curves of=m") == ["of=maml"])
    }

    @Test func anInteractiveUsageErrorPointsAtTheColumn() {
        let harness = SessionHarness(interactive: true)
        let written = harness.run("train maml inner_lr=0.1").written
        #expect(written.contains("train maml inner_lr=0.1\n           ^\n"))
        #expect(written.contains("error: column 12: unknown option 'inner_lr' for train — did you mean 'inner-lr'?"))
    }

    @Test func runningALessonWritesItsFiguresAndAReport() throws {
        let harness = SessionHarness()
        let summary = harness.session.runLesson("1", report: true)
        #expect(summary == LessonRunSummary(lesson: "01-tiny", completed: true, passed: 2, failed: 0,
                                            reportPath: harness.folder + "/out/01-tiny/report.md"))
        let report = try String(contentsOfFile: harness.folder + "/out/01-tiny/report.md", encoding: .utf8)
        #expect(report.hasPrefix("# A tiny lesson\n"))
        #expect(report.contains("## Train for a moment"))
        #expect(report.contains("$$\\theta'_i = \\theta - \\alpha"))
        #expect(report.contains("metalab> train maml iterations=20 meta-batch=5 episodes=10\nmaml: MAML on sines"))
        #expect(report.contains("![sines.png](sines.png)"))
        #expect(FileManager.default.fileExists(atPath: harness.folder + "/out/01-tiny/sines.png"))
    }

    @Test func curvesShowAccuracyOrLoss() throws {
        let harness = SessionHarness()
        harness.run("model conv4 channels=4 blocks=2")
        harness.run("train protonet iterations=12 episodes=2")
        for metric in ["accuracy", "loss"] {
            let (outcome, written) = harness.run("plot curves of=protonet metric=\(metric) to=\(metric).png")
            #expect(outcome == .ok, "\(written)")
        }
        let accuracy = try Data(contentsOf: URL(fileURLWithPath: harness.folder + "/out/accuracy.png"))
        let loss = try Data(contentsOf: URL(fileURLWithPath: harness.folder + "/out/loss.png"))
        #expect(accuracy != loss)
        #expect(harness.run("plot curves of=protonet metric=speed to=x.png").written.contains("metric"))
    }

    @Test func checkCountsClaimsAndEndsWithTheTotals() {
        let harness = SessionHarness()
        let totals = harness.session.checkLessons([])
        #expect(totals.passed == 3 && totals.failed == 1)
        #expect(harness.text.hasSuffix("3 passed, 1 failed\n"))
        #expect(harness.text.contains("✗ 02-broken: 1 passed, 1 failed"))
        #expect(harness.text.contains("error: 02-broken.md, line 8: expected maml.test.mse < 0"))
    }

    @Test func aLessonThatCannotRunCountsAsAFailure() {
        let harness = SessionHarness()
        #expect(harness.session.checkLessons(["nosuch"]) == (passed: 0, failed: 1))
    }

    @Test func numbersAreShownToFourSignificantDigits() {
        #expect(ResultValue.format(0.81234) == "0.8123")
        #expect(ResultValue.format(12.5) == "12.5")
        #expect(ResultValue.format(3) == "3")
        #expect(ResultValue.format(0.00001234) == "1.234e-05")
        #expect(ResultValue.format(.nan) == "nan")
    }

    @Test func resultPathsSuggestTheNearestKey() throws {
        var store = ResultStore()
        var values = ResultGroup()
        values.set("test.accuracy", 0.8)
        store.put(SessionResult(name: "maml", values: values))
        #expect(try store.number(at: "maml.test.accuracy") == 0.8)
        #expect(throws: SessionError.unknownPath("maml.test.acuracy", available: ["maml.test.accuracy"], suggestion: "maml.test.accuracy")) {
            try store.number(at: "maml.test.acuracy")
        }
        #expect(throws: SessionError.notANumber("maml.test")) { try store.number(at: "maml.test") }
        #expect(throws: SessionError.unknownResult("mam", suggestion: "maml")) { try store.number(at: "mam.test") }
    }

    @Test func memoryEstimatesRefuseAbsurdRuns() {
        let hyper = HyperParameters(innerLearningRate: 0.4, outerLearningRate: 1e-3, innerSteps: 1, metaBatch: 32)
        #expect(throws: Never.self) {
            try MemoryBudget.check(network: .conv4(channels: 64, blocks: 4), shape: .init(ways: 5, shots: 1, queries: 15),
                                   hyper: hyper, parallelTasks: 2)
        }
        #expect(throws: SessionError.self) {
            try MemoryBudget.check(network: .conv4(channels: 256, blocks: 4), shape: .init(ways: 50, shots: 50, queries: 100),
                                   hyper: hyper, parallelTasks: 2)
        }
    }
}
