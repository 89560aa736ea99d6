/// 3×3 convolutions of stride 1 and padding 1 on small maps by Winograd's minimal filtering
/// F(2×2, 3×3) (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks", CVPR 2016):
/// each 2×2 block of outputs comes from a 4×4 tile of input with 16 multiplications per
/// channel pair instead of 36, so the product behind the convolution does 2.25 times less
/// arithmetic than im2col's (for a 7×7 map, whose 4×4 tiles cover 8×8, 1.7 times less).
///
/// For a group of images at a time (all of it in cache):
/// 1. each 4×4 input tile d becomes V = Bᵀ d B (additions only), stored as 16 matrices
///    V[ξ] of channels × tiles, interleaved by channel (row c of V[ξ] is row 16c + ξ of the
///    buffer, so one channel's transform writes one contiguous stretch);
/// 2. the weights, transformed once per call into U = G g Gᵀ, multiply them: M[ξ] = U[ξ]·V[ξ],
///    16 products of (out channels × channels)·(channels × tiles) on the GEMM's micro-kernel;
/// 3. each tile's 2×2 outputs are Y = Aᵀ M A (additions only).
/// The transforms' entries are 0, ±1 and ±½, so the result differs from direct summation by
/// rounding only (checked against direct loops in `KernelTests`).
///
/// Transforms run on whole rows of tiles: a padded input row is one 16-float vector, so the
/// horizontal pass does every tile of the row at once, and the even lanes (tile starts) are
/// kept. Maps up to 14 wide fit in that vector.
struct WinogradConv {
    let geometry: ConvGeometry
    let images: Int
    let outChannels: Int

    /// Whether this kernel computes convolutions of geometry `g`: a 3×3 kernel, stride 1,
    /// padding 1, maps 6 to 14 pixels high and wide (smaller ones gain too little over im2col,
    /// wider ones do not fit the row vectors), and at most 512 channels (one depth block of
    /// the products, so the transformed weights are packed as they are computed).
    static func handles(_ g: ConvGeometry) -> Bool {
        g.kernelHeight == 3 && g.kernelWidth == 3 && g.stride == 1 && g.padding == 1
            && (6...14).contains(g.height) && (6...14).contains(g.width) && g.channels <= gemmDepthBlock
    }

    private var tilesHigh: Int { (geometry.height + 1) / 2 }
    private var tilesWide: Int { (geometry.width + 1) / 2 }
    private var tilesPerImage: Int { tilesHigh * tilesWide }

    /// Images per group: about 64 to 100 tiles, choosing the count whose last GEMM tile
    /// (computed 16 columns at a time) wastes the smallest share, the larger on a tie. V and M
    /// of a group then stay in a 1 MB L2 cache: with groups of ~200 tiles (a 14×14 map's four
    /// images) they spill to the shared L3, and Conv-4 forward and backward at 2 threads ran
    /// at 2,760–2,880 images/s against 3,220–3,440 with groups of two images (Zen 4 VM, idle,
    /// `metalab bench --only conv4_fwd_bwd`, alternating the two in one session).
    var groupSize: Int {
        let low = max(1, 64 / tilesPerImage), high = max(low, 100 / tilesPerImage)
        func waste(_ k: Int) -> Double {
            let tiles = k * tilesPerImage, remainder = tiles % 48
            let computed = tiles - remainder + (remainder + 15) / 16 * 16
            return Double(computed - tiles) / Double(tiles)
        }
        let best = (low...high).min { (waste($0), -$0) < (waste($1), -$1) } ?? low
        return min(images, best)
    }

    /// Floats between rows of V and M: the group's tiles plus slack for 8-wide stores and loads.
    private func rowLength(tiles: Int) -> Int { tiles + 16 }

