#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Recycles tensor buffers by size. A training step frees and allocates the same large
/// activations every iteration; taking them from this pool instead of the system avoids a
/// page fault per fresh page (measured at a fifth of a Conv-4 step). Bounded: beyond
/// `capacityBytes` of idle buffers, freed memory goes back to the system.
///
/// Buffers of 2 MB and more are aligned to 2 MB and, on Linux, marked for transparent huge
/// pages: a kernel that walks down the rows of a large matrix (the GEMM streaming a column
/// matrix) touches a new 4 KB page on every row, and in a virtual machine each TLB miss costs
/// a nested page walk (`gemm_conv2` on a Zen 4 VM, best of repeated runs: 12.0 ms with 4 KB
/// pages, 10.9 ms with huge ones).
final class BufferPool: Sendable {
    static let shared = BufferPool(capacityBytes: 1 << 30)

    private struct State: ~Copyable {
        var idle: [Int: [UInt]] = [:]  // addresses of idle buffers, by size
        var idleBytes = 0
    }
    private let state = Mutex(State())
    private let capacityBytes: Int
    /// Buffers smaller than this go straight to malloc, which is fast for them.
    private let minimumBytes = 16 << 10
    /// Buffers at least this large are aligned to it and asked for huge pages.
    private let hugePageBytes = 2 << 20

    init(capacityBytes: Int) { self.capacityBytes = capacityBytes }

    /// A 64-byte aligned buffer of `bytes` bytes (contents undefined).
    func take(bytes: Int) -> UnsafeMutableRawPointer {
        if bytes >= minimumBytes {
            let reused = state.withLock { state -> UInt? in
                guard let address = state.idle[bytes]?.popLast() else { return nil }
                state.idleBytes -= bytes
                return address
            }
            if let reused, let pointer = UnsafeMutableRawPointer(bitPattern: reused) { return pointer }
        }
        guard bytes >= hugePageBytes else { return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64) }
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: hugePageBytes)
        #if canImport(Glibc)
        // Advice only: where the kernel has no huge page to give, the buffer keeps 4 KB pages.
        _ = madvise(pointer, bytes & ~(hugePageBytes - 1), MADV_HUGEPAGE)
        #endif
        return pointer
    }

    /// Returns a buffer from `take(bytes:)`.
    func give(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        if bytes >= minimumBytes {
            let address = UInt(bitPattern: pointer)
            let kept = state.withLock { state -> Bool in
                guard state.idleBytes + bytes <= capacityBytes else { return false }
                state.idle[bytes, default: []].append(address)
                state.idleBytes += bytes
                return true
            }
            if kept { return }
        }
        pointer.deallocate()
    }
}

/// A kernel's temporary Float buffer from the pool; return it with `releaseScratch`.
func takeScratch(_ count: Int) -> UnsafeMutablePointer<Float> {
    BufferPool.shared.take(bytes: max(count, 1) * MemoryLayout<Float>.stride).bindMemory(to: Float.self, capacity: max(count, 1))
}

/// Returns a buffer from `takeScratch` with the same count.
func releaseScratch(_ pointer: UnsafeMutablePointer<Float>, _ count: Int) {
    BufferPool.shared.give(UnsafeMutableRawPointer(pointer), bytes: max(count, 1) * MemoryLayout<Float>.stride)
}
