import Dispatch

/// Single-precision matrix multiply, C (+)= A·B, for row- or column-strided A and B.
///
/// A is packed into panels of `gemmRows` rows (so the micro-kernel broadcasts contiguous
/// values); B is read in place when its rows are contiguous — the fastest choice for the
/// convolution shapes — and packed otherwise. The micro-kernel keeps an 8×48 tile of C in 24
/// SIMD16 registers. Column tiles are split between threads; each thread writes its own
/// columns, so the result does not depend on the thread count.
public struct MatrixOperand {
    /// The first element.
    public let base: UnsafePointer<Float>
    /// Distance between consecutive rows.
    public let rowStride: Int
    /// Distance between consecutive columns.
    public let columnStride: Int

    /// A row-major matrix with leading dimension `ld` (or its transpose when `transposed`).
    public init(_ base: UnsafePointer<Float>, ld: Int, transposed: Bool = false) {
        self.base = base
        rowStride = transposed ? 1 : ld
        columnStride = transposed ? ld : 1
    }

    @inline(__always) func element(_ row: Int, _ column: Int) -> Float { base[row * rowStride + column * columnStride] }
}

let gemmRows = 8
let gemmColumns = 48
private let gemmDepthBlock = 512

/// C[m×n] = A[m×k]·B[k×n], or C += A·B when `accumulate`; C is row-major with leading dimension `ldc`.
public func gemm(m: Int, n: Int, k: Int, a: MatrixOperand, b: MatrixOperand,
                 c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, threads: Int = 1) {
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
        if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
        return
    }
    let panels = (m + gemmRows - 1) / gemmRows
    let depthBlocks = (k + gemmDepthBlock - 1) / gemmDepthBlock
    let depth = (k + depthBlocks - 1) / depthBlocks
    let packedA = UnsafeMutablePointer<Float>.allocate(capacity: panels * gemmRows * depth)
    defer { packedA.deallocate() }
    let tiles = (n + gemmColumns - 1) / gemmColumns
    let workers = max(1, min(threads, tiles, (m * n * k) / 2_000_000 + 1))

    for block in 0..<depthBlocks {
        let k0 = block * depth, kc = min(depth, k - k0)
        packPanels(a, rows: m, k0: k0, kc: kc, into: packedA)
        let first = accumulate || block > 0
        let run = { (worker: Int) in
            let tileRange = (tiles * worker / workers)..<(tiles * (worker + 1) / workers)
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: kc * gemmColumns)
            defer { scratch.deallocate() }
            for tile in tileRange {
                let j0 = tile * gemmColumns, width = min(gemmColumns, n - j0)
                let panelB: UnsafePointer<Float>
                let ldb: Int
                if width == gemmColumns && b.columnStride == 1 {
                    panelB = b.base + k0 * b.rowStride + j0
                    ldb = b.rowStride
                } else {
                    for p in 0..<kc {
                        let row = scratch + p * gemmColumns
                        for j in 0..<width { row[j] = b.element(k0 + p, j0 + j) }
                        for j in width..<gemmColumns { row[j] = 0 }
                    }
                    panelB = UnsafePointer(scratch)
                    ldb = gemmColumns
                }
                for panel in 0..<panels {
                    let i0 = panel * gemmRows
                    microKernel(kc: kc, a: packedA + panel * gemmRows * kc, b: panelB, ldb: ldb,
                                c: c + i0 * ldc + j0, ldc: ldc, rows: min(gemmRows, m - i0), columns: width,
                                accumulate: first)
                }
            }
        }
        parallelFor(workers, run)
    }
}

/// Packs rows of A (columns k0..<k0+kc) into zero-padded panels: panel[p * gemmRows + r] = A(i0 + r, k0 + p).
private func packPanels(_ a: MatrixOperand, rows m: Int, k0: Int, kc: Int, into packed: UnsafeMutablePointer<Float>) {
    let panels = (m + gemmRows - 1) / gemmRows
    for panel in 0..<panels {
        let out = packed + panel * gemmRows * kc
        let i0 = panel * gemmRows, height = min(gemmRows, m - i0)
        if a.columnStride == 1 {
            for r in 0..<gemmRows {
                if r < height {
                    let src = a.base + (i0 + r) * a.rowStride + k0
                    for p in 0..<kc { out[p * gemmRows + r] = src[p] }
                } else {
                    for p in 0..<kc { out[p * gemmRows + r] = 0 }
                }
            }
        } else {
            for p in 0..<kc {
                let src = a.base + (k0 + p) * a.columnStride + i0 * a.rowStride
                for r in 0..<gemmRows { out[p * gemmRows + r] = r < height ? src[r * a.rowStride] : 0 }
            }
        }
    }
}

