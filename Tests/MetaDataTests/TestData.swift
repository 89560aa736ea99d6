import Foundation
import MetaData

/// Where the real Omniglot files live: `../shared/data/omniglot/` next to the package root
/// (this file is Tests/MetaDataTests/TestData.swift, three levels below the root).
enum TestData {
    static let folder: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/omniglot").path

    static func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    static let small1 = path("images_background_small1.zip")
    static let small2 = path("images_background_small2.zip")
    static let runs = path("all_runs.zip")

    /// Whether all three real-data files are present.
    static let available = [small1, small2, runs].allSatisfy { FileManager.default.fileExists(atPath: $0) }
    static let needs = "needs ../shared/data/omniglot/{images_background_small1.zip, images_background_small2.zip, all_runs.zip}"

    /// A fresh empty folder under the temporary directory.
    static func scratchFolder(_ name: String) -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("metadata-tests-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(atPath: path)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// The mean and the half-width of the 95% confidence interval (1.96 standard errors).
func meanAndCI95(_ values: [Double]) -> (mean: Double, ci: Double) {
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(values.count - 1, 1))
    return (mean, 1.96 * (variance / Double(values.count)).squareRoot())
}
