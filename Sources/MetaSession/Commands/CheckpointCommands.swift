import Foundation
import MetaTensor
import MetaNN
import MetaData
import MetaLesson

/// `save model|filters` and `load model`: weights as safetensors files (written atomically,
/// with what is needed to rebuild the learner in the metadata), filters as PNG figures.
enum CheckpointCommands {
    /// `save model|filters`.
    static func save(_ arguments: CheckpointArguments, _ context: inout SessionContext) throws {
        switch arguments.target {
        case .filters: try FigureCommands.saveFilters(arguments, &context)
        case .model: try saveModel(arguments, &context)
        }
    }

    private static func saveModel(_ arguments: CheckpointArguments, _ context: inout SessionContext) throws {
        let (result, learner) = try context.learner(arguments.of)
        guard !result.diverged else { throw SessionError.divergedResult(name: result.name) }
        guard let setup = result.setup, let shape = result.shape, let algorithm = result.algorithm else {
            throw SessionError.unsupported("'\(result.name)' cannot be saved: it was not trained in this session")
        }
        let checkpoint = learner.checkpoint
        guard checkpoint.tensors.allSatisfy({ $0.scalars.allSatisfy(\.isFinite) }) else {
            throw SessionError.divergedResult(name: result.name)
        }
        var file = arguments.file
        if (file as NSString).pathExtension.isEmpty { file += ".safetensors" }
        let path = try context.outputPath(file)
        var metadata = ["format": "pt", "metalab.algorithm": algorithm.name, "metalab.kind": setup.kind.rawValue,
                        "metalab.ways": String(shape.ways), "metalab.shots": String(shape.shots),
                        "metalab.queries": String(shape.queries)]
        if setup.trainingClasses > 0 { metadata["metalab.training-classes"] = String(setup.trainingClasses) }
        switch setup.network {
        case let .conv4(channels, blocks):
            metadata["metalab.network"] = "conv4"
            metadata["metalab.channels"] = String(channels)
            metadata["metalab.blocks"] = String(blocks)
        case let .mlp(hidden):
            metadata["metalab.network"] = "mlp"
            metadata["metalab.hidden"] = hidden.map(String.init).joined(separator: ",")
        }
        let hyper = setup.hyper
        metadata["metalab.inner-lr"] = String(hyper.innerLearningRate)
        metadata["metalab.outer-lr"] = String(hyper.outerLearningRate)
        metadata["metalab.inner-steps"] = String(hyper.innerSteps)
        metadata["metalab.meta-batch"] = String(hyper.metaBatch)
        if let test = hyper.testSteps { metadata["metalab.test-steps"] = String(test) }
        // Batch norm's running averages go under PyTorch's buffer names beside the weights.
        let running = learner.report.running?.tensors ?? []
        try Safetensors(tensors: zip(checkpoint.names, checkpoint.tensors).map { ($0, $1) } + running, metadata: metadata).save(to: path)
        context.wrote(path, what: "\(checkpoint.scalarCount) weights of '\(result.name)'")
    }

    static func load(_ arguments: CheckpointArguments, _ context: inout SessionContext) throws {
        let given = arguments.file
        let inOutput = OutputFolder.path(given, in: context.state.settings.outputFolder)
        let path = FileManager.default.fileExists(atPath: given) || !FileManager.default.fileExists(atPath: inOutput) ? given : inOutput
        let file = try Safetensors.load(from: path)
        let meta = file.metadata
        func field(_ key: String) throws(SessionError) -> String {
            guard let value = meta["metalab." + key] else {
                throw .incompatibleCheckpoint(path: path, reason: "it was not written by 'save model' (no metalab.\(key) in its metadata)")
            }
            return value
        }
        func number(_ key: String) throws(SessionError) -> Int {
            guard let value = Int(try field(key)), value > 0, value <= 4096 else {
                throw .incompatibleCheckpoint(path: path, reason: "metalab.\(key) is not a sensible number")
            }
            return value
        }
        let algorithm = try context.algorithm(try field("algorithm"))
        let kind = TaskKind(rawValue: try field("kind")) ?? .classification
        let network: NetworkChoice = try field("network") == "conv4"
            ? .conv4(channels: min(try number("channels"), 256), blocks: min(try number("blocks"), 4))
            : .mlp(hidden: try field("hidden").split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 && $0 <= 4096 })
        let hyper = algorithm.defaults(kind).with { hyper in
            hyper.innerLearningRate = Double(meta["metalab.inner-lr"] ?? "") ?? hyper.innerLearningRate
            hyper.outerLearningRate = Double(meta["metalab.outer-lr"] ?? "") ?? hyper.outerLearningRate
            hyper.innerSteps = Int(meta["metalab.inner-steps"] ?? "").map { min(max($0, 0), 100) } ?? hyper.innerSteps
            hyper.testSteps = Int(meta["metalab.test-steps"] ?? "").map { min(max($0, 0), 100) } ?? hyper.testSteps
        }
        let shape = EpisodeShape(ways: min(try number("ways"), 50), shots: min(try number("shots"), 50), queries: min(try number("queries"), 100))
        let classes = Int(meta["metalab.training-classes"] ?? "").map { min(max($0, 0), 100_000) } ?? 0
        let setup = LearnerSetup(kind: kind, network: network, ways: shape.ways, hyper: hyper, trainingClasses: classes)
        var generator = SeededGenerator(seed: 0)
        var learner = algorithm.make(setup, &generator)
        let expected = learner.checkpoint
        let loaded = try expected.names.map { name throws(SessionError) -> Tensor in
            guard let tensor = file[name] else { throw .incompatibleCheckpoint(path: path, reason: "it has no tensor \(name)") }
            guard tensor.shape == expected[name].shape else {
                throw .incompatibleCheckpoint(path: path, reason: "\(name) is \(tensor.shape), the model needs \(expected[name].shape)")
            }
            return tensor
        }
        learner.restore(expected.with(tensors: loaded))
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let name = try context.resultName(arguments.name, default: ResultStore.isValidName(stem) ? stem : algorithm.name)
        var values = ResultGroup()
        values.set("algorithm", text: algorithm.name)
        values.set("model", text: network.command)
        values.set("loaded", text: path)
        values.set("ways", Double(shape.ways))
        values.set("shots", Double(shape.shots))
        context.state.results.put(SessionResult(name: name, algorithm: algorithm, learner: learner, setup: setup,
                                                shape: shape, values: values))
        context.console.line("loaded '\(name)': \(algorithm.title), \(setup.model.summary), \(expected.scalarCount) weights from \(path)")
    }
}
