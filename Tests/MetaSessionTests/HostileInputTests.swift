import Foundation
import Testing
@testable import MetaSession

/// No line can crash a session: each bad line gets exactly one error line, and the next
/// command still works.
@Suite struct HostileInputTests {
    static let garbage = String(decoding: (0...255).map { UInt8($0) } + [0xC3, 0x28, 0xF0, 0x9F], as: UTF8.self)

    static let corpus: [String] = [
        "frobnicate", "train", "train mamll", "train maml ways=abc", "train maml ways=100000", "train maml iterations=0",
        "train maml inner-lr=-1", "train maml ways=2.5", "train maml ways=1,2", "train maml first-order=maybe",
        "model conv4 channels=1000000", "model mlp channels=3", "model conv4 sizes=4", "episode ways=100000",
        "episode ways=50 shots=50", "train maml ways=50 shots=50 queries=100 inner-steps=100",
        "set out=/proc/metalab-forbidden", "set out=/dev/null/sub", "plot sines to=/proc/nope/x.png",
        "load model /nonexistent/model.safetensors", "load model /etc/hostname", "data omniglot /nonexistent",
        "data omniglot", "data runs /nonexistent.zip", "data glyphs /tmp", "open 99", "open ../../etc/passwd",
        "next", "back", "restart", "where", "print nothing.here", "print", "expect a >= 1", "expect a >= b",
        "expect x ~ 1", "eval ghost", "adapt ghost", "explain maml of=ghost", "save model of=ghost to=x",
        "save filters of=ghost to=x.png", "plot embedding to=e.png", "plot lrs of=ghost to=l.png",
        "gradcheck reptile", "gradcheck protonet", "gradcheck pixel-nn", "gradcheck finetune", "compare algos=maml,nope",
        "sweep maml lrs=20", "train maml as=bad.name", "\"unterminated", "=5", "train maml =5", "help nosuch",
        "show nothing", "train maml dataset=omniglot", "maml", "123", "#", "   ",
        String(repeating: "x", count: 10_000), "train maml " + String(repeating: "a=1 ", count: 2_500),
        "print " + String(repeating: "a.", count: 5_000) + "b", garbage, "\u{0}\u{1}\u{7F}", "train maml\u{0}",
    ]

    @Test func everyHostileLineGetsOneErrorLineAndTheSessionGoesOn() {
        let harness = SessionHarness()
        for line in Self.corpus {
            let errorsBefore = harness.errorLines
            let (outcome, written) = harness.run(line)
            let blank = line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#")
            if blank {
                #expect(outcome == .ok && written.isEmpty, "\(line.prefix(40))")
            } else {
                guard case let .failed(message) = outcome else {
                    Issue.record("accepted: \(line.prefix(60)) → \(written.prefix(200))")
                    continue
                }
                #expect(harness.errorLines == errorsBefore + 1, "\(line.prefix(40)): \(written.prefix(300))")
                #expect(!message.isEmpty && !message.contains("\n"))
            }
        }
        #expect(harness.run("seed 7").outcome == .ok)
        #expect(harness.run("data sines").outcome == .ok)
    }

    @Test func anUnwritableOutputFolderIsReportedBeforeALongRun() {
        let harness = SessionHarness()
        let start = Date()
        let (outcome, written) = harness.run("compare algos=maml,reptile iterations=100000 to=/proc/metalab/curves.png")
        #expect(Date().timeIntervalSince(start) < 5)
        guard case let .failed(message) = outcome else { Issue.record("accepted"); return }
        #expect(message.contains("cannot write to the output folder /proc/metalab"))
        #expect(!written.contains("iterations:"))
    }

    @Test func aDivergedRunDoesNotOverwriteASavedCheckpoint() throws {
        let harness = SessionHarness()
        harness.run("data sines")
        #expect(harness.run("train maml iterations=3 meta-batch=2 episodes=2").outcome == .ok)
        #expect(harness.run("save model of=maml to=model.safetensors").outcome == .ok)
        let path = harness.folder + "/out/model.safetensors"
        let saved = try Data(contentsOf: URL(fileURLWithPath: path))
        guard case let .failed(message) = harness.run("train maml iterations=50 inner-lr=10 outer-lr=10 meta-batch=5").outcome else {
            Issue.record("the wild run did not diverge"); return
        }
        #expect(message.contains("diverged"))
        #expect(harness.run("print maml.train.diverged").written == "maml.train.diverged = 1\n")
        #expect(harness.run("save model of=maml to=model.safetensors").outcome != .ok)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == saved)
    }

    @Test func stoppingTrainingKeepsWhatWasLearned() {
        let harness = SessionHarness()
        harness.run("data sines")
        let stop = harness.session.stop
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { stop.raise() }
        let (outcome, written) = harness.run("train maml iterations=100000 meta-batch=5")
        #expect(outcome == .ok)
        #expect(written.contains("stopped (Ctrl-C)"))
        let iterations = harness.run("print maml.train.iterations").written
        #expect(iterations.hasPrefix("maml.train.iterations = ") && iterations != "maml.train.iterations = 100000\n")
        #expect(harness.run("print maml.train.interrupted").written == "maml.train.interrupted = 1\n")
        #expect(harness.run("eval maml episodes=3").outcome == .ok)
    }
}
