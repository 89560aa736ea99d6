import Foundation
import MetaTensor
import Testing
import MetaNN

/// A Python with PyTorch: `METALAB_TORCH_PYTHON`, else the peers' venv (`../shared/peers/setup.sh`).
private enum TorchPython {
    static let path = ProcessInfo.processInfo.environment["METALAB_TORCH_PYTHON"] ?? "/tmp/peers/bin/python"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/torch_eval_check.py").path
    static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: path) else { return false }
        return (try? run(["-c", "import torch"]).status) == 0
    }()
    static let needs = "needs PyTorch: run ../shared/peers/setup.sh (venv /tmp/peers) or set METALAB_TORCH_PYTHON"

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process(), pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}

/// A MetaLab checkpoint with running statistics loads into a PyTorch Conv-4 with
/// `load_state_dict(strict=True)`, and PyTorch in `eval()` mode computes the outputs MetaLab
/// computes when it normalises with the running statistics.
@Suite(.enabled(if: TorchPython.available, Comment(rawValue: TorchPython.needs)))
struct PyTorchEvalTests {
    @Test func pytorchEvalModeReproducesRunningStatisticsOutputs() throws {
        let network = Conv4(.init(classes: 5))
        var generator = SeededGenerator(seed: 21)
        let weights = network.initialParameters(using: &generator)
        var running = RunningStatistics(for: network)
        for _ in 0..<4 {
            let batch = Tensor.uniform([10, 1, 28, 28], low: 0, high: 1, using: &generator)
            running.update(with: network.batchStatistics(of: batch, parameters: weights))
        }
        let images = Tensor.uniform([6, 1, 28, 28], low: 0, high: 1, using: &generator)
        let expected = network(images, parameters: weights, normalisation: .given(running.statistics))

        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("torch-eval-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let checkpoint = (folder as NSString).appendingPathComponent("conv4.safetensors")
        let probe = (folder as NSString).appendingPathComponent("probe.safetensors")
        try Safetensors(tensors: zip(weights.names, weights.tensors).map { ($0, $1) } + running.tensors, metadata: ["format": "pt"])
            .save(to: checkpoint)
        try Safetensors(tensors: [("images", images), ("expected", expected)]).save(to: probe)
        let (status, output) = try TorchPython.run([TorchPython.script, checkpoint, probe])
        #expect(status == 0, "\(output)")
    }
}
