import ArgumentParser
import Foundation
import MetaPlot

/// `metalab figures DIR`: one sample of every figure kind, to look at.
struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Write one sample of each figure kind as PNG files into a folder.")

    @Argument(help: "The folder to write into (created if needed).")
    var folder: String

    @Option(name: .long, help: "Pixel density: 2 for slides.")
    var scale = 1

    func validate() throws {
        guard (1...4).contains(scale) else { throw ValidationError("--scale must be between 1 and 4") }
    }

    func run() throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("cannot create the folder \(folder)")
        }
        do {
            for path in try writeSampleFigures(to: folder, scale: scale) { print("wrote \(path)") }
        } catch {
            throw ValidationError(error.description)
        }
    }
}
