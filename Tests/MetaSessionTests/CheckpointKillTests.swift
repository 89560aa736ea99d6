import Testing
import Foundation
import MetaNN

/// Kills a real `metalab` process with SIGKILL while it is writing a checkpoint over an older
/// one, and checks that the old file is still there, byte for byte, and still loads.
@Suite(.serialized) struct CheckpointKillTests {
    private let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("metalab")

    /// Starts `metalab` reading `commands` from a pipe, in `folder`.
    private func start(_ commands: String, in folder: URL) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.currentDirectoryURL = folder
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(commands.utf8))
        try input.fileHandleForWriting.close()
        return process
    }

    /// Temporary files the atomic save left beside `name` in `folder`.
    private func temporaries(of name: String, in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix(".\(name).") && $0.hasSuffix(".tmp") }
    }

    /// Commands that train a wide Conv-4 (7 MB of weights, so a write takes a while) and save it
    /// `times` times over `path`.
    private func trainAndSave(seed: Int, to path: String, times: Int) -> String {
        "seed \(seed)\nmodel conv4 channels=256\ntrain protonet iterations=1 episodes=1 as=p\n"
            + String(repeating: "save model of=p to=\(path)\n", count: times)
    }

    @Test func killedCheckpointWriteLeavesTheOldFileIntact() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("metalab-kill-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let name = "model.safetensors"
        let path = folder.appendingPathComponent(name).path

        let first = try start(trainAndSave(seed: 1, to: path, times: 1), in: folder)
        first.waitUntilExit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count > 7_000_000)

        // Each trial kills the writer the moment its temporary file appears: the write, the
        // fsync or the rename is then under way. A trial counts when the kill landed before the
        // rename (the temporary is still there); the file must always be a whole checkpoint.
        var killedMidway = 0
        for _ in 0..<10 where killedMidway < 3 {
            for stale in temporaries(of: name, in: folder) { try FileManager.default.removeItem(atPath: folder.appendingPathComponent(stale).path) }
            let old = try Data(contentsOf: URL(fileURLWithPath: path))
            let writer = try start(trainAndSave(seed: 2, to: path, times: 200), in: folder)
            let deadline = Date().addingTimeInterval(60)
            while temporaries(of: name, in: folder).isEmpty, writer.isRunning, Date() < deadline { usleep(200) }
            kill(writer.processIdentifier, SIGKILL)
            writer.waitUntilExit()
            #expect(writer.terminationReason == .uncaughtSignal)

            let now = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(throws: Never.self) { try Safetensors.load(from: path) }
            if !temporaries(of: name, in: folder).isEmpty && now == old {
                killedMidway += 1
            } else if now != old {
                #expect(now.count == old.count, "a checkpoint that is neither the old one nor a whole new one")
            }
        }
        #expect(killedMidway > 0, "no trial caught the writer before its rename")

        // The next save clears what a killed writer left behind.
        let cleaner = try start(trainAndSave(seed: 3, to: path, times: 1), in: folder)
        cleaner.waitUntilExit()
        #expect(temporaries(of: name, in: folder).isEmpty)
        #expect(throws: Never.self) { try Safetensors.load(from: path) }
    }
}
