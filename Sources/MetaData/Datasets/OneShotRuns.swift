import Foundation

/// One of Lake et al.'s one-shot classification runs: 20 training images (one per class),
/// 20 test images, and the answer key saying which training image each test image matches.
/// Images keep their original 105×105 resolution; `episode(side:)` downsamples.
public struct OneShotRun: Sendable {
    /// The run folder name, e.g. `run01`.
    public let name: String
    /// The training images (`classNN.png`), one per class, at original resolution.
    public let training: [GreyImage]
    /// The test images (`itemNN.png`), at original resolution.
    public let test: [GreyImage]
    /// The training file names, in the order of `training`.
    public let trainingNames: [String]
    /// The test file names, in the order of `test`.
    public let testNames: [String]
    /// For each test image, the index of its class's training image.
    public let answers: [Int]

    /// The run as a 20-way 1-shot episode at `side × side`: support = the training images,
    /// queries = the test images ordered by their answer (class-major), so query `i` has
    /// label `queryLabels[i]` and `classIDs` are training-image indices.
    public func episode(side: Int = 28) -> Episode {
        let support = training.map { $0.areaResized(side: side) }
        let order = answers.indices.sorted { (answers[$0], $0) < (answers[$1], $1) }
        let query = order.map { test[$0].areaResized(side: side) }
        let perClass = training.isEmpty ? 0 : test.count / training.count
        return Episode(support: support, query: query, ways: training.count, shots: 1, queries: perClass,
                       classIDs: Array(training.indices))
    }
}

/// Lake, Salakhutdinov & Tenenbaum's 20 runs of 20-way within-alphabet one-shot
/// classification (`all_runs.zip`, or its unzipped `runNN/` folders), each
/// `runNN/{training/classNN.png, test/itemNN.png, class_labels.txt}`.
public struct OneShotRuns: Sendable {
    /// The runs, sorted by name.
    public let runs: [OneShotRun]

    /// Loads the runs from the zip or folder at `path`.
    public init(path: String) throws {
        try self.init(tree: FileTree(path: path))
    }

    /// Loads the runs from a file tree, decoding the PNGs on all cores.
    public init(tree: FileTree) throws {
        guard !tree.files.isEmpty else { throw DataError.emptySource(tree.location) }
        var root = tree
        if !root.files.contains(where: { $0.hasSuffix("/class_labels.txt") && $0.split(separator: "/").count == 2 }) {
            root = root.unwrappingSingleFolder()
        }
        let runNames = root.topLevelFolders.filter { folder in root.files.contains(folder + "/class_labels.txt") }
        guard !runNames.isEmpty else {
            throw DataError.unexpectedLayout(source: tree.location, expected: "runNN/class_labels.txt with runNN/training/ and runNN/test/",
                                             found: root.files.first ?? "no files")
        }
        let budget = DatasetBudget(source: tree.location)
        let images = try root.decodeAll(root.files.filter { $0.lowercased().hasSuffix(".png") }) { bytes, name in
            let image = try GreyImage(pngBytes: bytes, name: name)
            try budget.charge(pixels: image.pixels.count)
            return image
        }
        var byPath: [String: GreyImage] = [:]
        for (path, image) in zip(root.files.filter { $0.lowercased().hasSuffix(".png") }, images) { byPath[path] = image }
        runs = try runNames.map { try loadRun($0, tree: root, images: byPath) }
    }
}

/// Reads one run's answer key and gathers its images.
private func loadRun(_ name: String, tree: FileTree, images: [String: GreyImage]) throws -> OneShotRun {
    let keyPath = name + "/class_labels.txt"
    let keyName = tree.describe(keyPath)
    let keyBytes = try tree.contents(of: keyPath)
    // Lake's keys are 20 short lines; anything near this size is not an answer key.
    guard keyBytes.count <= 1 << 16 else {
        throw DataError.badAnswerKey(file: keyName, line: 0, reason: "\(keyBytes.count) bytes is far too long for an answer key (at most 65,536)")
    }
    let text = String(decoding: keyBytes, as: UTF8.self)
    let trainingNames = tree.files.filter { $0.hasPrefix(name + "/training/") && $0.lowercased().hasSuffix(".png") }
    let testNames = tree.files.filter { $0.hasPrefix(name + "/test/") && $0.lowercased().hasSuffix(".png") }
    guard !trainingNames.isEmpty, !testNames.isEmpty else {
        throw DataError.unexpectedLayout(source: tree.describe(name), expected: "training/*.png and test/*.png",
                                         found: "\(trainingNames.count) training and \(testNames.count) test images")
    }
    let trainingIndex = Dictionary(uniqueKeysWithValues: trainingNames.enumerated().map { ($1, $0) })
    var answers = [Int?](repeating: nil, count: testNames.count)
    let testIndex = Dictionary(uniqueKeysWithValues: testNames.enumerated().map { ($1, $0) })
    let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
    for (number, line) in lines.enumerated() where !line.isEmpty {
        let fields = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 2 else {
            throw DataError.badAnswerKey(file: keyName, line: number + 1, reason: "expected `test/itemNN.png training/classNN.png`, found `\(line)`")
        }
        for field in fields where !field.hasPrefix(name + "/") {
            throw DataError.badAnswerKey(file: keyName, line: number + 1, reason: "\(field) lies outside \(name)")
        }
        guard let test = testIndex[fields[0]], let training = trainingIndex[fields[1]] else {
            let missing = testIndex[fields[0]] == nil ? fields[0] : fields[1]
            throw DataError.badAnswerKey(file: keyName, line: number + 1,
                                         reason: "no image \(missing) in \(name)/\(testIndex[fields[0]] == nil ? "test" : "training")/")
        }
        guard answers[test] == nil else {
            throw DataError.badAnswerKey(file: keyName, line: number + 1, reason: "a second answer for \(fields[0])")
        }
        answers[test] = training
    }
    if let missing = answers.firstIndex(where: { $0 == nil }) {
        throw DataError.badAnswerKey(file: keyName, line: lines.count, reason: "no answer for \(testNames[missing])")
    }
    let perClass = Dictionary(grouping: answers.map { $0! }, by: { $0 }).mapValues(\.count)
    guard perClass.count == trainingNames.count, Set(perClass.values).count == 1 else {
        throw DataError.badAnswerKey(file: keyName, line: lines.count,
                                     reason: "every training image must be the answer equally often (\(perClass.count) of \(trainingNames.count) are answers)")
    }
    return OneShotRun(name: name, training: trainingNames.map { images[$0]! }, test: testNames.map { images[$0]! },
                      trainingNames: trainingNames, testNames: testNames, answers: answers.map { $0! })
}
