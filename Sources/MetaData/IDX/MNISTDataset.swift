import Foundation
import MetaFiles

/// Which of MNIST's two parts to read: the file names start with `t10k` or `train`.
public enum MNISTPart: String, Sendable, CaseIterable {
    case test = "t10k"
    case training = "train"
}

/// MNIST (or any digit set in its IDX layout) as a class-labelled dataset of 10 classes, the
/// digits 0–9, for few-shot episodes across domains: a folder holding
/// `t10k-images-idx3-ubyte` and `t10k-labels-idx1-ubyte` (or `train-…`), each gzip-compressed
/// (`.gz`) or plain.
///
/// MNIST's digits are light strokes (255) on black (0), which is already MetaLab's convention
/// (1.0 = ink). Images keep their order in the file within each class.
public struct MNISTDataset: ClassDataset {
    /// The side of the (square) images, after resizing from the files' 28 × 28 when it differs.
    public let side: Int
    /// The image and label files read.
    public let imagesFile: String, labelsFile: String
    private let images: [[GreyImage]]

    /// The file names this reader looks for in a folder, for `part`: the images file, then the
    /// labels file, each tried gzip-compressed first.
    public static func fileNames(_ part: MNISTPart) -> (images: [String], labels: [String]) {
        (["\(part.rawValue)-images-idx3-ubyte.gz", "\(part.rawValue)-images-idx3-ubyte", "\(part.rawValue)-images.idx3-ubyte"],
         ["\(part.rawValue)-labels-idx1-ubyte.gz", "\(part.rawValue)-labels-idx1-ubyte", "\(part.rawValue)-labels.idx1-ubyte"])
    }

    /// Loads `part` from the folder at `path`, resizing to `side × side` when it is not 28.
    public init(path: String, part: MNISTPart = .test, side: Int = 28) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw DataError.missingPath(path) }
        guard isFolder.boolValue else {
            throw DataError.unexpectedLayout(source: path, expected: "a folder holding MNIST's IDX files", found: "a file")
        }
        let names = Self.fileNames(part)
        func find(_ candidates: [String]) throws -> String {
            for name in candidates {
                let full = (path as NSString).appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: full) { return full }
            }
            throw DataError.unexpectedLayout(source: path, expected: names.images[0] + " and " + names.labels[0] + " (or unzipped)",
                                             found: "no \(candidates[1])[.gz]")
        }
        let imagesFile = try find(names.images), labelsFile = try find(names.labels)
        try self.init(images: IDXArray(path: imagesFile), labels: IDXArray(path: labelsFile),
                      imagesFile: imagesFile, labelsFile: labelsFile, side: side)
    }

    /// The dataset from parsed IDX arrays: images `count × rows × columns`, labels `count`,
    /// each a digit 0–9. The file names appear in errors.
    public init(images: IDXArray, labels: IDXArray, imagesFile: String, labelsFile: String, side: Int = 28) throws(DataError) {
        guard images.dimensions.count == 3 else {
            throw .badIDX(file: imagesFile, reason: "it has \(images.dimensions.count) dimensions; images need 3 (count, rows, columns)")
        }
        guard labels.dimensions.count == 1 else {
            throw .badIDX(file: labelsFile, reason: "it has \(labels.dimensions.count) dimensions; labels need 1 (count)")
        }
        let (count, rows, columns) = (images.dimensions[0], images.dimensions[1], images.dimensions[2])
        guard count > 0, rows > 0, columns > 0 else { throw .badIDX(file: imagesFile, reason: "it holds no pixels (\(count) × \(rows) × \(columns))") }
        guard labels.dimensions[0] == count else {
            throw .badIDX(file: labelsFile, reason: "it holds \(labels.dimensions[0]) labels for the \(count) images of \(imagesFile)")
        }
        guard rows * columns <= FileLimits.maxImagePixels else {
            throw .overBudget(source: imagesFile, needed: "\(rows) × \(columns) pixels per image",
                              limit: "\(FileLimits.maxImagePixels)-pixel")
        }
        guard side > 0, side <= 1024 else { throw .invalidSetting(name: "side", value: "\(side)", expected: "1 to 1024") }
        // Sizes come from the file: check the memory they imply before decoding anything.
        let needed = count * max(side * side, 1) * MemoryLayout<Float>.stride
        guard needed <= FileLimits.maxDatasetBytes else {
            throw .overBudget(source: imagesFile, needed: "\(FileLimits.describe(bytes: needed)) for \(count) images at \(side) × \(side)",
                              limit: FileLimits.describe(bytes: FileLimits.maxDatasetBytes))
        }
        if let item = labels.values.firstIndex(where: { $0 > 9 }) {
            throw .badIDX(file: labelsFile, reason: "label \(labels.values[item]) of item \(item) is not a digit 0–9")
        }
        var byDigit = [[GreyImage]](repeating: [], count: 10)
        let pixelCount = rows * columns
        for item in 0..<count {
            let start = item * pixelCount
            let pixels = images.values[start..<start + pixelCount].map { Float($0) / 255 }
            let image = GreyImage(width: columns, height: rows, pixels: pixels)
            byDigit[Int(labels.values[item])].append(rows == side && columns == side ? image : image.areaResized(width: side, height: side))
        }
        self.side = side
        self.imagesFile = imagesFile
        self.labelsFile = labelsFile
        self.images = byDigit
    }

    // MARK: ClassDataset (documented on the protocol)

    public var classCount: Int { 10 }
    public func imageCount(ofClass classID: Int) -> Int { images[classID].count }
    public func image(ofClass classID: Int, at index: Int) -> GreyImage { images[classID][index] }
    public func className(_ classID: Int) -> String { "digit \(classID)" }

    /// The total number of images.
    public var imageCount: Int { images.reduce(0) { $0 + $1.count } }
}
