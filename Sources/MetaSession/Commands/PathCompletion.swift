import Foundation

/// File-path candidates for tab completion: the entries of the folder named so far, folders
/// with a trailing `/`.
enum PathCompletion {
    static func candidates(_ partial: String, base: String) -> [String] {
        let folderPart = partial.contains("/") ? String(partial[...partial.lastIndex(of: "/")!]) : ""
        let folder = folderPart.isEmpty ? "." : folderPart
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { !$0.hasPrefix(".") }.sorted().prefix(200).map { name in
            var isFolder: ObjCBool = false
            let path = folderPart + name
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            return exists && isFolder.boolValue ? path + "/" : path
        }
    }
}
