import Dispatch

/// Single-precision matrix multiply, C (+)= A·B, for row- or column-strided A and B.
///
/// A is packed into panels of `gemmRows` rows (so the micro-kernel broadcasts contiguous
/// values). A B that fits in cache with contiguous rows — a convolution's column matrix — is
/// read in place. A larger B would be fetched from memory while the FMA units wait, so it is
/// streamed: while one slab of `gemmSlabTiles` column tiles is multiplied, the micro-kernel
/// prefetches the next slab's rows of B and C into L2, one line every few steps of k; the first
/// row panel of A reads each tile of B in place and copies it for the other panels (no separate
/// packing pass). The micro-kernel keeps an 8×48 tile of C in 24 SIMD16 registers. Column tiles
/// are split between threads; each thread writes its own columns, so the result does not
/// depend on the thread count.
///
/// Measured on a Zen 4 VM (AVX-512 double-pumped, FMA peak ≈ 116 GFLOP/s per core), 1 thread,
/// best of repeated runs of `.ci/gemm_probe` with the other core busy: the micro-kernel on an
/// in-cache B reaches 97–98% of the peak; `gemm_conv2` (64×15,680×576) went from 55% with no
/// prefetch to 73–78% with packed slabs and prefetch, and to 91% (10.9 ms) once the packing
/// pass went (it was 11% of the time), the prefetches were evenly spaced (in bursts they stall
/// the FMAs), C was prefetched too, and B sat on huge pages (`BufferPool`; on 4 KB pages, a
/// nested page walk per row of B in this VM, the same code takes 12.0 ms).
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
/// Column tiles whose rows of B are prefetched together when B is streamed from memory.
private let gemmSlabTiles = 4
/// B matrices with more elements than this (4 MB) are streamed: prefetched by slabs.
private let gemmStreamedElements = 1 << 20

/// Whether C (m×n) (+)= A·B has anything to multiply; an empty depth (k = 0) still sets C to
/// zero unless it accumulates.
private func isNonEmptyProduct(m: Int, n: Int, k: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) -> Bool {
    guard m > 0, n > 0 else { return false }
    guard k > 0 else {
        if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
        return false
    }
    return true
}

/// C[m×n] = A[m×k]·B[k×n], or C += A·B when `accumulate`; C is row-major with leading dimension `ldc`.
public func gemm(m: Int, n: Int, k: Int, a: MatrixOperand, b: MatrixOperand,
                 c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, threads: Int = 1) {
    guard isNonEmptyProduct(m: m, n: n, k: k, c: c, ldc: ldc, accumulate: accumulate) else { return }
    gemm(PackedMatrix(a, rows: m, depth: k), n: n, b: b, c: c, ldc: ldc, accumulate: accumulate, threads: threads)
}

/// C[m×n] (+)= A·B with A packed in advance.
public func gemm(_ a: PackedMatrix, n: Int, b: MatrixOperand, c: UnsafeMutablePointer<Float>, ldc: Int,
                 accumulate: Bool, threads: Int = 1) {
    let (m, k) = (a.rows, a.depth)
    guard isNonEmptyProduct(m: m, n: n, k: k, c: c, ldc: ldc, accumulate: accumulate) else { return }
    let tiles = (n + gemmColumns - 1) / gemmColumns
    let workers = max(1, min(threads, tiles, (m * n * k) / 2_000_000 + 1))
    let streamed = b.columnStride == 1 && k * n > gemmStreamedElements
    parallelFor(workers) { worker in
        let tileRange = (tiles * worker / workers)..<(tiles * (worker + 1) / workers)
        if streamed {
            multiplyStreamed(a, tiles: tileRange, n: n, b: b, c: c, ldc: ldc, accumulate: accumulate)
        } else {
            multiplyInCache(a, tiles: tileRange, n: n, b: b, c: c, ldc: ldc, accumulate: accumulate)
        }
    }
}

/// C[m×n] (+)= A·B with A read in place: row-major, rows `lda` apart, contiguous along k. For a
/// product whose A meets few column tiles of B (Winograd's weight gradient, 64 × ~200 by
/// ~200 × 64), packing A would cost a large share of the product. One thread; B in cache.
func gemm(rowsOf a: UnsafePointer<Float>, lda: Int, m: Int, n: Int, k: Int, b: MatrixOperand,
          c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    guard isNonEmptyProduct(m: m, n: n, k: k, c: c, ldc: ldc, accumulate: accumulate) else { return }
    multiplyInCache(RowMajorA(base: a, ld: lda, rows: m, depth: k), tiles: 0..<((n + gemmColumns - 1) / gemmColumns),
                    n: n, b: b, c: c, ldc: ldc, accumulate: accumulate)
}

