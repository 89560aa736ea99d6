import CPNG
import Foundation
import MetaFiles

/// Why a PNG file could not be written.
public enum PNGWriteError: Error, CustomStringConvertible, Equatable {
    /// The folder the file should go in does not exist (MetaPlot does not create it).
    case missingFolder(path: String, folder: String)
    /// The file or its folder may not be written (permissions, read-only file system, a folder in the way).
    case notWritable(path: String, reason: String)
    /// The disk or quota is full.
    case diskFull(path: String)
    /// Anything else libpng or the C library reported.
    case failed(path: String, reason: String)

    /// A one-line message naming the file and the reason.
    public var description: String {
        switch self {
        case let .missingFolder(path, folder):
            return "cannot write \(path): the folder \(folder) does not exist (create it first)"
        case let .notWritable(path, reason):
            return "cannot write \(path): \(reason)"
        case let .diskFull(path):
            return "cannot write \(path): the disk is full"
        case let .failed(path, reason):
            return "cannot write \(path): \(reason)"
        }
    }
}

extension Canvas {
    /// Writes the canvas as an 8-bit RGBA PNG file, replacing any file at `path` atomically:
    /// the PNG is encoded in memory and written through `AtomicFile`, so a failed write (a full
    /// disk, a read-only folder) leaves the previous file whole and no temporary file behind.
    public func writePNG(to path: String) throws(PNGWriteError) {
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            throw .missingFolder(path: path, folder: folder)
        }
        if !folder.isEmpty, !isFolder.boolValue {
            throw .notWritable(path: path, reason: "\(folder) is not a folder")
        }
        var encoded: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = pixels.withUnsafeBufferPointer { buffer in
            metalab_png_encode_memory(buffer.baseAddress, UInt32(width), UInt32(height), 4, &encoded, &size, &message, message.count)
        }
        guard status == 0, let encoded else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw .failed(path: path, reason: reason.isEmpty ? "unknown error" : reason)
        }
        defer { free(encoded) }
        do { try AtomicFile.write(Array(UnsafeBufferPointer(start: encoded, count: size)), to: path) } catch {
            switch error {
            case .diskFull(_, let reason) where reason == "the disk is full": throw .diskFull(path: path)
            case .notWritable(_, let reason): throw .notWritable(path: path, reason: reason)
            default: throw .failed(path: path, reason: error.reason)
            }
        }
    }
}
