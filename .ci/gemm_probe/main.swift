// GEMM probe: gemm_conv2 (M 64, K 576, N 15,680) and gemm_512 at 1 thread, best of N runs in
// thread CPU time (robust to other processes), as a percentage of the FMA peak measured by
// `MachineInfo.fmaPeak`, plus a 64×192×576 product whose B stays in cache (the shape of a
// convolution's im2col group). A second argument `diag` adds the micro-kernel's ceiling (A
// packed in advance, B in cache), the time to read gemm_conv2's B once, and the engine's other
// GEMM shapes (convolution gradients, linear layers, transposed operands). Build and run from
// the package root (the kernels import the C module CKernels: its objects and a module map):
//   mkdir -p /tmp/ck && printf 'module CKernels {\n header "%s/Sources/CKernels/include/CKernels.h"\n export *\n}\n' "$PWD" > /tmp/ck/module.modulemap
//   for f in transpose spin; do clang -O3 -march=native -I Sources/CKernels/include -c Sources/CKernels/$f.c -o /tmp/ck/$f.o; done
//   swiftc -O -target-cpu native -module-name Probe -I /tmp/ck Sources/MetaTensor/Kernels/{Gemm,GemmPacking,BufferPool,Parallel,MachineInfo}.swift .ci/gemm_probe/main.swift /tmp/ck/*.o -o /tmp/gemm_probe && /tmp/gemm_probe 10 [diag]
// (`perf stat -e cycles:u` is not available in this VM and valgrind has no AVX-512; `perf record
// -e cpu-clock` and `perf annotate` work.)
import Foundation
ComputeThreads.set(1)
let peak = MachineInfo.fmaPeak()
print("cpu:", MachineInfo.cpuModel, " vector bits:", MachineInfo.vectorBits)
print(String(format: "fma peak: %.1f GFLOP/s", peak))
/// Matrices come from the engine's buffer pool, as a tensor's storage does (huge pages from 2 MB).
func matrix(_ count: Int) -> UnsafeMutablePointer<Float> { takeScratch(count) }
func run(_ name: String, m: Int, n: Int, k: Int, repeats: Int) {
    let a = matrix(m * k), b = matrix(k * n), c = matrix(m * n)
    for i in 0..<(m * k) { a[i] = Float((i * 7919) % 1000) / 1000 - 0.5 }
    for i in 0..<(k * n) { b[i] = Float((i * 104729) % 1000) / 1000 - 0.5 }
    var best = Double.infinity
    for _ in 0..<repeats {
        let t0 = threadCPUSeconds()
        gemm(m: m, n: n, k: k, a: MatrixOperand(a, ld: k), b: MatrixOperand(b, ld: n), c: c, ldc: n, accumulate: false, threads: 1)
        best = min(best, threadCPUSeconds() - t0)
    }
    // check against direct loops on a few entries
    var maxErr: Float = 0
    for (i, j) in [(0, 0), (m - 1, n - 1), (m / 2, n / 3), (7, 47), (8, 48)] {
        var s: Double = 0
        for p in 0..<k { s += Double(a[i * k + p]) * Double(b[p * n + j]) }
        maxErr = max(maxErr, Swift.abs(Float(s) - c[i * n + j]))
    }
    let gf = 2 * Double(m * n * k) / best / 1e9
    print(String(format: "%@: %.1f GFLOP/s (%.0f%% of peak), best %.2f ms, err %.2g", name, gf, 100 * gf / peak, best * 1e3, maxErr))
}
let reps = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 15
run("gemm_conv2", m: 64, n: 15680, k: 576, repeats: reps)
run("gemm_512", m: 512, n: 512, k: 512, repeats: reps)
do {
    let (m, n, k) = (64, 192, 576)
    let a = UnsafeMutablePointer<Float>.allocate(capacity: m * k), b = UnsafeMutablePointer<Float>.allocate(capacity: k * n)
    let c = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
    a.initialize(repeating: 0.5, count: m * k); b.initialize(repeating: 0.25, count: k * n)
    var best = Double.infinity
    for _ in 0..<20 {
        let t0 = threadCPUSeconds()
        for _ in 0..<50 { gemm(m: m, n: n, k: k, a: MatrixOperand(a, ld: k), b: MatrixOperand(b, ld: n), c: c, ldc: n, accumulate: false, threads: 1) }
        best = min(best, threadCPUSeconds() - t0)
    }
    let gf = 50 * 2 * Double(m * n * k) / best / 1e9
    print(String(format: "in-cache 64x192x576: %.1f GFLOP/s (%.0f%% of peak)", gf, 100 * gf / peak))
}

