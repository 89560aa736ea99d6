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

    /// A folder of IDX files holding `perDigit` random 28 × 28 images of each digit (plain, not gzip).
    static func fakeDigits(perDigit: Int, in folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func bigEndian(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
        let labels = (0..<10 * perDigit).map { UInt8($0 % 10) }
        var generator = SystemRandomNumberGenerator()
        let pixels = (0..<labels.count * 784).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let images = [0, 0, 8, 3] + bigEndian(labels.count) + bigEndian(28) + bigEndian(28) + pixels
        try Data(images).write(to: URL(fileURLWithPath: folder + "/t10k-images-idx3-ubyte"))
        try Data([0, 0, 8, 1] + bigEndian(labels.count) + labels).write(to: URL(fileURLWithPath: folder + "/t10k-labels-idx1-ubyte"))
        return folder
    }

    /// `train-digits=` splits the ten digits by class: the listed ones train, the others test,
    /// none validate — and the test classes never reach training.
    @Test func trainDigitsSplitsTheDigitsByClass() throws {
        let harness = SessionHarness()
        let folder = try Self.fakeDigits(perDigit: 8, in: harness.folder + "/digits")
        let loaded = harness.run("data mnist \(folder) train-digits=3,0,1")
        #expect(loaded.outcome == .ok && loaded.written.contains("0,1,3 for training, 2,4,5,6,7,8,9 for testing"), "\(loaded.written)")
        guard case let .images(data) = harness.session.context.state.data else {
            Issue.record("train-digits= should give training and test classes")
            return
        }
        #expect((0..<data.train.classCount).map(data.train.className) == ["digit 0", "digit 1", "digit 3"])
        #expect((0..<data.test.classCount).map(data.test.className) == [2, 4, 5, 6, 7, 8, 9].map { "digit \($0)" })
        #expect(data.validation.classCount == 0)
        #expect(harness.run("train protonet ways=3 shots=1 queries=2 iterations=2 episodes=3 as=p").outcome == .ok)
        let refused = harness.run("train protonet ways=3 shots=1 queries=2 iterations=2 validate=1")
        #expect(refused.outcome != .ok && refused.written.contains("no validation classes"), "\(refused.written)")
        let all = harness.run("data mnist \(folder) train-digits=0,1,2,3,4,5,6,7,8,9")
        #expect(all.outcome != .ok && all.written.contains("for testing"), "\(all.written)")
        let misplaced = harness.run("data glyphs train-digits=0,1")
        #expect(misplaced.outcome != .ok && misplaced.written.contains("belongs to 'data mnist PATH'"), "\(misplaced.written)")
    }

    @Test func aMissingFolderIsATypedError() {
        let harness = SessionHarness()
        let written = harness.run("data mnist /nonexistent/mnist").written
        #expect(written.contains("error:") && written.contains("/nonexistent/mnist"), "\(written)")
    }
}
