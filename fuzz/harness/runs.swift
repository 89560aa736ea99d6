// libFuzzer target: Lake's one-shot runs (`all_runs.zip` or its unzipped folder): the answer
// keys (`class_labels.txt`), the run layout and the PNGs, in both layouts.
//
// An input is a zip archive. It is read as `data runs PATH` reads the zip; then its entries are
// written out as a folder (names kept inside the scratch folder) and the folder is read too.
import Foundation
import MetaData

/// Scratch files live in memory (/dev/shm) when it exists: the disk is slow and shared.
private let scratchRoot = FileManager.default.fileExists(atPath: "/dev/shm")
    ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory

private let scratch = scratchRoot.appendingPathComponent("metalab-fuzz-runs-\(getpid())").path

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let archive = try? ZipArchive(bytes: bytes) else { return 0 }
    try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let zipPath = scratch + "/all_runs.zip"
    guard FileManager.default.createFile(atPath: zipPath, contents: Data(bytes)) else { return 0 }
    if let runs = try? OneShotRuns(path: zipPath) { check(runs) }
    // The same entries as a folder.
    let folder = scratch + "/all_runs"
    for entry in archive.entries where !entry.isDirectory {
        let parts = entry.name.split(separator: "/").filter { $0 != "." && $0 != ".." }
        guard !parts.isEmpty, let contents = try? archive.contents(of: entry) else { continue }
        let path = folder + "/" + parts.joined(separator: "/")
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data(contents))
    }
    if let runs = try? OneShotRuns(path: folder) { check(runs) }
    return 0
}

private func check(_ runs: OneShotRuns) {
    for run in runs.runs {
        precondition(run.training.count == run.trainingNames.count && run.test.count == run.testNames.count)
        precondition(run.answers.allSatisfy { run.training.indices.contains($0) }, "an answer outside the training images")
        let episode = run.episode(side: 8)
        precondition(episode.queryLabels.count == run.test.count, "an episode that drops test images")
    }
}
