import Testing
import MetaTensor
import MetaNN
import MetaData
@testable import MetaLearn

/// Proto-MAML checked by its defining properties: the head a task starts from is the one its
/// prototypes give, with no inner steps it is a Prototypical Network (same loss, same
/// meta-gradient, which reaches φ only through the prototypes), and adaptation lowers the support loss.
@Suite struct ProtoMAMLTests {
    let network = Conv4(.init(channels: 8, classes: 5))

    func learner(steps: Int = 1, alpha: Float = 0.01) -> ProtoMAML {
        var generator = SeededGenerator(seed: 1)
        return ProtoMAML(network: network, configuration: .init(innerSteps: steps, innerLearningRate: alpha), using: &generator)
    }

    func task(shots: Int = 2) throws -> ClassificationTask {
        try MetricFixtures.task(EpisodeShape(ways: 5, shots: shots, queries: 3), seed: 4)
    }

    @Test func metaParametersLeaveTheHeadOut() {
        let names = learner().metaParameters.names
        var generator = SeededGenerator(seed: 1)
        #expect(!names.contains { network.headNames.contains($0) })
        #expect(names.count == network.initialParameters(using: &generator).names.count - 2)
    }

    @Test func theHeadBeforeAdaptationIsTwiceThePrototypesWithMinusTheirSquaredNorms() throws {
        let learner = learner(), task = try task()
        let start = learner.initialisation(learner.metaParameters, for: task)
        let features = network.features(task.support, parameters: learner.metaParameters).scalars
        let size = network.featureCount
        for k in 0..<task.ways {
            let members = task.supportLabels.indices.filter { task.supportLabels[$0] == k }
            let prototype = (0..<size).map { d in members.map { features[$0 * size + d] }.reduce(0, +) / Float(members.count) }
            let weight = Array(start[network.headNames[0]].scalars[(k * size)..<((k + 1) * size)])
            let bias = start[network.headNames[1]].scalars[k]
            for d in 0..<size { #expect(abs(weight[d] - 2 * prototype[d]) < 1e-4 * max(1, abs(prototype[d]))) }
            let norm = MetricFixtures.dot(prototype, prototype)
            #expect(abs(bias + norm) < 1e-4 * max(1, norm))
        }
    }

    @Test func withoutInnerStepsItIsAPrototypicalNetwork() throws {
        let learner = learner(steps: 0), task = try task()
        let outcome = learner.outcome(on: task, metaParameters: learner.metaParameters)
        // The Prototypical Network's query loss on the same embeddings: logits −‖f − c_k‖²
        // differ from the prototype head's by −‖f‖², the same for every class of a query.
        let phi = learner.metaParameters.variables()
        let prototypes = PrototypicalNetwork.prototypes(network.features(task.support, parameters: phi), labels: task.supportLabels, ways: task.ways)
        let loss = (-network.features(task.query, parameters: phi).squaredDistances(to: prototypes)).crossEntropy(labels: task.queryLabels)
        let expected = gradients(of: loss, wrt: phi.tensors)
        #expect(abs(outcome.loss - loss.scalar) < 1e-4 * max(1, loss.scalar))
        let error = zip(outcome.gradients, expected).map { ($0 - $1).scalars.map { $0 * $0 }.reduce(0, +) }.reduce(0, +).squareRoot()
        let scale = expected.map { $0.scalars.map { $0 * $0 }.reduce(0, +) }.reduce(0, +).squareRoot()
        #expect(scale > 0 && error / scale < 1e-3)
    }

    @Test func adaptationLowersTheSupportLoss() throws {
        let learner = learner(), task = try task()
        let start = learner.initialisation(learner.metaParameters, for: task)
        let adapted = learner.adapted(to: task)
        let loss = { (parameters: Parameters) in task.supportLoss(network(task.support, parameters: parameters)).scalar }
        #expect(loss(adapted) < loss(start))
    }

    @Test func aMetaStepLowersTheQueryLossOfItsBatch() throws {
        var learner = learner(alpha: 0.1)
        let batch = try (0..<4).map { try MetricFixtures.task(EpisodeShape(ways: 5, shots: 1, queries: 3), seed: 10 + UInt64($0)) }
        let before = batch.map { learner.outcome(on: $0, metaParameters: learner.metaParameters).loss }.reduce(0, +)
        var adam: Adam? = Adam(learningRate: 1e-3)
        for iteration in 1...5 { _ = try learner.metaStep(on: batch, iteration: iteration, progress: 0, optimizer: &adam) }
        let after = batch.map { learner.outcome(on: $0, metaParameters: learner.metaParameters).loss }.reduce(0, +)
        #expect(after < before)
    }
}
