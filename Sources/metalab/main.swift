import MetaLearn
import MetaTensor
ComputeThreads.set(1)
var gen = SeededGenerator(seed: 1)
for (c, s) in [(1, 28), (64, 14), (64, 7), (64, 3)] {
    let x = Tensor.normal([80, c, s, s], using: &gen), w = Tensor.normal([64, c, 3, 3], using: &gen)
    let y = x.conv2d(w, padding: 1)
    func t(_ f: () -> Void) -> Double { var best = 1e9; for _ in 0..<5 { let t0 = monotonicSeconds(); f(); best = min(best, monotonicSeconds() - t0) }; return best * 1000 }
    let flops = 2.0 * Double(80 * 64 * c * 9 * s * s) / 1e9
    let f = t { _ = x.conv2d(w, padding: 1) }
    let bi = t { _ = y.conv2dBackwardInput(w, inputShape: x.shape, stride: 1, padding: 1) }
    let bw = t { _ = x.conv2dBackwardWeight(y, weightShape: w.shape, stride: 1, padding: 1) }
    let bn = t { _ = y.batchNorm(scale: Tensor(repeating: 1, shape: [64]), shift: Tensor(zeros: [64])) }
    let mp = t { _ = y.maxPool2d(2) }
    print("layer c=\(c) s=\(s): fwd \(f) ms (\(flops / f * 1000) GF/s)  bwdIn \(bi) ms  bwdW \(bw) ms (\(flops / bw * 1000) GF/s) bn \(bn) pool \(mp)")
}
for b in BenchmarkSuite.all.suffix(1) { for t in b.threadCounts { print(b.measure(threads: t).json) } }