/// A left operand as the in-cache product reads it: depth blocks of panels of `gemmRows` rows.
private protocol PanelSource {
    associatedtype Rows: RowsOfA
    var rows: Int { get }
    var blockCount: Int { get }
    /// The first column of A and the number of columns in depth block `block`.
    func depthRange(_ block: Int) -> (start: Int, depth: Int)
    /// Where panel `panel` of depth block `block` starts, and how its rows are laid out.
    func panel(_ block: Int, _ panel: Int) -> (UnsafePointer<Float>, Rows)
}

extension PackedMatrix: PanelSource {
    var blockCount: Int { blocks.count }
    func depthRange(_ block: Int) -> (start: Int, depth: Int) { (blockStarts[block], blockDepths[block]) }
    fileprivate func panel(_ block: Int, _ panel: Int) -> (UnsafePointer<Float>, PackedRows) {
        (UnsafePointer(blocks[block] + panel * gemmRows * blockDepths[block]), PackedRows())
    }
}

/// A row-major A read in place, as one depth block.
private struct RowMajorA: PanelSource {
    let base: UnsafePointer<Float>, ld: Int, rows: Int, depth: Int
    var blockCount: Int { 1 }
    func depthRange(_ block: Int) -> (start: Int, depth: Int) { (0, depth) }
    func panel(_ block: Int, _ panel: Int) -> (UnsafePointer<Float>, StridedRows) {
        let i0 = panel * gemmRows
        return (base + i0 * ld, StridedRows(stride: ld, rows: min(gemmRows, rows - i0)))
    }
}

/// The column tiles `tiles` of C for a B that fits in cache: one depth block of A at a time over
/// all the tiles. Whole tiles of row-contiguous B (and narrower ones of whole vectors) are read
/// in place; others are packed first. No allocation unless a tile needs packing, so small
/// products (Winograd's 16 per block of tiles) cost little beyond their arithmetic.
private func multiplyInCache<A: PanelSource>(_ a: A, tiles: Range<Int>, n: Int, b: MatrixOperand,
                                             c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    let panels = (a.rows + gemmRows - 1) / gemmRows
    var deepest = 0
    for block in 0..<a.blockCount { deepest = max(deepest, a.depthRange(block).depth) }
    let scratchCount = deepest * gemmColumns
    var scratch: UnsafeMutablePointer<Float>?
    defer { if let scratch { releaseScratch(scratch, scratchCount) } }
    for block in 0..<a.blockCount {
        let (k0, kc) = a.depthRange(block)
        for tile in tiles {
            let j0 = tile * gemmColumns, width = min(gemmColumns, n - j0)
            var (panelB, ldb) = (b.base + k0 * b.rowStride + j0, b.rowStride)
            if width % 16 != 0 || b.columnStride != 1 {
                let packed = scratch ?? takeScratch(scratchCount)
                scratch = packed
                packPanel(b, k0: k0, kc: kc, j0: j0, width: width, into: packed)
                (panelB, ldb) = (UnsafePointer(packed), gemmColumns)
            }
            for panel in 0..<panels {
                let i0 = panel * gemmRows
                let (panelA, rowsOfA) = a.panel(block, panel)
                var work = NoStepWork()
                microKernel(kc: kc, a: panelA, rowsOfA, b: panelB, ldb: ldb, c: c + i0 * ldc + j0, ldc: ldc,
                            rows: min(gemmRows, a.rows - i0), columns: width, accumulate: accumulate || block > 0, work: &work)
            }
        }
    }
}

