import MetaFiles

/// Whether `bytes` start with gzip's magic number.
func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B }

/// The decompressed contents of a gzip file (its first member), at most `limit` bytes; `name`
/// names the file in errors. The output grows with what is actually inflated, never with the
/// size the trailer claims.
func gunzip(_ bytes: [UInt8], name: String, limit: Int = FileLimits.maxFileBytes) throws(DataError) -> [UInt8] {
    switch inflateBounded(bytes[...], windowBits: 31, limit: limit) {
    case .complete(let output):
        return output
    case .overLimit:
        throw .overBudget(source: name, needed: "more than \(FileLimits.describe(bytes: limit)) when decompressed",
                          limit: FileLimits.describe(bytes: limit))
    case .truncated(let produced):
        throw .unreadableFile(path: name, reason: "the gzip data ends early (truncated after \(produced) decompressed bytes)")
    case .corrupt(let reason):
        throw .unreadableFile(path: name, reason: "corrupt gzip data: \(reason)")
    }
}
