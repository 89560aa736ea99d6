/// A dataset with four times the classes: each class of `base` also appears turned by 90°,
/// 180° and 270°, each turn a class of its own (the usual Omniglot augmentation).
///
/// Class `4·c + r` is class `c` of `base` turned `r` quarter turns clockwise. A group of
/// `base` (an alphabet) becomes four groups, one per turn, since a turned alphabet is a new
/// script.
public struct RotatedClasses: ClassDataset {
    /// The unrotated dataset.
    public let base: any ClassDataset

    /// Adds the three rotations of every class of `base` as new classes.
    public init(_ base: any ClassDataset) { self.base = base }

    // MARK: ClassDataset (documented on the protocol)

    public var classCount: Int { base.classCount * 4 }
    public func imageCount(ofClass classID: Int) -> Int { base.imageCount(ofClass: classID / 4) }

    public func image(ofClass classID: Int, at index: Int) -> GreyImage {
        base.image(ofClass: classID / 4, at: index).rotated90(classID % 4)
    }

    public func className(_ classID: Int) -> String {
        let turn = classID % 4
        return base.className(classID / 4) + (turn == 0 ? "" : " ↻\(turn * 90)°")
    }

    public var classGroups: [[Int]] {
        base.classGroups.flatMap { group in (0..<4).map { turn in group.map { $0 * 4 + turn } } }
    }
}
