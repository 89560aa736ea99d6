import Foundation
import MetaData
import Testing

@Suite(.enabled(if: TestData.available, Comment(rawValue: TestData.needs)))
struct OneShotRunsTests {
    @Test func twentyRunsOfTwentyClasses() throws {
        let runs = try OneShotRuns(path: TestData.runs).runs
        #expect(runs.count == 20)
        #expect(runs.map(\.name) == (1...20).map { String(format: "run%02d", $0) })
        for run in runs {
            #expect(run.training.count == 20 && run.test.count == 20)
            #expect(Set(run.answers) == Set(0..<20))
            #expect(run.training.allSatisfy { $0.width == 105 && $0.height == 105 })
        }
    }

    /// The first lines of run01/class_labels.txt: item01 → class08, item02 → class09,
    /// item03 → class02, item04 → class19, item05 → class10.
    @Test func answerKeysMatchTheFile() throws {
        let run = try OneShotRuns(path: TestData.runs).runs[0]
        #expect(run.testNames[0] == "run01/test/item01.png")
        #expect(run.trainingNames[7] == "run01/training/class08.png")
        #expect(Array(run.answers.prefix(5)) == [7, 8, 1, 18, 9])
    }

    @Test func runAsAnEpisode() throws {
        let run = try OneShotRuns(path: TestData.runs).runs[3]
        let episode = run.episode()
        #expect(episode.ways == 20 && episode.shots == 1 && episode.queries == 1)
        #expect(episode.support.shape == [20, 1, 28, 28] && episode.query.shape == [20, 1, 28, 28])
        let item = run.answers.firstIndex(of: 5)!
        let query5 = Array(episode.query.scalars[(5 * 784)..<(6 * 784)])
        #expect(query5 == run.test[item].areaResized(side: 28).pixels)
    }

    /// Lake et al. report 38.8% error for the modified Hausdorff distance on the 20 runs.
    @Test func modifiedHausdorffReproducesLakesError() throws {
        let runs = try OneShotRuns(path: TestData.runs).runs
        let classifier = ModifiedHausdorff()
        let errors = runs.map(classifier.errorRate(on:))
        let mean = errors.reduce(0, +) / Double(errors.count)
        let uncentred = runs.map(ModifiedHausdorff(centred: false).errorRate(on:)).reduce(0, +) / Double(runs.count)
        let pixelNN = runs.map { 1 - PixelNearestNeighbour.accuracy(on: $0.episode()) }.reduce(0, +) / Double(runs.count)
        print("modified Hausdorff error on the 20 runs: \(100 * mean)% (uncentred: \(100 * uncentred)%); pixel-NN 28×28 error: \(100 * pixelNN)%")
        #expect(abs(mean - 0.388) <= 0.005)
    }
}
