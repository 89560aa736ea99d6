import Foundation
import Testing
@testable import MetaSession

/// When the disk says no: a checkpoint or a figure written to a failing destination leaves the
/// previous file whole and no temporary file behind, the message says which file and why, and
/// the session goes on. Oversized and odd lesson files get a message, not a hang or a crash.
@Suite(.serialized) struct DiskFailureTests {
    private let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("metalab")

    /// Runs `metalab` on `commands` in `folder`, with files limited to `fileLimitBlocks` 512-byte
    /// blocks when given (writes past it fail with EFBIG, as on a full disk); returns the exit
    /// status and standard error.
    private func metalab(_ commands: String, in folder: String, fileLimitBlocks: Int? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // SIGXFSZ is ignored so that the write fails with an error instead of killing the process.
        let limit = fileLimitBlocks.map { "ulimit -f \($0); trap '' XFSZ; " } ?? ""
        process.arguments = ["-c", limit + "exec \"$0\"", binary.path]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(commands.utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    private func temporaries(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".tmp") }
    }

    @Test func aFullDiskLeavesThePreviousCheckpointAndFigureWhole() throws {
        let folder = NSTemporaryDirectory() + "metalab-disk-full-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = folder + "/model.safetensors", figure = folder + "/figure.png"
        let train = "seed 1\nmodel conv4 channels=16\ntrain protonet iterations=1 episodes=1 as=p\n"
        let (status, _) = try metalab(train + "save model of=p to=\(model)\nplot sines to=\(figure)\n", in: folder)
        #expect(status == 0)
        let oldModel = try Data(contentsOf: URL(fileURLWithPath: model)), oldFigure = try Data(contentsOf: URL(fileURLWithPath: figure))
        #expect(oldModel.count > 4096 && oldFigure.count > 1024)

        // Files may now grow to 1 KB: both writes fail part-way through.
        let (saveStatus, saveErrors) = try metalab(train.replacingOccurrences(of: "seed 1", with: "seed 2") + "save model of=p to=\(model)\n",
                                                   in: folder, fileLimitBlocks: 2)
        #expect(saveStatus == 1)
        #expect(saveErrors.contains("cannot write \(model)") && saveErrors.contains("file size limit"), "\(saveErrors)")
        let (plotStatus, plotErrors) = try metalab("plot sines to=\(figure)\n", in: folder, fileLimitBlocks: 2)
        #expect(plotStatus == 1)
        #expect(plotErrors.contains("cannot write \(figure)") && plotErrors.contains("file size limit"), "\(plotErrors)")

        #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == oldModel)
        #expect(try Data(contentsOf: URL(fileURLWithPath: figure)) == oldFigure)
        #expect(temporaries(in: folder).isEmpty, "left behind: \(temporaries(in: folder))")
    }

    /// /dev/full refuses every write with ENOSPC, and nothing is created beside it; a checkpoint
    /// whose folder is a file fails before writing; after each, the next command runs.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full"))
    func writingToDevFullIsAClearErrorAndTheSessionGoesOn() throws {
        let harness = SessionHarness()
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: "/dev"))
        guard case let .failed(full) = harness.run("plot sines to=/dev/full").outcome else { Issue.record("wrote to /dev/full"); return }
        #expect(full.contains("/dev/full") && full.contains("disk is full"), "\(full)")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: "/dev")).subtracting(before).isEmpty)

        #expect(harness.run("model conv4 channels=8").outcome == .ok)
        #expect(harness.run("train protonet iterations=1 episodes=1 as=p").outcome == .ok)
        let plain = harness.folder + "/plain"
        FileManager.default.createFile(atPath: plain, contents: Data("not a folder".utf8))
        guard case let .failed(save) = harness.run("save model of=p to=\(plain)/model.safetensors").outcome else {
            Issue.record("saved into a file")
            return
        }
        #expect(save.contains(plain), "\(save)")
        #expect(try String(contentsOfFile: plain, encoding: .utf8) == "not a folder")
        #expect(harness.run("seed 7").outcome == .ok)
        #expect(harness.run("plot sines to=sines.png").outcome == .ok)
    }

    /// A 50 MB lesson is refused from its size, a pipe named like a lesson does not block, and a
    /// name that is not UTF-8 does not stop the listing.
    @Test func oversizedAndOddLessonFiles() throws {
        let lessons = NSTemporaryDirectory() + "metalab-odd-lessons-\(getpid())"
        try? FileManager.default.removeItem(atPath: lessons)
        try FileManager.default.createDirectory(atPath: lessons, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: lessons) }
        let big = lessons + "/01-big.md"
        let line = "# Big\n\n" + String(repeating: "A sentence of a lesson that goes on and on. ", count: 23) + "\n"
        FileManager.default.createFile(atPath: big, contents: Data(String(repeating: line, count: 50 * 1024 * 1024 / line.utf8.count).utf8))
        #expect(mkfifo(lessons + "/02-pipe.md", 0o644) == 0)
        let odd = Array((lessons + "/03-").utf8) + [0xFF, 0xFE] + Array(".md".utf8) + [0]
        let descriptor = odd.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT, 0o644) }
        if descriptor >= 0 { _ = write(descriptor, "# Odd\n\nText.\n", 13); close(descriptor) }

        let harness = SessionHarness(lessons: lessons)
        guard case let .failed(message) = harness.run("open 1").outcome else { Issue.record("a 50 MB lesson opened"); return }
        #expect(message.contains(big) && message.contains("more than the 4 MB accepted for a lesson file"), "\(message)")
        guard case let .failed(pipe) = harness.run("open 2").outcome else { Issue.record("a pipe opened as a lesson"); return }
        #expect(pipe.contains("02-pipe.md") && pipe.contains("named pipe"), "\(pipe)")
        #expect(harness.run("lessons").outcome == .ok)
        #expect(harness.run("seed 7").outcome == .ok)
    }
}
