import MetaTensor
import Foundation
func now() -> Double { var t = timespec(); clock_gettime(CLOCK_MONOTONIC, &t); return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9 }
for (m, n, k) in [(512, 512, 512), (64, 15680, 576)] {
    let a = UnsafeMutablePointer<Float>.allocate(capacity: m * k); a.initialize(repeating: 0.5, count: m*k)
    let b = UnsafeMutablePointer<Float>.allocate(capacity: k * n); b.initialize(repeating: 0.25, count: k*n)
    let c = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
    for threads in [1, 2] {
        var best = 1e9
        for _ in 0..<10 {
            let t0 = now()
            gemm(m: m, n: n, k: k, a: MatrixOperand(a, ld: k), b: MatrixOperand(b, ld: n), c: c, ldc: n, accumulate: false, threads: threads)
            best = min(best, now() - t0)
        }
        print(m, n, k, threads, 2.0 * Double(m * n * k) / best / 1e9, "GFLOP/s", c[0], 0.5*0.25*Double(k))
    }
}
