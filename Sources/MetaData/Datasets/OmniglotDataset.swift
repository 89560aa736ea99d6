/// Omniglot in its official layout, `alphabet/characterNN/NNNN_DD.png` (105×105, 1-bit, 20
/// drawers per character), read from a folder or straight from the official zip (whose files
/// sit in one top folder such as `images_background_small1/`).
///
/// Every image is area-averaged down to `side × side` (28 by default) with strokes = 1.0.
/// Classes are characters, ordered by alphabet then character name; groups are alphabets.
public struct OmniglotDataset: ClassDataset {
    /// The alphabet names, sorted.
    public let alphabets: [String]
    /// For each class, its alphabet (an index into `alphabets`) and character folder name.
    public let characters: [(alphabet: Int, name: String)]
    /// The side of the (square) downsampled images.
    public let side: Int
    private let images: [[GreyImage]]

    /// Loads the folder or zip at `path`, downsampling to `side × side`.
    public init(path: String, side: Int = 28) throws {
        try self.init(tree: FileTree(path: path), side: side)
    }

    /// Loads Omniglot from a file tree, decoding the PNGs on all cores.
    public init(tree: FileTree, side: Int = 28) throws {
        let root = tree.unwrappingSingleFolder()
        guard !root.files.isEmpty else { throw DataError.emptySource(tree.location) }
        let layout = try OmniglotLayout(root)
        let budget = DatasetBudget(source: tree.location)
        let decoded = try root.decodeAll(layout.paths) { bytes, name in
            let image = try GreyImage(pngBytes: bytes, name: name).areaResized(side: side)
            try budget.charge(pixels: image.pixels.count)
            return image
        }
        var images: [[GreyImage]] = []
        var start = 0
        for count in layout.imageCounts {
            images.append(Array(decoded[start..<start + count]))
            start += count
        }
        alphabets = layout.alphabets
        characters = layout.characters
        self.side = side
        self.images = images
    }

    // MARK: ClassDataset (documented on the protocol)

    public var classCount: Int { characters.count }
    public func imageCount(ofClass classID: Int) -> Int { images[classID].count }
    public func image(ofClass classID: Int, at index: Int) -> GreyImage { images[classID][index] }

    public func className(_ classID: Int) -> String {
        let character = characters[classID]
        return alphabets[character.alphabet] + "/" + character.name
    }

    public var classGroups: [[Int]] {
        var groups = [[Int]](repeating: [], count: alphabets.count)
        for (id, character) in characters.enumerated() { groups[character.alphabet].append(id) }
        return groups
    }

    /// The total number of images.
    public var imageCount: Int { images.reduce(0) { $0 + $1.count } }
}

/// The files of an Omniglot tree sorted into alphabets and characters.
private struct OmniglotLayout {
    var alphabets: [String] = []
    var characters: [(alphabet: Int, name: String)] = []
    var imageCounts: [Int] = []
    /// Image paths, class by class.
    var paths: [String] = []

    static let expected = "alphabet/characterNN/NNNN_DD.png"

    init(_ tree: FileTree) throws {
        for path in tree.files {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if parts.count == 1 && !path.lowercased().hasSuffix(".png") { continue } // LICENSE, README
            guard parts.count == 3, path.lowercased().hasSuffix(".png"), !parts.contains(where: \.isEmpty) else {
                throw DataError.unexpectedLayout(source: tree.location, expected: Self.expected, found: tree.pathFromRoot(path))
            }
            if alphabets.last != parts[0] { alphabets.append(parts[0]) }
            let alphabet = alphabets.count - 1
            if characters.last?.alphabet != alphabet || characters.last?.name != parts[1] {
                characters.append((alphabet, parts[1]))
                imageCounts.append(0)
            }
            imageCounts[imageCounts.count - 1] += 1
            paths.append(path)
        }
        guard !paths.isEmpty else { throw DataError.emptySource(tree.location) }
    }
}
