import MetaFiles

/// The bytes of the regular file at `path`, within the memory budget for one file; problems
/// become `DataError`s naming the file (`missingPath` when nothing is there).
func readFile(_ path: String, purpose: String, limit: Int = FileLimits.maxFileBytes) throws(DataError) -> [UInt8] {
    do { return try BoundedFile.read(path, limit: limit, purpose: purpose) } catch {
        if case .missing = error { throw .missingPath(path) }
        throw .unreadableFile(path: path, reason: error.reason)
    }
}
