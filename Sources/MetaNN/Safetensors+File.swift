import Foundation

extension Safetensors {
    /// Writes the file atomically: the bytes go to a temporary file in the same folder, which is
    /// then renamed over `path`, so an interrupted write leaves any old file intact. The folder
    /// must exist. Temporary files that a killed writer left beside `path` are removed.
    public func save(to path: String) throws(SafetensorsError) {
        let bytes = try encoded()
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw .cannotWrite(path: path, reason: "the folder \(folder) does not exist")
        }
        Self.removeAbandonedTemporaries(of: url)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: Self.lastSystemError()) }
        var written = 0
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while written < buffer.count {
                let result = write(descriptor, base + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = Self.lastSystemError()
                    return
                }
                written += result
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = Self.lastSystemError() }
        if close(descriptor) != 0, failure == nil { failure = Self.lastSystemError() }
        if failure == nil, rename(temporary, path) != 0 { failure = Self.lastSystemError() }
        if let failure {
            unlink(temporary)
            throw .cannotWrite(path: path, reason: failure)
        }
    }

    /// Deletes `.NAME.PID.RANDOM.tmp` files beside `url` whose writing process no longer exists
    /// (it was killed before it could rename or remove them). Best effort: failures are ignored.
    private static func removeAbandonedTemporaries(of url: URL) {
        let folder = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent)."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            let fields = name.dropFirst(prefix.count).dropLast(4).split(separator: ".")
            guard fields.count == 2, let pid = pid_t(fields[0]), UInt32(fields[1]) != nil else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder.appendingPathComponent(name).path) }
        }
    }

    /// Reads and validates the file at `path`; problems with the contents are reported as
    /// `.inFile(path, problem)`.
    public static func load(from path: String) throws(SafetensorsError) -> Safetensors {
        let bytes = try readBytes(path)
        do { return try decode(bytes) } catch { throw .inFile(path: path, error) }
    }

    private static func readBytes(_ path: String) throws(SafetensorsError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .cannotRead(path: path, reason: lastSystemError()) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path: path, reason: lastSystemError())
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    private static func lastSystemError() -> String { String(cString: strerror(errno)).lowercased() }
}