    /// y = conv(x, w) for all images (NCHW; y has `outChannels` maps of the input's size).
    func forward(x: UnsafePointer<Float>, weight: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        precondition(WinogradConv.handles(geometry), "Winograd F(2×2, 3×3) cannot compute \(geometry)")
        let transformed = transformWeights(weight)
        let groupSize = self.groupSize
        let groups = stride(from: 0, to: images, by: groupSize).map { $0..<min($0 + groupSize, images) }
        let workers = min(ComputeThreads.available, groups.count)
        let channels = geometry.channels
        parallelFor(workers) { worker in
            let space = Workspace(self)
            defer { space.release() }
            let (v, m, ld) = (space.v, space.m, space.ld)
            // The slack after each row of M is read (and ignored) by the last row of tiles.
            for row in 0..<(16 * outChannels) { (m + row * ld + ld - 16).update(repeating: 0, count: 16) }
            for group in groups[(groups.count * worker / workers)..<(groups.count * (worker + 1) / workers)] {
                let tiles = group.count * tilesPerImage
                transformInputs(x, group, space)
                for xi in 0..<16 {
                    gemm(transformed[xi], n: tiles, b: MatrixOperand(v + xi * ld, ld: 16 * ld),
                         c: m + xi * ld, ldc: 16 * ld, accumulate: false, threads: 1)
                }
                for (slot, image) in group.enumerated() {
                    transformOutput(m, ld: ld, firstTile: slot * tilesPerImage,
                                    into: y + image * outChannels * geometry.outPixels)
                }
            }
        }
    }

    /// dw = ∂⟨conv(x, w), dy⟩/∂w summed over all images: the adjoint of `forward`. Each tile's
    /// output gradient becomes dM = A dY Aᵀ, the 16 products dU[ξ] = Σ_tiles dM[ξ]·V[ξ]ᵀ
    /// gather it against the transformed input, and dw = Gᵀ dU G. The images are summed in a
    /// fixed number of chunks (as `ConvKernels.backwardWeight`), so the result does not depend
    /// on the thread count.
    func backwardWeight(x: UnsafePointer<Float>, dy: UnsafePointer<Float>, dw: UnsafeMutablePointer<Float>) {
        precondition(WinogradConv.handles(geometry), "Winograd F(2×2, 3×3) cannot compute \(geometry)")
        let (channels, pairs) = (geometry.channels, outChannels * geometry.channels)
        let chunks = min(ConvKernels.weightGradientChunks, images)
        let partials = takeScratch(chunks * 16 * pairs)
        defer { releaseScratch(partials, chunks * 16 * pairs) }
        let groupSize = self.groupSize
        let workers = min(ComputeThreads.available, chunks)
        parallelFor(workers) { worker in
            let space = Workspace(self)
            defer { space.release() }
            let (v, d, ld) = (space.v, space.m, space.ld)
            for chunk in (chunks * worker / workers)..<(chunks * (worker + 1) / workers) {
                let partial = partials + chunk * 16 * pairs
                let range = (images * chunk / chunks)..<(images * (chunk + 1) / chunks)
                for (index, start) in stride(from: range.lowerBound, to: range.upperBound, by: groupSize).enumerated() {
                    let group = start..<min(start + groupSize, range.upperBound)
                    let tiles = group.count * tilesPerImage
                    transformInputs(x, group, space)
                    for (slot, image) in group.enumerated() {
                        transformOutputGradient(dy + image * outChannels * geometry.outPixels, firstTile: slot * tilesPerImage,
                                                into: d, ld: ld)
                    }
                    for xi in 0..<16 {
                        // dU[ξ] (+)= dM[ξ] · V[ξ]ᵀ: out channels × channels, summed over the group's tiles.
                        gemm(rowsOf: d + xi * ld, lda: 16 * ld, m: outChannels, n: channels, k: tiles,
                             b: MatrixOperand(v + xi * ld, ld: 16 * ld, transposed: true),
                             c: partial + xi * pairs, ldc: channels, accumulate: index > 0)
                    }
                }
            }
        }
        for chunk in 1..<max(chunks, 1) { addFloats(partials + chunk * 16 * pairs, into: partials, count: 16 * pairs) }
        /// Gᵀ times a column (a, b, c, d) of dU.
        @inline(__always) func adjoint(_ a: Float, _ b: Float, _ c: Float, _ d: Float) -> SIMD3<Float> {
            SIMD3(a + 0.5 * (b + c), 0.5 * (b - c), 0.5 * (b + c) + d)
        }
        for pair in 0..<pairs {
            @inline(__always) func u(_ a: Int, _ b: Int) -> Float { partials[(a * 4 + b) * pairs + pair] }
            // Gᵀ dU, column by column, then (Gᵀ dU) G: row ky is Gᵀ times row ky of Gᵀ dU.
            let columns = (adjoint(u(0, 0), u(1, 0), u(2, 0), u(3, 0)), adjoint(u(0, 1), u(1, 1), u(2, 1), u(3, 1)),
                           adjoint(u(0, 2), u(1, 2), u(2, 2), u(3, 2)), adjoint(u(0, 3), u(1, 3), u(2, 3), u(3, 3)))
            for ky in 0..<3 {
                let row = adjoint(columns.0[ky], columns.1[ky], columns.2[ky], columns.3[ky])
                for kx in 0..<3 { dw[pair * 9 + ky * 3 + kx] = row[kx] }
            }
        }
    }