/// The column tiles `tiles` of C for a B streamed from memory: while one slab of
/// `gemmSlabTiles` tiles is multiplied (all depth blocks, while its C tiles are in cache), the
/// next slab's rows of B and C are prefetched; the first row panel reads each whole tile of B
/// in place and copies it for the other panels.
private func multiplyStreamed(_ a: PackedMatrix, tiles tileRange: Range<Int>, n: Int, b: MatrixOperand,
                              c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    let (m, panels) = (a.rows, (a.rows + gemmRows - 1) / gemmRows)
    let scratchCount = (a.blockDepths.max() ?? 0) * gemmColumns
    let scratch = takeScratch(scratchCount)
    defer { releaseScratch(scratch, scratchCount) }
    let slabs = stride(from: tileRange.lowerBound, to: tileRange.upperBound, by: gemmSlabTiles)
        .map { $0..<min($0 + gemmSlabTiles, tileRange.upperBound) }
    let steps = slabs.flatMap { slab in a.blocks.indices.map { (slab, $0) } }
    for (index, (slab, block)) in steps.enumerated() {
        let (k0, kc, packedA) = (a.blockStarts[block], a.blockDepths[block], a.blocks[block])
        var prefetch = PrefetchCursor.none
        if index + 1 < steps.count {
            let (next, nextBlock) = steps[index + 1]
            let j0 = next.lowerBound * gemmColumns
            let width = min(n, next.upperBound * gemmColumns) - j0
            let rowsOfB = PrefetchBlock(b.base + a.blockStarts[nextBlock] * b.rowStride + j0, rows: a.blockDepths[nextBlock],
                                        rowStride: b.rowStride, width: width)
            // The next slab's C, where its first depth block stores.
            let rowsOfC = nextBlock == 0 ? PrefetchBlock(c + j0, rows: m, rowStride: ldc, width: width) : .empty
            prefetch = PrefetchCursor(rowsOfB, then: rowsOfC)
        }
        // Share the prefetches out evenly between the slab's micro-kernel calls.
        let budget = (prefetch.remaining + slab.count * panels - 1) / (slab.count * panels)
        for tile in slab {
            let j0 = tile * gemmColumns, width = min(gemmColumns, n - j0)
            // A whole tile is read in place by the first panel's micro-kernel, which copies it
            // into `scratch` as it goes (the later panels read the copy, contiguous and in
            // cache). A partial last tile is packed first.
            let inPlace = width == gemmColumns
            let copy = inPlace && panels > 1
            if !inPlace { packPanel(b, k0: k0, kc: kc, j0: j0, width: width, into: scratch) }
            for panel in 0..<panels {
                let i0 = panel * gemmRows
                let fromB = inPlace && (panel == 0 || !copy)
                let (panelB, ldb) = fromB ? (b.base + k0 * b.rowStride + j0, b.rowStride) : (UnsafePointer(scratch), gemmColumns)
                var work = StreamStepWork(prefetch, budget: budget, kc: kc, copy: copy && panel == 0 ? scratch : nil)
                microKernel(kc: kc, a: packedA + panel * gemmRows * kc, PackedRows(), b: panelB, ldb: ldb, c: c + i0 * ldc + j0, ldc: ldc,
                            rows: min(gemmRows, m - i0), columns: width, accumulate: accumulate || block > 0, work: &work)
                prefetch = work.cursor
            }
        }
    }
}

/// LLVM's prefetch intrinsic (Swift has no prefetch of its own): address, write (0 = read),
/// locality (must be a literal; 2 = keep in L2), cache type (1 = data).
@_silgen_name("llvm.prefetch.p0")
func llvmPrefetch(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ cacheType: Int32)

/// The cache lines of a row-strided block of floats, row by row.
struct PrefetchBlock {
    fileprivate var row: UnsafeRawPointer
    fileprivate let rowBytes: Int, linesPerRow: Int
    fileprivate var line = 0
    /// Lines not yet fetched.
    fileprivate(set) var remaining: Int

    /// The lines covering `rows` rows of `width` floats from `base`, rows `rowStride` floats apart.
    init(_ base: UnsafePointer<Float>, rows: Int, rowStride: Int, width: Int) {
        let start = Int(bitPattern: base) & ~63, end = Int(bitPattern: base + width)
        row = UnsafeRawPointer(bitPattern: start)!
        rowBytes = rowStride * MemoryLayout<Float>.size
        linesPerRow = (end - start + 63) / 64
        remaining = rows * linesPerRow
    }

    /// A block with nothing to fetch.
    static var empty: PrefetchBlock { PrefetchBlock(UnsafePointer(bitPattern: 64)!, rows: 0, rowStride: 0, width: 0) }
}

/// Walks the cache lines of one block and then of a second, fetching each into L2 ahead of its use.
struct PrefetchCursor {
    private var current: PrefetchBlock, following: PrefetchBlock
    /// Lines not yet fetched.
    private(set) var remaining: Int

