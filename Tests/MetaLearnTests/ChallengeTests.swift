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

    /// The whole pipeline on all 400 items; a short training run must already beat the same
    /// network untrained and pixel nearest neighbour on the same runs (chance, 95% error, is no bar).
    @Test func aShortRunScoresAllFourHundredItemsAndBeatsItsBaselines() throws {
        var generator = SeededGenerator(seed: 1)
        var learner: any ChallengeLearner = EpisodicChallengeLearner(MetricAlgorithm.protonet.makeLearner(using: &generator), name: "protonet")
        let runs = try OneShotRuns(path: Omniglot.runs)
        let untrained = OmniglotChallenge.errorRate(OmniglotChallenge.score(learner, on: runs))
        var pixelErrors = 0
        for run in runs.runs {
            let task = ClassificationTask(run.episode())
            let predictions = PixelNearestNeighbour.predictions(for: run.episode())
            pixelErrors += zip(predictions, task.queryLabels).filter { $0 != $1 }.count
        }
        let pixel = Double(pixelErrors) / 400
        var configuration = OmniglotChallenge.Configuration()
        configuration.schedule.timeLimit = 15
        configuration.schedule.validationSeconds = 1
        configuration.schedule.validationTasks = 5
        configuration.schedule.runningStatisticsEvery = 1
        let outcome = try OmniglotChallenge(configuration).run(&learner, background: try OmniglotDataset(path: Omniglot.small1),
                                                               backgroundName: "small1", runs: runs)
        #expect(outcome.runs.count == 20)
        #expect(outcome.runs.map(\.items).reduce(0, +) == 400)
        #expect(outcome.steps > 0 && outcome.bestValidation != nil)
        // The held-out alphabet joined training halfway (after the shift radius was chosen on it).
        #expect(outcome.heldOutFraction > 0.45 && outcome.heldOutFraction < 0.9, "held out for \(outcome.heldOutFraction) of the time")
        let errors = "\(outcome.steps) steps: error \(outcome.plainErrorRate), untrained \(untrained), pixel nearest neighbour \(pixel)"
        #expect(outcome.plainErrorRate < untrained, "\(errors)")
        #expect(outcome.plainErrorRate < pixel, "\(errors)")
        // Test-time shift averaging was chosen on validation among every candidate radius.
        #expect(outcome.shiftValidation.map(\.radius) == configuration.shiftRadii)
        #expect(outcome.plainRuns.map(\.items).reduce(0, +) == 400)
        // Headline inductive, transductive scored beside it; the validation described is the one used.
        #expect(outcome.inference == .inductive && outcome.otherRuns.map(\.items).reduce(0, +) == 400)
        // Running averages were fed every step (up to the kept weights) and score the runs too.
        #expect((outcome.running?.batchesTracked ?? 0) >= 1 && (outcome.running?.batchesTracked ?? 0) <= outcome.steps)
        #expect(outcome.runningRuns?.map(\.items).reduce(0, +) == 400)
        let background = try OmniglotDataset(path: Omniglot.small1)
        #expect(outcome.validation == (try ChallengeValidation(background, seed: configuration.seed)).description)
    }

    /// The printed validation description states the split's real ways, characters and alphabets.
    @Test(arguments: [Omniglot.small1, Omniglot.small2])
    func validationSaysWhatItHoldsOut(path: String) throws {
        let background = try OmniglotDataset(path: path)
        let split = try ChallengeValidation(background, seed: 1)
        let alphabets = Set(split.validation.classes.map { background.characters[$0].alphabet })
        #expect(alphabets.count == 1, "one whole alphabet is held out")
        let alphabet = alphabets.first!, size = background.classGroups[alphabet].count
        #expect(split.validation.classCount == size && size >= 20)
        #expect(background.classGroups.allSatisfy { $0.count < 20 || $0.count >= size }, "the smallest alphabet of 20 or more")
        #expect(Set(split.training.classes).isDisjoint(with: split.validation.classes))
        #expect(split.training.classCount + split.validation.classCount == background.classCount)
        #expect(split.ways == 20)
        #expect(split.description.contains("20-way 1-shot episodes within one alphabet on \(size) held-out characters of 1 alphabet "
                                           + "(\(background.alphabets[alphabet]) \(size))"), "\(split.description)")
        #expect(split.description.contains("training keeps \(background.classCount - size) characters"))
        var generator = SeededGenerator(seed: 2)
        let episodes = try EpisodeSampler(dataset: split.validation, shape: split.shape, classSampling: .withinGroup).taskSampler
        let task = try episodes(&generator)
        #expect(task.ways == 20 && task.queryLabels.count == 20)

        let characters = try ChallengeValidation(background, holdout: .characters(fraction: 0.15), seed: 1)
        let held = characters.heldOut.map(\.characters).reduce(0, +)
        #expect(held == characters.validation.classCount && !characters.withinAlphabet)
        #expect(characters.description.contains("across alphabets on \(held) held-out characters of \(characters.heldOut.count) alphabets"))
    }
}
