import MetaTensor
import MetaLearn
enum Scratch {
    static func run() {
        ComputeThreads.set(1)
        var gen = SeededGenerator(seed: 1)
        let y = Tensor.normal([80, 64, 28, 28], using: &gen)
        func t(_ label: String, _ f: () -> Void) { var best = 1e9; for _ in 0..<7 { let t0 = monotonicSeconds(); f(); best = min(best, monotonicSeconds() - t0) }; print(label, best * 1000, "ms") }
        t("pool") { _ = y.maxPool2d(2) }
        let yv = y.variable()
        let p = yv.maxPool2d(2)
        let g = Tensor.normal(p.shape, using: &gen)
        t("pool bwd") { _ = gradients(of: p, seed: g, wrt: [yv]) }
        t("bn") { _ = y.batchNorm(scale: Tensor(repeating: 1, shape: [64]), shift: Tensor(zeros: [64])) }
        let bnOut = yv.batchNorm(scale: Tensor(repeating: 1, shape: [64]), shift: Tensor(zeros: [64]))
        t("bn bwd") { _ = gradients(of: bnOut, seed: y, wrt: [yv]) }
        t("relu") { _ = y.relu() }
        t("copy") { _ = y + Tensor(0) }
    }
}
