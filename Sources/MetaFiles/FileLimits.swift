/// The memory budget of MetaLab's readers: no reader allocates more than this for one file,
/// whatever sizes the file claims. Each limit is far above any real input (the whole MNIST
/// training set is 47 MB, the Omniglot background zip 9 MB, a lesson a few KB).
public enum FileLimits {
    /// The most bytes any one file (or one archive entry, or one decompressed stream) may hold.
    public static let maxFileBytes = 256 << 20
    /// The most bytes of decoded images one dataset may hold (the Omniglot background set at
    /// 28 × 28 takes 60 MB).
    public static let maxDatasetBytes = 1 << 30
    /// The most bytes of a lesson file: lessons are prose and commands.
    public static let maxLessonBytes = 4 << 20
    /// The most pixels of one decoded image (4096 × 4096).
    public static let maxImagePixels = 1 << 24
    /// How deep a folder tree may nest before the walk stops (deeper trees are loops or mistakes).
    public static let maxFolderDepth = 32
    /// The most files a folder tree may list.
    public static let maxFolderFiles = 1 << 20

    /// A byte count for messages: `512 bytes`, `3.2 MB`, `256 MB`.
    public static func describe(bytes: Int) -> String {
        if bytes < 10_000 { return "\(bytes) bytes" }
        let megabytes = Double(bytes) / Double(1 << 20)
        if megabytes < 1 { return "\(bytes / 1024) KB" }
        if megabytes < 10 {
            let tenths = (megabytes * 10).rounded() / 10
            return tenths == tenths.rounded() ? "\(Int(tenths)) MB" : "\(tenths) MB"
        }
        return "\(Int(megabytes.rounded())) MB"
    }
}
