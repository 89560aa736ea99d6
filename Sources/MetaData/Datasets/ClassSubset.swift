/// Some classes of a dataset, renumbered `0..<classes.count` (a train, validation or test
/// split). Groups keep those of their classes that are in the subset.
public struct ClassSubset: ClassDataset {
    /// The whole dataset.
    public let base: any ClassDataset
    /// The base dataset's ids of the chosen classes; class `i` here is `classes[i]` there.
    public let classes: [Int]
    /// The base dataset's groups restricted to the subset (empty groups dropped), renumbered.
    public let classGroups: [[Int]]

    /// The classes `classes` of `base`, in that order.
    public init(_ base: any ClassDataset, classes: [Int]) {
        precondition(classes.allSatisfy { (0..<base.classCount).contains($0) }, "class ids outside 0..<\(base.classCount)")
        self.base = base
        self.classes = classes
        var position: [Int: Int] = [:]
        for (index, id) in classes.enumerated() { position[id] = index }
        classGroups = base.classGroups.map { group in group.compactMap { position[$0] } }.filter { !$0.isEmpty }
    }

    // MARK: ClassDataset (documented on the protocol)

    public var classCount: Int { classes.count }
    public func imageCount(ofClass classID: Int) -> Int { base.imageCount(ofClass: classes[classID]) }
    public func image(ofClass classID: Int, at index: Int) -> GreyImage { base.image(ofClass: classes[classID], at: index) }
    public func className(_ classID: Int) -> String { base.className(classes[classID]) }
}