    init(_ first: PrefetchBlock, then second: PrefetchBlock = .empty) {
        (current, following) = first.remaining > 0 ? (first, second) : (second, .empty)
        remaining = first.remaining + second.remaining
    }

    /// A cursor with nothing to fetch.
    static var none: PrefetchCursor { PrefetchCursor(.empty) }

    /// Fetches the next line, if any.
    @inline(__always) mutating func next() {
        guard remaining > 0 else { return }
        llvmPrefetch(current.row + current.line * 64, 0, 2, 1)
        current.line += 1
        if current.line == current.linesPerRow { (current.line, current.row) = (0, current.row + current.rowBytes) }
        current.remaining -= 1
        remaining -= 1
        if current.remaining == 0 { (current, following) = (following, .empty) }
    }
}

private typealias V = SIMD16<Float>

@inline(__always) private func load(_ p: UnsafePointer<Float>) -> V {
    UnsafeRawPointer(p).loadUnaligned(as: V.self)
}

/// What a micro-kernel call does besides multiplying, at each step of k (a generic parameter,
/// so each kind compiles to its own loop and the in-cache one carries no extra instructions).
private protocol StepWork { mutating func step(_ b0: V, _ b1: V, _ b2: V) }

/// B in cache: nothing.
private struct NoStepWork: StepWork {
    @inline(__always) mutating func step(_ b0: V, _ b1: V, _ b2: V) {}
}

/// A streamed B: up to `budget` of the cursor's line fetches, evenly spaced over the kc steps
/// (in bursts, the fetches wait for one another and stall the FMAs), and, when `copy` is
/// given, a copy of the B panel's rows there (kc rows of 48).
private struct StreamStepWork: StepWork {
    private(set) var cursor: PrefetchCursor
    private var fetches: Int, countdown: Int
    private let interval: Int
    private var copy: UnsafeMutablePointer<Float>?

    init(_ cursor: PrefetchCursor, budget: Int, kc: Int, copy: UnsafeMutablePointer<Float>?) {
        self.cursor = cursor
        fetches = min(budget, kc)
        interval = max(1, kc / max(budget, 1))
        countdown = interval
        self.copy = copy
    }

    @inline(__always) mutating func step(_ b0: V, _ b1: V, _ b2: V) {
        if fetches > 0 {
            countdown -= 1
            if countdown == 0 { cursor.next(); fetches -= 1; countdown = interval }
        }
        if let out = copy {
            let raw = UnsafeMutableRawPointer(out)
            raw.storeBytes(of: b0, as: V.self)
            raw.storeBytes(of: b1, toByteOffset: 64, as: V.self)
            raw.storeBytes(of: b2, toByteOffset: 128, as: V.self)
            copy = out + gemmColumns
        }
    }
}

/// One 8×48 tile of C from a packed A panel (kc×8) and a B panel (kc rows of 48, stride ldb),
/// doing `work`'s step after loading each row of B. A tile narrower than 48 columns (the last
/// of a product) runs with one or two vectors per row instead of three, so a 2-column remainder
/// costs a third of a full tile, not a whole one.
@inline(__always)
private func microKernel<Work: StepWork, Rows: RowsOfA>(kc: Int, a: UnsafePointer<Float>, _ rowsOfA: Rows, b: UnsafePointer<Float>, ldb: Int,
                                                        c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, columns: Int, accumulate: Bool,
                                                        work: inout Work) {
    switch columns {
    case ...16: tileKernel(OneVector.self, kc: kc, a: a, rowsOfA, b: b, ldb: ldb, c: c, ldc: ldc, rows: rows, columns: columns, accumulate: accumulate, work: &work)
    case ...32: tileKernel(TwoVectors.self, kc: kc, a: a, rowsOfA, b: b, ldb: ldb, c: c, ldc: ldc, rows: rows, columns: columns, accumulate: accumulate, work: &work)
    default: tileKernel(ThreeVectors.self, kc: kc, a: a, rowsOfA, b: b, ldb: ldb, c: c, ldc: ldc, rows: rows, columns: columns, accumulate: accumulate, work: &work)
    }
}

/// How the micro-kernel finds the eight rows' elements of A at one step of k.
private protocol RowsOfA {
    /// Row `row`'s element at the step whose pointer is `step`.
    func element(_ step: UnsafePointer<Float>, _ row: Int) -> Float
    /// Floats from one step's pointer to the next.
    var step: Int { get }
}

