import Foundation

/// Where files are written: relative paths land in the session's output folder, which is
/// created on demand and checked for writing before any long work starts.
enum OutputFolder {
    /// `file` resolved against `folder` (absolute paths and `./…` paths are kept).
    static func path(_ file: String, in folder: String) -> String {
        if file.hasPrefix("/") || file.hasPrefix("./") || file.hasPrefix("../") { return file }
        return (folder as NSString).appendingPathComponent(file)
    }

    /// Creates the folder that will hold `path` and checks it can be written.
    static func prepare(forFile path: String) throws(SessionError) {
        let folder = (path as NSString).deletingLastPathComponent
        try prepare(folder: folder.isEmpty ? "." : folder)
    }

    /// Creates `folder` (with its parents) and checks it can be written.
    static func prepare(folder: String) throws(SessionError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw .notWritable(folder: folder, reason: "a file of that name is in the way") }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .notWritable(folder: folder, reason: reason(error))
            }
        }
        guard access(folder, W_OK) == 0 else {
            throw .notWritable(folder: folder, reason: String(cString: strerror(errno)).lowercased())
        }
    }

    private static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(code))).lowercased()
        }
        return "it cannot be created"
    }
}
