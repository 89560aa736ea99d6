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

/// A left operand packed once into micro-kernel panels, for reuse across many products
/// (a convolution multiplies the same weights with every image's columns).
public final class PackedMatrix {
    let rows: Int, depth: Int
    /// Depth blocks; block b holds columns blockStarts[b]..<blockStarts[b] + blockDepths[b], panel-major.
    let blocks: [UnsafeMutablePointer<Float>]
    let blockStarts: [Int], blockDepths: [Int]
    private let blockSize: Int

    /// Packs the m×k matrix `a`.
    public init(_ a: MatrixOperand, rows m: Int, depth k: Int) {
        rows = m
        depth = k
        let count = max(1, (k + gemmDepthBlock - 1) / gemmDepthBlock)
        let blockDepth = (k + count - 1) / count
        let panels = (m + gemmRows - 1) / gemmRows
        var blocks: [UnsafeMutablePointer<Float>] = [], starts: [Int] = [], depths: [Int] = []
        blockSize = panels * gemmRows * blockDepth
        for b in 0..<count {
            let k0 = b * blockDepth, kc = max(0, min(blockDepth, k - k0))
            let buffer = takeScratch(blockSize)
            packPanels(a, rows: m, k0: k0, kc: kc, into: buffer)
            blocks.append(buffer)
            starts.append(k0)
            depths.append(kc)
        }
        self.blocks = blocks
        blockStarts = starts
        blockDepths = depths
    }

    deinit { for block in blocks { releaseScratch(block, blockSize) } }
}

/// C[m×n] = A[m×k]·B[k×n], or C += A·B when `accumulate`; C is row-major with leading dimension `ldc`.
public func gemm(m: Int, n: Int, k: Int, a: MatrixOperand, b: MatrixOperand,
                 c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, threads: Int = 1) {
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
        if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
        return
    }
    gemm(PackedMatrix(a, rows: m, depth: k), n: n, b: b, c: c, ldc: ldc, accumulate: accumulate, threads: threads)
}

/// C[m×n] (+)= A·B with A packed in advance.
public func gemm(_ a: PackedMatrix, n: Int, b: MatrixOperand, c: UnsafeMutablePointer<Float>, ldc: Int,
                 accumulate: Bool, threads: Int = 1) {
    let (m, k) = (a.rows, a.depth)
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
        if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
        return
    }
    let panels = (m + gemmRows - 1) / gemmRows
    let tiles = (n + gemmColumns - 1) / gemmColumns
    let workers = max(1, min(threads, tiles, (m * n * k) / 2_000_000 + 1))
    for block in a.blocks.indices {
        let (k0, kc, packedA) = (a.blockStarts[block], a.blockDepths[block], a.blocks[block])
        let first = accumulate || block > 0
        parallelFor(workers) { worker in
            let tileRange = (tiles * worker / workers)..<(tiles * (worker + 1) / workers)
            var scratch: UnsafeMutablePointer<Float>? = nil
            defer { if let scratch { releaseScratch(scratch, kc * gemmColumns) } }
            for tile in tileRange {
                let j0 = tile * gemmColumns, width = min(gemmColumns, n - j0)
                let panelB: UnsafePointer<Float>
                let ldb: Int
                if width == gemmColumns && b.columnStride == 1 {
                    panelB = b.base + k0 * b.rowStride + j0
                    ldb = b.rowStride
                } else {
                    let buffer = scratch ?? takeScratch(kc * gemmColumns)
                    scratch = buffer
                    packPanel(b, k0: k0, kc: kc, j0: j0, width: width, into: buffer)
                    panelB = UnsafePointer(buffer)
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
    }
}

/// Copies B[k0..<k0+kc, j0..<j0+width] into a zero-padded kc×48 panel. A transposed B (rows
/// contiguous in memory along k) is gathered one panel row at a time: its 48 source lines stay
/// in cache across consecutive rows, and the writes are whole vectors (writing down the
/// columns instead compiles to scatter instructions, several times slower).
private func packPanel(_ b: MatrixOperand, k0: Int, kc: Int, j0: Int, width: Int, into panel: UnsafeMutablePointer<Float>) {
    if b.rowStride == 1 {
        let ld = b.columnStride
        let src = b.base + j0 * ld + k0
        for p in 0..<kc {
            let row = panel + p * gemmColumns, column = src + p
            for j in 0..<width { row[j] = column[j &* ld] }
            for j in width..<gemmColumns { row[j] = 0 }
        }
    } else {
        for p in 0..<kc {
            let row = panel + p * gemmColumns
            let src = b.base + (k0 + p) * b.rowStride + j0 * b.columnStride
            for j in 0..<width { row[j] = src[j * b.columnStride] }
            for j in width..<gemmColumns { row[j] = 0 }
        }
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
    let full = rows == gemmRows && columns == gemmColumns
    storeRow(c, c00, c01, c02, full: full, valid: rows > 0, columns: columns, accumulate: accumulate)
    storeRow(c + ldc, c10, c11, c12, full: full, valid: rows > 1, columns: columns, accumulate: accumulate)
    storeRow(c + 2 * ldc, c20, c21, c22, full: full, valid: rows > 2, columns: columns, accumulate: accumulate)
    storeRow(c + 3 * ldc, c30, c31, c32, full: full, valid: rows > 3, columns: columns, accumulate: accumulate)
    storeRow(c + 4 * ldc, c40, c41, c42, full: full, valid: rows > 4, columns: columns, accumulate: accumulate)
    storeRow(c + 5 * ldc, c50, c51, c52, full: full, valid: rows > 5, columns: columns, accumulate: accumulate)
    storeRow(c + 6 * ldc, c60, c61, c62, full: full, valid: rows > 6, columns: columns, accumulate: accumulate)
    storeRow(c + 7 * ldc, c70, c71, c72, full: full, valid: rows > 7, columns: columns, accumulate: accumulate)
}

/// Writes (or adds) one 48-wide row of a tile; a partial tile writes only its valid columns.
@inline(__always)
private func storeRow(_ c: UnsafeMutablePointer<Float>, _ v0: V, _ v1: V, _ v2: V,
                      full: Bool, valid: Bool, columns: Int, accumulate: Bool) {
    guard valid else { return }
    if full {
        let row = UnsafeMutableRawPointer(c)
        var (a, b, d) = (v0, v1, v2)
        if accumulate {
            a += row.loadUnaligned(as: V.self)
            b += row.loadUnaligned(fromByteOffset: 64, as: V.self)
            d += row.loadUnaligned(fromByteOffset: 128, as: V.self)
        }
        row.storeBytes(of: a, as: V.self)
        row.storeBytes(of: b, toByteOffset: 64, as: V.self)
        row.storeBytes(of: d, toByteOffset: 128, as: V.self)
    } else {
        for j in 0..<columns {
            let value = j < 16 ? v0[j] : (j < 32 ? v1[j - 16] : v2[j - 32])
            c[j] = accumulate ? c[j] + value : value
        }
    }
}