    /// U[ξ] = (G g Gᵀ)[ξ] for every (out channel, channel) pair, packed as 16 GEMM left operands
    /// of out channels × channels. G's rows are (1, 0, 0), (½, ½, ½), (½, −½, ½), (0, 0, 1).
    private func transformWeights(_ weight: UnsafePointer<Float>) -> [PackedMatrix] {
        let channels = geometry.channels
        let transformed = (0..<16).map { _ in PackedMatrix(rows: outChannels, depth: channels) }
        /// G times a column (a, b, c).
        @inline(__always) func transform(_ a: Float, _ b: Float, _ c: Float) -> SIMD4<Float> {
            SIMD4(a, 0.5 * (a + b + c), 0.5 * (a - b + c), c)
        }
        for o in 0..<outChannels {
            for channel in 0..<channels {
                let g = weight + (o * channels + channel) * 9
                // G g, column by column: column kx of G g is G times column kx of g.
                let (c0, c1, c2) = (transform(g[0], g[3], g[6]), transform(g[1], g[4], g[7]), transform(g[2], g[5], g[8]))
                // (G g) Gᵀ: row a is G times row a of G g.
                for a in 0..<4 {
                    let row = transform(c0[a], c1[a], c2[a])
                    for b in 0..<4 { transformed[a * 4 + b].set(row[b], row: o, column: channel) }
                }
            }
        }
        return transformed
    }

    /// One worker's scratch: two padded channels for the input transform, V, and M (or dM),
    /// whose rows are `ld` floats apart (row c of V[ξ] is row 16c + ξ; likewise M by out channel).
    private struct Workspace {
        let padded: UnsafeMutablePointer<Float>
        let v: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>
        let ld: Int
        private let vCount: Int, mCount: Int

        init(_ conv: WinogradConv) {
            ld = conv.rowLength(tiles: conv.groupSize * conv.tilesPerImage)
            (vCount, mCount) = (16 * conv.geometry.channels * ld, 16 * conv.outChannels * ld)
            padded = takeScratch(2 * WinogradConv.paddedCount)
            (v, m) = (takeScratch(vCount), takeScratch(mCount))
            padded.update(repeating: 0, count: 2 * WinogradConv.paddedCount)
        }

        func release() {
            releaseScratch(padded, 2 * WinogradConv.paddedCount)
            releaseScratch(v, vCount)
            releaseScratch(m, mCount)
        }
    }

    /// V for the images of `group`, side by side.
    private func transformInputs(_ x: UnsafePointer<Float>, _ group: Range<Int>, _ space: Workspace) {
        for (slot, image) in group.enumerated() {
            transformInput(x + image * geometry.inPixels, readable: (images - image) * geometry.inPixels,
                           firstTile: slot * tilesPerImage, padded: space.padded, into: space.v, ld: space.ld)
        }
    }

    /// The padded copy of one channel: up to 16 rows of 32 floats, the map at row 1, column 1,
    /// zeros around it (and past it, where the vector loads of the last tiles reach).
    private static let paddedRows = 16, paddedWidth = 32
    private static var paddedCount: Int { paddedRows * paddedWidth }

