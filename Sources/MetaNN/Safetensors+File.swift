import Foundation
import MetaFiles

extension Safetensors {
    /// Writes the file atomically (`AtomicFile`): the bytes go to a temporary file in the same
    /// folder, which is then renamed over `path`, so a failed or interrupted write leaves any old
    /// file intact. The folder must exist. Temporary files that a killed writer left beside
    /// `path` are removed.
    public func save(to path: String) throws(SafetensorsError) {
        let bytes = try encoded()
        do { try AtomicFile.write(bytes, to: path) } catch { throw .cannotWrite(path: path, reason: error.reason) }
    }

    /// Reads and validates the file at `path`; problems with the contents are reported as
    /// `.inFile(path, problem)`.
    public static func load(from path: String) throws(SafetensorsError) -> Safetensors {
        let bytes = try readBytes(path)
        do { return try decode(bytes) } catch { throw .inFile(path: path, error) }
    }

    /// The file's bytes, within the memory budget for one file.
    private static func readBytes(_ path: String) throws(SafetensorsError) -> [UInt8] {
        do { return try BoundedFile.read(path, purpose: "a checkpoint") } catch {
            throw .cannotRead(path: path, reason: error.reason)
        }
    }
}
