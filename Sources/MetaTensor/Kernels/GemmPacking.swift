import CKernels

/// Packing for the GEMM (`Gemm.swift`): copies of A and B laid out in the order the
/// micro-kernel reads them.

/// Columns of A per depth block (a k of 576 runs as two blocks of 288).
let gemmDepthBlock = 512

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

    /// An m×k matrix of at most `gemmDepthBlock` columns, zero, to be filled in place with
    /// `set(_:row:column:)`: for an operand computed on the fly, with no copy to pack.
    init(rows m: Int, depth k: Int) {
        precondition(k <= gemmDepthBlock, "a matrix filled in place has one depth block: \(k) columns")
        rows = m
        depth = k
        blockSize = (m + gemmRows - 1) / gemmRows * gemmRows * max(k, 1)
        let buffer = takeScratch(blockSize)
        buffer.update(repeating: 0, count: blockSize)
        blocks = [buffer]
        blockStarts = [0]
        blockDepths = [k]
    }

    /// Sets element (row, column) of a matrix made by `init(rows:depth:)`.
    @inline(__always) func set(_ value: Float, row: Int, column: Int) {
        blocks[0][(row / gemmRows) * gemmRows * depth + column * gemmRows + row % gemmRows] = value
    }

    deinit { for block in blocks { releaseScratch(block, blockSize) } }
}

/// Copies B[k0..<k0+kc, j0..<j0+width] into a zero-padded kc×48 panel. A transposed B (rows
/// contiguous in memory along k) is transposed by 8×8 blocks (`metalab_transpose`, AVX
/// shuffles: gathering it element by element was a tenth of a second-order MAML step).
func packPanel(_ b: MatrixOperand, k0: Int, kc: Int, j0: Int, width: Int, into panel: UnsafeMutablePointer<Float>) {
    if b.rowStride == 1 {
        // B's columns are contiguous rows in memory: a transpose, by 8×8 blocks of shuffles.
        metalab_transpose(b.base + j0 * b.columnStride + k0, b.columnStride, width, kc, panel, gemmColumns)
        if width < gemmColumns {
            for p in 0..<kc { (panel + p * gemmColumns + width).update(repeating: 0, count: gemmColumns - width) }
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
func packPanels(_ a: MatrixOperand, rows m: Int, k0: Int, kc: Int, into packed: UnsafeMutablePointer<Float>) {
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
