import ArgumentParser
import Foundation
import MetaPlot
import MetaSession

/// `metalab figures DIR`: one sample of every figure kind, to look at; `metalab figures
/// --assets`: the figures the README and the lessons show on GitHub, written into `assets/`.
struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Write one sample of each figure kind as PNG files into a folder, or (--assets) the README's and lessons' figures.")

    @Argument(help: "The folder to write into (created if needed; default with --assets: assets).")
    var folder: String?

    @Option(name: .long, help: "Pixel density: 2 for slides.")
    var scale = 1

    @Flag(name: .long, help: "Write the curated figures the README and the lessons link to, from fixed seeds.")
    var assets = false

    func validate() throws {
        guard (1...4).contains(scale) else { throw ValidationError("--scale must be between 1 and 4") }
        guard assets || folder != nil else { throw ValidationError("name a folder, or pass --assets") }
        guard !(assets && scale != 1) else { throw ValidationError("--assets writes the figures at scale 1") }
    }

    func run() throws {
        let folder = self.folder ?? "assets"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("cannot create the folder \(folder)")
        }
        if assets {
            let failure = AssetFigures.write(into: folder, output: { FileHandle.standardOutput.write(Data($0.utf8)) },
                                             errorOutput: { FileHandle.standardError.write(Data($0.utf8)) })
            if let failure { throw ValidationError("the asset script failed at '\(failure.line)'") }
            return
        }
        do {
            for path in try writeSampleFigures(to: folder, scale: scale) { print("wrote \(path)") }
        } catch {
            throw ValidationError(error.description)
        }
    }
}
