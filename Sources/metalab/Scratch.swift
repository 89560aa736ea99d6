import MetaTensor
import MetaNN
import MetaData
import MetaLearn
import Foundation
enum Scratch {
    static func run(_ args: [String]) throws {
        let algo = args.first ?? "maml"
        let seconds = Double(args.dropFirst().first ?? "60")!
        let batch = Int(args.dropFirst(2).first ?? "4")!
        let lr = Float(args.dropFirst(3).first ?? "0.4")!
        let train = try EpisodeSampler(dataset: GlyphDataset(seed: 1, split: .train), shape: EpisodeShape(ways: 5, shots: 1, queries: 15))
        let test = try EpisodeSampler(dataset: GlyphDataset(seed: 1, split: .test), shape: EpisodeShape(ways: 5, shots: 1, queries: 15))
        var gen = SeededGenerator(seed: 7)
        let model = Conv4(.init(channels: 64, classes: 5))
        let schedule = MetaTrainingSchedule(iterations: 100000, metaBatch: batch, timeLimit: seconds)
        let hooks = TrainingHooks(report: { p, _ in if p.iteration % 50 == 0 { print(p.iteration, p.loss, p.accuracy ?? -1, String(format: "%.1fs", p.seconds)) } })
        var evalGen = SeededGenerator(seed: 99)
        switch algo {
        case "maml", "fomaml", "anil":
            var l = MAML<ClassificationTask>(model: model, configuration: .init(innerSteps: 1, testInnerSteps: 3, innerLearningRate: lr, firstOrder: algo == "fomaml", headOnly: algo == "anil"), using: &gen)
            try l.train(schedule: schedule, tasks: train.taskSampler, hooks: hooks, using: &gen)
            print(algo, l.evaluate(tasks: test.taskSampler, count: 300, using: &evalGen))
        case "metasgd":
            var l = MetaSGD<ClassificationTask>(model: model, configuration: .init(initialRates: (lr/2)...lr), using: &gen)
            try l.train(schedule: schedule, tasks: train.taskSampler, hooks: hooks, using: &gen)
            print(algo, l.evaluate(tasks: test.taskSampler, count: 300, using: &evalGen))
        case "reptile":
            var l = Reptile<ClassificationTask>(model: model, configuration: .init(innerSteps: 5, testInnerSteps: 10, innerLearningRate: lr), using: &gen)
            try l.train(schedule: schedule, tasks: train.taskSampler, hooks: hooks, using: &gen)
            print(algo, l.evaluate(tasks: test.taskSampler, count: 300, using: &evalGen))
        case "step":
            ComputeThreads.set(1)
            let b = BenchmarkSuite.all.first { $0.name == "conv4_fwd_bwd" }!
            print(b.measure(threads: 1, warmups: 0, repeats: Int(args.dropFirst().first ?? "2")!).json)
        case "sines-pretrain":
            // The baseline: one network trained on all tasks (no inner step in training), then one step at test.
            var l = MAML<RegressionTask>(model: MLP(), configuration: .init(innerSteps: 0, testInnerSteps: 1, innerLearningRate: 0.01), using: &gen)
            let s = SineTasks()
            let sampler: TaskSampler<RegressionTask> = { RegressionTask(s.sample(shots: 10, queries: 10, using: &$0)) }
            try l.train(schedule: .init(iterations: 100000, metaBatch: batch, timeLimit: seconds), tasks: sampler, using: &gen)
            print(algo, l.evaluate(tasks: sampler, count: 600, using: &evalGen))
        case "sines":
            var l = MAML<RegressionTask>(model: MLP(), configuration: .init(innerSteps: 1, innerLearningRate: 0.01), using: &gen)
            let s = SineTasks()
            let sampler: TaskSampler<RegressionTask> = { RegressionTask(s.sample(shots: 10, queries: 10, using: &$0)) }
            try l.train(schedule: .init(iterations: 100000, metaBatch: batch, timeLimit: seconds), tasks: sampler, hooks: TrainingHooks(report: { p, _ in if p.iteration % 2000 == 0 { print(p.iteration, p.loss, String(format: "%.1fs", p.seconds)) } }), using: &gen)
            print(algo, l.evaluate(tasks: sampler, count: 600, using: &evalGen))
        default: print("?")
        }
    }
}