private typealias V = SIMD16<Float>

@inline(__always) private func load(_ p: UnsafePointer<Float>) -> V {
    UnsafeRawPointer(p).loadUnaligned(as: V.self)
}

/// One 8×48 tile of C from a packed A panel (kc×8) and a B panel (kc rows of 48, stride ldb).
@inline(__always)
private func microKernel(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, ldb: Int,
                         c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, columns: Int, accumulate: Bool) {
    var c00 = V(), c01 = V(), c02 = V(), c10 = V(), c11 = V(), c12 = V()
    var c20 = V(), c21 = V(), c22 = V(), c30 = V(), c31 = V(), c32 = V()
    var c40 = V(), c41 = V(), c42 = V(), c50 = V(), c51 = V(), c52 = V()
    var c60 = V(), c61 = V(), c62 = V(), c70 = V(), c71 = V(), c72 = V()
    var pa = a, pb = b
    for _ in 0..<kc {
        let b0 = load(pb), b1 = load(pb + 16), b2 = load(pb + 32)
        var s = V(repeating: pa[0])
        c00 = c00.addingProduct(s, b0); c01 = c01.addingProduct(s, b1); c02 = c02.addingProduct(s, b2)
        s = V(repeating: pa[1])
        c10 = c10.addingProduct(s, b0); c11 = c11.addingProduct(s, b1); c12 = c12.addingProduct(s, b2)
        s = V(repeating: pa[2])
        c20 = c20.addingProduct(s, b0); c21 = c21.addingProduct(s, b1); c22 = c22.addingProduct(s, b2)
        s = V(repeating: pa[3])
        c30 = c30.addingProduct(s, b0); c31 = c31.addingProduct(s, b1); c32 = c32.addingProduct(s, b2)
        s = V(repeating: pa[4])
        c40 = c40.addingProduct(s, b0); c41 = c41.addingProduct(s, b1); c42 = c42.addingProduct(s, b2)
        s = V(repeating: pa[5])
        c50 = c50.addingProduct(s, b0); c51 = c51.addingProduct(s, b1); c52 = c52.addingProduct(s, b2)
        s = V(repeating: pa[6])
        c60 = c60.addingProduct(s, b0); c61 = c61.addingProduct(s, b1); c62 = c62.addingProduct(s, b2)
        s = V(repeating: pa[7])
        c70 = c70.addingProduct(s, b0); c71 = c71.addingProduct(s, b1); c72 = c72.addingProduct(s, b2)
        pa += gemmRows
        pb += ldb
    }
    let tile: [(V, V, V)] = [(c00, c01, c02), (c10, c11, c12), (c20, c21, c22), (c30, c31, c32),
                             (c40, c41, c42), (c50, c51, c52), (c60, c61, c62), (c70, c71, c72)]
    if rows == gemmRows && columns == gemmColumns {
        for r in 0..<gemmRows {
            let row = UnsafeMutableRawPointer(c + r * ldc)
            var (v0, v1, v2) = tile[r]
            if accumulate {
                v0 += row.loadUnaligned(as: V.self)
                v1 += row.loadUnaligned(fromByteOffset: 64, as: V.self)
                v2 += row.loadUnaligned(fromByteOffset: 128, as: V.self)
            }
            row.storeBytes(of: v0, as: V.self)
            row.storeBytes(of: v1, toByteOffset: 64, as: V.self)
            row.storeBytes(of: v2, toByteOffset: 128, as: V.self)
        }
    } else {
        for r in 0..<rows {
            let row = c + r * ldc
            let (v0, v1, v2) = tile[r]
            for j in 0..<columns {
                let value = j < 16 ? v0[j] : (j < 32 ? v1[j - 16] : v2[j - 32])
                row[j] = accumulate ? row[j] + value : value
            }
        }
    }
}
