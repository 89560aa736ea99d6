import Foundation
import Testing
@testable import MetaSession

/// `data mnist PATH`: MNIST's digits as a test-only domain — a learner trained on glyphs is
/// tested on 5-way 1-shot digit episodes with `eval`, and training on the digits is refused.
@Suite struct DigitsDataTests {
    /// `../shared/data/mnist/` beside the package root, when it is there.
    static let folder = SessionHarness.testsFolder.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/mnist").path

    @Test func aGlyphLearnerIsTestedOnDigits() throws {
        guard FileManager.default.fileExists(atPath: Self.folder + "/t10k-images-idx3-ubyte.gz") else {
            print("DigitsDataTests: needs ../shared/data/mnist/t10k-*-idx*-ubyte.gz; skipped")
            return
        }
        let harness = SessionHarness()
        #expect(harness.run("train protonet iterations=30 episodes=5 as=p").outcome == .ok)
        let loaded = harness.run("data mnist \(Self.folder)").written
        #expect(loaded.contains("10 digit classes"), "\(loaded)")
        #expect(loaded.contains("10000 images"), "\(loaded)")
        let tested = harness.run("eval p episodes=20").written
        #expect(tested.contains("test accuracy"), "\(tested)")
        let refused = harness.run("train protonet iterations=2").written
        #expect(refused.contains("test domain"), "\(refused)")
    }

    @Test func aMissingFolderIsATypedError() {
        let harness = SessionHarness()
        let written = harness.run("data mnist /nonexistent/mnist").written
        #expect(written.contains("error:") && written.contains("/nonexistent/mnist"), "\(written)")
    }
}
