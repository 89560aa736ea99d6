/// One file (or folder) listed in a zip archive's central directory.
public struct ZipEntry: Sendable, Equatable {
    /// The path inside the archive, `/`-separated; folders end with `/`.
    public let name: String
    /// 0 = stored, 8 = deflated.
    public let method: Int
    /// General-purpose flags (bit 0: encrypted).
    public let flags: Int
    /// CRC-32 of the uncompressed contents.
    public let crc32: UInt32
    /// Bytes of (possibly compressed) data.
    public let compressedSize: Int
    /// Bytes after decompression.
    public let uncompressedSize: Int
    /// Where the entry's local header starts.
    public let localHeaderOffset: Int

    /// Whether the entry is a folder rather than a file.
    public var isDirectory: Bool { name.hasSuffix("/") }
}