    /// V[ξ][c][firstTile + t] (buffer row 16c + ξ) = (Bᵀ d B)[ξ] for every channel c and tile t
    /// of one image (`readable` floats can be read from x). Bᵀ's rows are (1, 0, −1, 0),
    /// (0, 1, 1, 0), (0, −1, 1, 0), (0, 1, 0, −1).
    private func transformInput(_ x: UnsafePointer<Float>, readable: Int, firstTile: Int, padded: UnsafeMutablePointer<Float>,
                                into v: UnsafeMutablePointer<Float>, ld: Int) {
        let (height, width, channels) = (geometry.height, geometry.width, geometry.channels)
        let stride = WinogradConv.paddedWidth
        let inside = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) .< Int32(width)
        /// Channel `channel` into padded copy `channel % 2`: a whole row as one vector (zero past
        /// its end) where 16 floats can be read, else element by element.
        func copy(_ channel: Int) {
            let map = x + channel * height * width, copy = padded + (channel % 2) * WinogradConv.paddedCount
            // The map four channels ahead, into L2: the input usually comes from memory.
            let ahead = UnsafeRawPointer(map + 4 * height * width)
            if channel * height * width + 5 * height * width <= readable {
                for line in Swift.stride(from: 0, to: height * width * 4, by: 64) { llvmPrefetch(ahead + line, 0, 2, 1) }
            }
            for row in 0..<height {
                let (source, target) = (map + row * width, copy + (row + 1) * stride + 1)
                if channel * height * width + row * width + 16 <= readable {
                    store16(SIMD16<Float>().replacing(with: load16(source), where: inside), target)
                } else {
                    target.update(from: source, count: width)
                }
            }
        }
        // Each channel is copied one channel ahead of its transform: the transform's loads,
        // shifted by one to three floats against the copy's stores, would otherwise wait for
        // those stores to reach the cache (they cannot be forwarded).
        copy(0)
        for channel in 0..<channels {
            if channel + 1 < channels { copy(channel + 1) }
            let padded = padded + (channel % 2) * WinogradConv.paddedCount
            /// Bᵀ along padded row `row` (lane 2·tx holds tile tx's value b), keeping the even
            /// lanes: value b of every tile of the row, for b = 0...3.
            @inline(__always) func horizontal(_ row: Int) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
                let p = padded + row * stride
                let (r0, r1, r2, r3) = (load16(p), load16(p + 1), load16(p + 2), load16(p + 3))
                return ((r0 - r2).evenHalf, (r1 + r2).evenHalf, (r2 - r1).evenHalf, (r1 - r3).evenHalf)
            }
            /// Bᵀ down four rows' values b, into V[4a + b] for a = 0...3.
            @inline(__always) func vertical(_ d0: SIMD8<Float>, _ d1: SIMD8<Float>, _ d2: SIMD8<Float>, _ d3: SIMD8<Float>,
                                            _ target: UnsafeMutablePointer<Float>) {
                store8(d0 - d2, target)
                store8(d1 + d2, target + 4 * ld)
                store8(d2 - d1, target + 8 * ld)
                store8(d1 - d3, target + 12 * ld)
            }
            // Tile row ty reads padded rows 2ty...2ty+3; the last two are the next tile row's first two,
            // so each row's horizontal pass is done once and kept in registers.
            var (top, upper) = (horizontal(0), horizontal(1))
            for ty in 0..<tilesHigh {
                let (lower, bottom) = (horizontal(2 * ty + 2), horizontal(2 * ty + 3))
                let target = v + channel * 16 * ld + firstTile + ty * tilesWide
                vertical(top.0, upper.0, lower.0, bottom.0, target)
                vertical(top.1, upper.1, lower.1, bottom.1, target + ld)
                vertical(top.2, upper.2, lower.2, bottom.2, target + 2 * ld)
                vertical(top.3, upper.3, lower.3, bottom.3, target + 3 * ld)
                (top, upper) = (lower, bottom)
            }
        }
    }

    /// dM[ξ][o][firstTile + t] (buffer row 16o + ξ) = (A dY Aᵀ)[ξ] for every out channel o and
    /// tile t of one image, where dY is the tile's 2×2 block of the output gradient (zero past
    /// the map's edge) and A's rows are (1, 0), (1, 1), (1, −1), (0, −1): the adjoint of
    /// `transformOutput`.
    private func transformOutputGradient(_ dy: UnsafePointer<Float>, firstTile: Int, into d: UnsafeMutablePointer<Float>, ld: Int) {
        let (height, width) = (geometry.height, geometry.width)
        let xiStride = ld
        let inside = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) .< Int32(width)
        /// Row `row` of a map as a vector, zero past the row's end and below the map.
        @inline(__always) func gradientRow(_ map: UnsafePointer<Float>, _ row: Int) -> SIMD16<Float> {
            guard row < height else { return SIMD16() }
            let start = map + row * width
            if (row + 1) * width + 16 - width <= height * width {
                return SIMD16<Float>().replacing(with: load16(start), where: inside)
            }
            var values = SIMD16<Float>()
            for j in 0..<width { values[j] = start[j] }
            return values
        }
        for o in 0..<outChannels {
            let map = dy + o * height * width
            for ty in 0..<tilesHigh {
                let (top, bottom) = (gradientRow(map, 2 * ty), gradientRow(map, 2 * ty + 1))
                // A along the rows (the tiles' two columns are the even and odd lanes), then down.
                let (g00, g01, g10, g11) = (top.evenHalf, top.oddHalf, bottom.evenHalf, bottom.oddHalf)
                let target = d + o * 16 * ld + firstTile + ty * tilesWide
                /// Column b of A dY Aᵀ from column b of dY Aᵀ's two rows.
                @inline(__always) func column(_ b: Int, _ first: SIMD8<Float>, _ second: SIMD8<Float>) {
                    store8(first, target + b * xiStride)
                    store8(first + second, target + (4 + b) * xiStride)
                    store8(first - second, target + (8 + b) * xiStride)
                    store8(-second, target + (12 + b) * xiStride)
                }
                column(0, g00, g10)
                column(1, g00 + g01, g10 + g11)
                column(2, g00 - g01, g10 - g11)
                column(3, -g01, -g11)
            }
        }
    }

    /// y's maps of one image from M: each tile's 2×2 outputs are Aᵀ M A, with Aᵀ's rows
    /// (1, 1, 1, 0) and (0, 1, −1, −1); a row of tiles is done at once, one tile per lane.
    private func transformOutput(_ m: UnsafePointer<Float>, ld: Int, firstTile: Int, into y: UnsafeMutablePointer<Float>) {
        let (height, width) = (geometry.height, geometry.width)
        let xiStride = ld
        for o in 0..<outChannels {
            let map = y + o * height * width
            for ty in 0..<tilesHigh {
                let source = m + o * 16 * ld + firstTile + ty * tilesWide
                @inline(__always) func at(_ a: Int, _ b: Int) -> SIMD8<Float> { load8(source + (a * 4 + b) * xiStride) }
                // Aᵀ down the columns (rows 0 and 1 of each tile's output), then along the rows.
                let (t0, t1, t2, t3) = (at(0, 0) + at(1, 0) + at(2, 0), at(0, 1) + at(1, 1) + at(2, 1),
                                        at(0, 2) + at(1, 2) + at(2, 2), at(0, 3) + at(1, 3) + at(2, 3))
                let (u0, u1, u2, u3) = (at(1, 0) - at(2, 0) - at(3, 0), at(1, 1) - at(2, 1) - at(3, 1),
                                        at(1, 2) - at(2, 2) - at(3, 2), at(1, 3) - at(2, 3) - at(3, 3))
                let row = 2 * ty
                store(interleave(t0 + t1 + t2, t1 - t2 - t3), map, row: row, width: width, height: height)
                if row + 1 < height { store(interleave(u0 + u1 + u2, u1 - u2 - u3), map, row: row + 1, width: width, height: height) }
            }
        }
    }
}

@inline(__always) private func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

@inline(__always) private func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

/// (a₀, b₀, a₁, b₁, …): the two outputs of each tile side by side in an output row.
@inline(__always) private func interleave(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD16<Float> {
    SIMD16(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3], a[4], b[4], a[5], b[5], a[6], b[6], a[7], b[7])
}

@inline(__always) private func store16(_ value: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: value, as: SIMD16<Float>.self)
}

@inline(__always) private func store8(_ value: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: value, as: SIMD8<Float>.self)
}

/// Writes the first `width` lanes of `values` as row `row` of `map`: as one vector where its
/// tail spills into later rows of the same map (written after this one), else lane by lane.
@inline(__always) private func store(_ values: SIMD16<Float>, _ map: UnsafeMutablePointer<Float>, row: Int, width: Int, height: Int) {
    let target = map + row * width
    if (row + 1) * width + 16 - width <= height * width {
        store16(values, target)
    } else {
        for j in 0..<width { target[j] = values[j] }
    }
}
