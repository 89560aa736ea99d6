/// Everything a user can get wrong when loading data or asking for episodes: a missing path, a
/// folder or archive with another layout, a corrupt image, too few classes or images.
///
/// Each case carries where the problem is (file, class name) and the counts involved; the
/// text is rendered in one place, `description`.
public enum DataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Nothing exists at the path.
    case missingPath(String)
    /// The folder or archive holds no usable files.
    case emptySource(String)
    /// A file exists but could not be read.
    case unreadableFile(path: String, reason: String)
    /// A PNG could not be decoded.
    case badPNG(name: String, reason: String)
    /// A zip archive is malformed or uses a feature this reader does not support.
    case badArchive(path: String, ZipError)
    /// The files are not laid out as expected.
    case unexpectedLayout(source: String, expected: String, found: String)
    /// Images of one dataset must share a size.
    case imageSizeMismatch(name: String, expected: String, found: String)
    /// A class has fewer images than an episode needs from it.
    case notEnoughImages(className: String, needed: Int, found: Int)
    /// Fewer classes (or classes in one group) than an episode has ways.
    case notEnoughClasses(needed: Int, found: Int, context: String)
    /// An episode or split setting is out of range.
    case invalidSetting(name: String, value: String, expected: String)
    /// A line of an answer key (`class_labels.txt`) could not be understood.
    case badAnswerKey(file: String, line: Int, reason: String)
    /// An IDX file (MNIST's format) is malformed or does not match its partner file.
    case badIDX(file: String, reason: String)
    /// A file or folder name in a tree is not valid UTF-8 (shown with invalid bytes replaced).
    case badFileName(folder: String, name: String)
    /// Loading would take more memory than the budget allows.
    case overBudget(source: String, needed: String, limit: String)

    /// The error as one line of text: what was expected, and where.
    public var description: String {
        switch self {
        case .missingPath(let path):
            return "no file or folder at \(path)"
        case .emptySource(let path):
            return "\(path) holds no image files"
        case .unreadableFile(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .badPNG(let name, let reason):
            return "\(name) is not a readable PNG: \(reason)"
        case .badArchive(let path, let error):
            return "\(path) is not a readable zip archive: \(error)"
        case .unexpectedLayout(let source, let expected, let found):
            return "\(source) has an unexpected layout: expected \(expected), found \(found)"
        case .imageSizeMismatch(let name, let expected, let found):
            return "\(name) is \(found), but the other images are \(expected)"
        case .notEnoughImages(let className, let needed, let found):
            return "class \(className) has \(found) images, but an episode needs \(needed) (shots + queries)"
        case .notEnoughClasses(let needed, let found, let context):
            return "\(context) has \(found) classes, but an episode needs \(needed) (ways)"
        case .invalidSetting(let name, let value, let expected):
            return "\(name)=\(value) is out of range: expected \(expected)"
        case .badAnswerKey(let file, let line, let reason):
            return "\(file), line \(line): \(reason)"
        case .badIDX(let file, let reason):
            return "\(file) is not a readable IDX file: \(reason)"
        case .badFileName(let folder, let name):
            return "\(folder) holds a name that is not valid UTF-8: \(name)"
        case .overBudget(let source, let needed, let limit):
            return "\(source) needs \(needed), more than the \(limit) memory budget"
        }
    }
}
