import Foundation

/// The figures in the top-level `assets/` folder, which the README and the lessons show to
/// someone reading them on GitHub: one fixed script of session commands with fixed seeds, so
/// `metalab figures --assets` writes the same small PNGs every time.
public enum AssetFigures {
    /// The commands, in order; each `to=FILE.png` names one asset.
    public static let script: [String] = [
        "data glyphs",
        "model conv4 channels=32",
        "episode ways=5 shots=1 queries=2 seed=3 to=glyph-episode.png",
        "train protonet ways=5 shots=1 queries=5 iterations=300 episodes=100 seed=1 as=proto",
        "plot embedding of=proto seed=2 to=protonet-embedding.png",
        "sweep protonet rate=outer lrs=0.0003,0.001,0.003,0.01 ways=5 shots=1 queries=5 iterations=200 episodes=100 seed=1 to=sweep-validation.png",
    ]

    /// The PNG files the script writes, in order.
    public static var files: [String] {
        script.compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("to=") }.map { String($0.dropFirst(3)) }
        }
    }

    /// Runs the script with figures written into `folder`; the first line that fails, if any.
    public static func write(into folder: String, output: @escaping (String) -> Void,
                             errorOutput: @escaping (String) -> Void) -> (line: String, outcome: LineOutcome)? {
        let session = Session(options: SessionOptions(lessonsFolder: "Lessons", outputFolder: folder, progressInterval: 0),
                              output: output, errorOutput: errorOutput)
        for (index, line) in script.enumerated() {
            let outcome = session.execute(line, lineNumber: index + 1)
            if outcome != .ok { return (line, outcome) }
        }
        return nil
    }
}