/// A packed panel: the eight elements of a step are contiguous.
private struct PackedRows: RowsOfA {
    @inline(__always) func element(_ step: UnsafePointer<Float>, _ row: Int) -> Float { step[row] }
    var step: Int { gemmRows }
}

/// Rows read in place, `stride` floats apart; rows past the matrix's last read that row again
/// (their results are not stored).
private struct StridedRows: RowsOfA {
    private let offsets: SIMD8<Int>
    init(stride: Int, rows: Int) {
        var offsets = SIMD8<Int>()
        for row in 0..<gemmRows { offsets[row] = min(row, rows - 1) * stride }
        self.offsets = offsets
    }
    @inline(__always) func element(_ step: UnsafePointer<Float>, _ row: Int) -> Float { step[offsets[row]] }
    var step: Int { 1 }
}

/// How many 16-float vectors of each row of B a tile kernel multiplies (a compile-time constant
/// of each specialisation: the unused accumulators and loads are compiled away).
private protocol TileVectors { static var count: Int { get } }
private enum OneVector: TileVectors { static var count: Int { 1 } }
private enum TwoVectors: TileVectors { static var count: Int { 2 } }
private enum ThreeVectors: TileVectors { static var count: Int { 3 } }

/// The micro-kernel for tiles of `Width.count` vectors: an 8×(16·count) tile of C in registers.
@inline(__always)
private func tileKernel<Work: StepWork, Width: TileVectors, Rows: RowsOfA>(
    _: Width.Type, kc: Int, a: UnsafePointer<Float>, _ rowsOfA: Rows, b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, columns: Int, accumulate: Bool, work: inout Work
) {
    let (second, third) = (Width.count > 1, Width.count > 2)
    var c00 = V(), c01 = V(), c02 = V(), c10 = V(), c11 = V(), c12 = V()
    var c20 = V(), c21 = V(), c22 = V(), c30 = V(), c31 = V(), c32 = V()
    var c40 = V(), c41 = V(), c42 = V(), c50 = V(), c51 = V(), c52 = V()
    var c60 = V(), c61 = V(), c62 = V(), c70 = V(), c71 = V(), c72 = V()
    // A local copy of the work's state can live in registers through the loop.
    var steps = work
    defer { work = steps }
    var pa = a, pb = b
    for _ in 0..<kc {
        let b0 = load(pb), b1 = second ? load(pb + 16) : V(), b2 = third ? load(pb + 32) : V()
        steps.step(b0, b1, b2)
        var s = V(repeating: rowsOfA.element(pa, 0))
        c00 = c00.addingProduct(s, b0); if second { c01 = c01.addingProduct(s, b1) }; if third { c02 = c02.addingProduct(s, b2) }
        s = V(repeating: rowsOfA.element(pa, 1))
        c10 = c10.addingProduct(s, b0); if second { c11 = c11.addingProduct(s, b1) }; if third { c12 = c12.addingProduct(s, b2) }
        s = V(repeating: rowsOfA.element(pa, 2))
        c20 = c20.addingProduct(s, b0); if second { c21 = c21.addingProduct(s, b1) }; if third { c22 = c22.addingProduct(s, b2) }
        s = V(repeating: rowsOfA.element(pa, 3))
        c30 = c30.addingProduct(s, b0); if second { c31 = c31.addingProduct(s, b1) }; if third { c32 = c32.addingProduct(s, b2) }
        s = V(repeating: rowsOfA.element(pa, 4))
        c40 = c40.addingProduct(s, b0); if second { c41 = c41.addingProduct(s, b1) }; if third { c42 = c42.addingProduct(s, b2) }
        s = V(repeating: rowsOfA.element(pa, 5))
        c50 = c50.addingProduct(s, b0); if second { c51 = c51.addingProduct(s, b1) }; if third { c52 = c52.addingProduct(s, b2) }
        s = V(repeating: rowsOfA.element(pa, 6))
        c60 = c60.addingProduct(s, b0); if second { c61 = c61.addingProduct(s, b1) }; if third { c62 = c62.addingProduct(s, b2) }
        s = V(repeating: rowsOfA.element(pa, 7))
        c70 = c70.addingProduct(s, b0); if second { c71 = c71.addingProduct(s, b1) }; if third { c72 = c72.addingProduct(s, b2) }
        pa += rowsOfA.step
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
