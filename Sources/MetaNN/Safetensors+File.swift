import Foundation

extension Safetensors {
    /// Writes the file atomically: the bytes go to a temporary file in the same folder, which is
    /// then renamed over `path`, so an interrupted write leaves any old file intact. The folder
    /// must exist.
    public func save(to path: String) throws(SafetensorsError) {
        let bytes = try encoded()
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw .cannotWrite(path: path, reason: "the folder \(folder) does not exist")
        }
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
