import Foundation

/// What the engine knows about the CPU it runs on, so a benchmark can say which machine its
/// figures come from and how close a kernel gets to the core's arithmetic peak.
public enum MachineInfo {
    /// The CPU's model name with its family and model numbers, from `/proc/cpuinfo`
    /// (e.g. "AMD EPYC (family 25, model 17)"), or "unknown CPU" where that file is missing.
    public static var cpuModel: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown CPU" }
        let fields = cpuinfoFields(text)
        let name = fields["model name"] ?? "unknown CPU"
        guard let family = fields["cpu family"], let model = fields["model"] else { return name }
        return "\(name) (family \(family), model \(model))"
    }

    /// The width in bits of the widest vector registers the kernels were compiled for: 512 with
    /// AVX-512, 256 with AVX2, 128 otherwise. MetaLab compiles its kernels with
    /// `-target-cpu native`, so this is the widest vector extension of the build machine, read
    /// from its `/proc/cpuinfo` flags (a binary run where it was built, as `swift build` does).
    public static var vectorBits: Int {
        let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)).flatMap { cpuinfoFields($0)["flags"] } ?? ""
        return vectorBits(flags: Set(flags.split(separator: " ").map(String.init)))
    }

    /// The vector width a `-target-cpu native` build uses on a CPU with these `/proc/cpuinfo` flags.
    static func vectorBits(flags: Set<String>) -> Int {
        flags.contains("avx512f") ? 512 : (flags.contains("avx2") ? 256 : 128)
    }

    /// The first value of each `key : value` line of `/proc/cpuinfo` (the first CPU's).
    static func cpuinfoFields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            if fields[key] == nil { fields[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
        }
        return fields
    }

    /// The single-thread fused multiply-add peak in GFLOP/s: a loop of 16 independent SIMD16
    /// accumulators that never touches memory, so only the FMA units limit it. Timed in the
    /// calling thread's CPU time (robust to other processes being scheduled in between) for at
    /// least `seconds`, best of `repeats`: many short runs, so that one of them is likely to
    /// fall where no other process shares the core's execution units.
    public static func fmaPeak(seconds: Double = 0.02, repeats: Int = 10) -> Double {
        var iterations = 1 << 16
        var best = 0.0
        for _ in 0..<repeats {
            while true {
                let start = threadCPUSeconds()
                let result = fmaLoop(iterations: iterations)
                let elapsed = threadCPUSeconds() - start
                // Reading the result keeps the loop from being optimised away.
                precondition(result.isFinite, "the FMA loop overflowed after \(iterations) iterations")
                if elapsed >= seconds {
                    best = Swift.max(best, Double(iterations) * fmaLoopFlops / elapsed / 1e9)
                    break
                }
                iterations *= 2
            }
        }
        return best
    }

    /// Floating-point operations per iteration of `fmaLoop`: 16 accumulators × 16 lanes × 2.
    static let fmaLoopFlops = 16.0 * 16 * 2

    /// `iterations` rounds of one FMA into each of 16 independent SIMD16 accumulators; returns their total.
    @inline(never)
    static func fmaLoop(iterations: Int) -> Float {
        typealias V = SIMD16<Float>
        // Factors from a run-time value, so the compiler can neither fold nor hoist the loop.
        let x = Float(iterations & 1) * 1e-9
        let (a, b) = (V(repeating: 1 - x), V(repeating: x))
        var c0 = V(repeating: 0), c1 = V(repeating: 1), c2 = V(repeating: 2), c3 = V(repeating: 3)
        var c4 = V(repeating: 4), c5 = V(repeating: 5), c6 = V(repeating: 6), c7 = V(repeating: 7)
        var c8 = V(repeating: 8), c9 = V(repeating: 9), c10 = V(repeating: 10), c11 = V(repeating: 11)
        var c12 = V(repeating: 12), c13 = V(repeating: 13), c14 = V(repeating: 14), c15 = V(repeating: 15)
        for _ in 0..<iterations {
            c0 = c0.addingProduct(a, b); c1 = c1.addingProduct(a, b); c2 = c2.addingProduct(a, b); c3 = c3.addingProduct(a, b)
            c4 = c4.addingProduct(a, b); c5 = c5.addingProduct(a, b); c6 = c6.addingProduct(a, b); c7 = c7.addingProduct(a, b)
            c8 = c8.addingProduct(a, b); c9 = c9.addingProduct(a, b); c10 = c10.addingProduct(a, b); c11 = c11.addingProduct(a, b)
            c12 = c12.addingProduct(a, b); c13 = c13.addingProduct(a, b); c14 = c14.addingProduct(a, b); c15 = c15.addingProduct(a, b)
        }
        let total = ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (c10 + c11)) + ((c12 + c13) + (c14 + c15))
        return total.sum()
    }
}

/// CPU seconds consumed by the calling thread: unlike wall-clock time, it does not count the
/// time the thread waits while other processes run, so it suits a loaded machine.
public func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}
