import Testing
import Foundation
import MetaTensor
import MetaData
@testable import MetaLearn

/// The real Omniglot files beside the checkout (`../shared/data/omniglot/`).
private enum Omniglot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/omniglot").path
    static func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
    static let small1 = path("images_background_small1.zip"), small2 = path("images_background_small2.zip"), runs = path("all_runs.zip")
    static let available = [small1, small2, runs].allSatisfy { FileManager.default.fileExists(atPath: $0) }
    static let needs = "needs ../shared/data/omniglot/{images_background_small1.zip, images_background_small2.zip, all_runs.zip}"
}

/// The challenge protocol: no leakage from the evaluation runs into training, and the whole
/// pipeline scoring all 400 test items.
@Suite(.enabled(if: Omniglot.available, Comment(rawValue: Omniglot.needs))) struct ChallengeTests {
    /// No drawing of the 20 runs (training or test image) appears in either minimal background set.
    @Test func backgroundAndRunCharactersAreDisjoint() throws {
        let runs = try OneShotRuns(path: Omniglot.runs)
        var runImages = Set<[Float]>()
        for run in runs.runs { for image in run.training + run.test { runImages.insert(image.areaResized(side: 28).pixels) } }
        #expect(runImages.count >= 790)  // 800 drawings, a few possibly identical at 28×28
        for path in [Omniglot.small1, Omniglot.small2] {
            let background = try OmniglotDataset(path: path)
            var overlaps = 0
            for character in 0..<background.classCount {
                for index in 0..<background.imageCount(ofClass: character)
                where runImages.contains(background.image(ofClass: character, at: index).pixels) { overlaps += 1 }
            }
            #expect(overlaps == 0, "\(overlaps) run drawings found in \(path)")
        }
    }

    @Test func aShortRunScoresAllFourHundredItems() throws {
        var generator = SeededGenerator(seed: 1)
        var learner: any ChallengeLearner = EpisodicChallengeLearner(MetricAlgorithm.protonet.makeLearner(using: &generator), name: "protonet")
        var configuration = OmniglotChallenge.Configuration()
        configuration.seconds = 3
        configuration.validationEverySeconds = 1
        configuration.validationEpisodes = 5
        let outcome = try OmniglotChallenge(configuration).run(&learner, background: try OmniglotDataset(path: Omniglot.small1),
                                                               backgroundName: "small1", runs: try OneShotRuns(path: Omniglot.runs))
        #expect(outcome.runs.count == 20)
        #expect(outcome.runs.map(\.items).reduce(0, +) == 400)
        #expect(outcome.steps > 0 && outcome.bestValidation != nil)
        #expect(outcome.errorRate < 0.95)  // chance is 95% error on 20-way
        // Test-time shift averaging was chosen on validation among every candidate radius.
        #expect(outcome.shiftValidation.map(\.radius) == configuration.shiftRadii)
        #expect(outcome.plainRuns.map(\.items).reduce(0, +) == 400)
    }
}