// Diagnostics (`/tmp/gemm_probe 10 diag`): the micro-kernel's ceiling (A packed in advance,
// B in cache and read in place), and what streaming gemm_conv2's B costs on its own.
if CommandLine.arguments.count > 2 && CommandLine.arguments[2] == "diag" {
    func time(_ repeats: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<repeats { let t0 = threadCPUSeconds(); body(); best = min(best, threadCPUSeconds() - t0) }
        return best
    }
    let (m, k) = (64, 576)
    let a = UnsafeMutablePointer<Float>.allocate(capacity: m * k)
    a.initialize(repeating: 0.5, count: m * k)
    let packed = PackedMatrix(MatrixOperand(a, ld: k), rows: m, depth: k)
    for n in [192, 384, 784] {
        let b = UnsafeMutablePointer<Float>.allocate(capacity: k * n), c = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
        b.initialize(repeating: 0.25, count: k * n)
        let calls = 20_000_000 / (m * n)
        let t = time(20) { for _ in 0..<calls { gemm(packed, n: n, b: MatrixOperand(b, ld: n), c: c, ldc: n, accumulate: false) } }
        let gf = Double(calls) * 2 * Double(m * n * k) / t / 1e9
        print(String(format: "prepacked A, in-cache 64x%dx576: %.1f GFLOP/s (%.0f%% of peak)", n, gf, 100 * gf / peak))
    }
    let n = 15680
    let b = matrix(k * n), c = matrix(m * n)
    b.initialize(repeating: 0.25, count: k * n)
    let t = time(10) { gemm(packed, n: n, b: MatrixOperand(b, ld: n), c: c, ldc: n, accumulate: false) }
    let gf = 2 * Double(m * n * k) / t / 1e9
    print(String(format: "prepacked A, gemm_conv2: %.1f GFLOP/s (%.0f%% of peak), %.2f ms", gf, 100 * gf / peak, t * 1e3))
    var sink: Float = 0
    let read = time(10) {
        var s = SIMD16<Float>()
        var p = 0
        while p + 16 <= k * n { s += UnsafeRawPointer(b + p).loadUnaligned(as: SIMD16<Float>.self); p += 16 }
        sink += s.sum()
    }
    print(String(format: "reading B once (%d MB): %.2f ms, %.1f GB/s (sum %g)", (k * n * 4) >> 20, read * 1e3, Double(k * n * 4) / read / 1e9, sink))
    // The engine's other products (Conv-4 on 28×28 images, groups of ~392 columns; linear head):
    // (name, m, n, k, A transposed, B transposed).
    let shapes = [("conv fwd/bwd-input 64x392x576", 64, 392, 576, false, false), ("conv bwd-weight 64x576x392", 64, 576, 392, false, false),
                  ("conv1 64x784x9", 64, 784, 9, false, false), ("linear 80x5x64", 80, 5, 64, false, true),
                  ("linear dW 5x64x80 (A^T)", 5, 64, 80, true, false), ("linear dX 80x64x5", 80, 64, 5, false, false),
                  ("A^T 576x392x64", 576, 392, 64, true, false), ("B^T 64x576x392", 64, 576, 392, false, true)]
    for (name, m, n, k, ta, tb) in shapes {
        let a = matrix(m * k), b = matrix(k * n), c = matrix(m * n)
        a.initialize(repeating: 0.5, count: m * k); b.initialize(repeating: 0.25, count: k * n)
        let calls = max(1, 20_000_000 / (m * n * k))
        let t = time(15) {
            for _ in 0..<calls {
                gemm(m: m, n: n, k: k, a: MatrixOperand(a, ld: ta ? m : k, transposed: ta), b: MatrixOperand(b, ld: tb ? k : n, transposed: tb),
                     c: c, ldc: n, accumulate: false)
            }
        }
        let gf = Double(calls) * 2 * Double(m * n * k) / t / 1e9
        print(String(format: "%@: %.1f GFLOP/s (%.0f%% of peak)", name, gf, 100 * gf / peak))
    }
}
