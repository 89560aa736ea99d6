/// A labelled image collection organised by class, as few-shot episodes need it: classes
/// numbered `0..<classCount`, each with its own images.
///
/// Classes may come in groups (Omniglot's alphabets) so that an episode can draw all its
/// classes from one group, as Lake's one-shot runs do.
public protocol ClassDataset: Sendable {
    /// The number of classes.
    var classCount: Int { get }
    /// The number of images of class `classID`.
    func imageCount(ofClass classID: Int) -> Int
    /// Image `index` of class `classID`.
    func image(ofClass classID: Int, at index: Int) -> GreyImage
    /// A readable name for class `classID` (e.g. `Balinese/character01`), for messages.
    func className(_ classID: Int) -> String
    /// Groups of class ids (e.g. one per alphabet); every class lies in exactly one group.
    var classGroups: [[Int]] { get }
}

extension ClassDataset {
    /// By default all classes form one group.
    public var classGroups: [[Int]] { [Array(0..<classCount)] }
}
