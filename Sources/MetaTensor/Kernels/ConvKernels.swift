/// The convolution kernels behind `conv2d` and its two gradients: `WinogradConv` for the 3×3
/// convolutions of small maps, else im2col + GEMM over groups of images. Small feature maps
/// (3×3) would waste most of a 48-column GEMM tile one image at a time, so images are unfolded
/// side by side until a group has a few hundred columns.
struct ConvKernels {
    let geometry: ConvGeometry
    let images: Int
    let outChannels: Int

    /// Images per GEMM: enough for ~384 output columns.
    var groupSize: Int { max(1, min(images, (384 + geometry.outPixels - 1) / geometry.outPixels)) }

    /// The image ranges of consecutive groups within `range`.
    func groups(in range: Range<Int>) -> [Range<Int>] {
        stride(from: range.lowerBound, to: range.upperBound, by: groupSize).map { $0..<min($0 + groupSize, range.upperBound) }
    }

    /// Unfolds the images of `group` side by side into cols [patchSize × (group.count · outPixels)].
    private func unfold(_ x: UnsafePointer<Float>, _ group: Range<Int>, into cols: UnsafeMutablePointer<Float>) {
        let ld = group.count * geometry.outPixels
        for (slot, image) in group.enumerated() {
            im2col(x + image * geometry.inPixels, geometry, into: cols + slot * geometry.outPixels, ld: ld)
        }
    }

    /// Copies NCHW maps of `group` into a [channels × (group.count · outPixels)] matrix, or back.
    private func regroup(_ nchw: UnsafeMutablePointer<Float>, _ group: Range<Int>, _ matrix: UnsafeMutablePointer<Float>, toMatrix: Bool) {
        let (pixels, ld) = (geometry.outPixels, group.count * geometry.outPixels)
        for (slot, image) in group.enumerated() {
            for channel in 0..<outChannels {
                let map = nchw + (image * outChannels + channel) * pixels, row = matrix + channel * ld + slot * pixels
                if toMatrix { row.update(from: map, count: pixels) } else { map.update(from: row, count: pixels) }
            }
        }
    }

    /// Runs `body(group, cols, staging)` for each group of `groups`, spread over the threads,
    /// with per-thread scratch for the column matrix and the regrouped output-sized matrix.
    private func forEachGroup(_ groups: ArraySlice<Range<Int>>,
                              _ body: @escaping (Range<Int>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void) {
        let all = Array(groups)
        let workers = min(ComputeThreads.available, all.count)
        let columns = groupSize * geometry.outPixels
        let (colsCount, stagingCount) = (geometry.patchSize * columns, outChannels * columns)
        parallelFor(workers) { worker in
            let cols = takeScratch(colsCount), staging = takeScratch(stagingCount)
            defer { releaseScratch(cols, colsCount); releaseScratch(staging, stagingCount) }
            for group in all[(all.count * worker / workers)..<(all.count * (worker + 1) / workers)] {
                body(group, cols, staging)
            }
        }
    }

    /// The first element of `group`'s maps in an NCHW tensor with `outChannels` channels.
    private func maps(_ nchw: UnsafeMutablePointer<Float>, _ group: Range<Int>) -> UnsafeMutablePointer<Float> {
        nchw + group.lowerBound * outChannels * geometry.outPixels
    }

    /// y = conv(x, w) for all images: by Winograd's F(2×2, 3×3) where it applies (3×3, stride 1,
    /// padding 1, maps of 6–14 pixels), else im2col + GEMM.
    func forward(x: UnsafePointer<Float>, weight: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        let g = geometry
        if WinogradConv.handles(g) {
            return WinogradConv(geometry: g, images: images, outChannels: outChannels).forward(x: x, weight: weight, y: y)
        }
        let packed = PackedMatrix(MatrixOperand(weight, ld: g.patchSize), rows: outChannels, depth: g.patchSize)
        forEachGroup(groups(in: 0..<images)[...]) { group, cols, staging in
            let ld = group.count * g.outPixels, direct = group.count == 1
            unfold(x, group, into: cols)
            gemm(packed, n: ld, b: MatrixOperand(cols, ld: ld), c: direct ? maps(y, group) : staging, ldc: ld, accumulate: false)
            if !direct { regroup(y, group, staging, toMatrix: false) }
        }
    }

    /// dx = ∂⟨conv(x, w), dy⟩/∂x for all images (dx is overwritten).
    ///
    /// With stride 1 this is itself a convolution: of dy with the weights flipped in space and
    /// with input and output channels swapped, padded by k − 1 − p. That runs as a forward
    /// pass — a deep product into a small output — instead of a shallow product into the
    /// column matrix followed by col2im's scattered additions.
    func backwardInput(dy: UnsafeMutablePointer<Float>, weight: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>) {
        let g = geometry
        if g.stride == 1 && g.padding < g.kernelHeight && g.padding < g.kernelWidth {
            let transposed = ConvGeometry(channels: outChannels, height: g.outHeight, width: g.outWidth,
                                          kernelHeight: g.kernelHeight, kernelWidth: g.kernelWidth, stride: 1,
                                          padding: g.kernelHeight - 1 - g.padding)
            if transposed.padding == g.kernelWidth - 1 - g.padding {
                let area = g.kernelHeight * g.kernelWidth
                let flipped = takeScratch(outChannels * g.patchSize)
                defer { releaseScratch(flipped, outChannels * g.patchSize) }
                for o in 0..<outChannels {
                    for c in 0..<g.channels {
                        let (src, dst) = (weight + (o * g.channels + c) * area, flipped + (c * outChannels + o) * area)
                        for k in 0..<area { dst[k] = src[area - 1 - k] }
                    }
                }
                ConvKernels(geometry: transposed, images: images, outChannels: g.channels).forward(x: dy, weight: flipped, y: dx)
                return
            }
        }
        let packed = PackedMatrix(MatrixOperand(weight, ld: g.patchSize, transposed: true), rows: g.patchSize, depth: outChannels)
        forEachGroup(groups(in: 0..<images)[...]) { group, cols, staging in
            let ld = group.count * g.outPixels, direct = group.count == 1
            // col2im adds into dx: the group's images start from zero.
            (dx + group.lowerBound * g.inPixels).update(repeating: 0, count: group.count * g.inPixels)
            if !direct { regroup(dy, group, staging, toMatrix: true) }
            gemm(packed, n: ld, b: MatrixOperand(direct ? maps(dy, group) : staging, ld: ld), c: cols, ldc: ld, accumulate: false)
            for (slot, image) in group.enumerated() {
                col2imAdd(cols + slot * g.outPixels, g, ld: ld, into: dx + image * g.inPixels)
            }
        }
    }

    /// The number of partial sums a weight gradient is split into: fixed, not tied to the
    /// thread count, so the result is bit-identical whatever the number of threads.
    static let weightGradientChunks = 4

    /// dw = ∂⟨conv(x, w), dy⟩/∂w, summed over all images.
    func backwardWeight(x: UnsafePointer<Float>, dy: UnsafeMutablePointer<Float>, dw: UnsafeMutablePointer<Float>) {
        let g = geometry
        if WinogradConv.handles(g) {
            return WinogradConv(geometry: g, images: images, outChannels: outChannels).backwardWeight(x: x, dy: dy, dw: dw)
        }
        let size = outChannels * g.patchSize
        let chunks = min(ConvKernels.weightGradientChunks, images)
        let partials = takeScratch(chunks * size)
        defer { releaseScratch(partials, chunks * size) }
        let workers = min(ComputeThreads.available, chunks)
        parallelFor(workers) { worker in
            let columns = groupSize * g.outPixels
            // One patch per row, read in place by the GEMM.
            let (rowsCount, stagingCount) = (columns * g.patchSize, outChannels * columns)
            let rows = takeScratch(rowsCount), staging = takeScratch(stagingCount)
            defer { releaseScratch(rows, rowsCount); releaseScratch(staging, stagingCount) }
            for chunk in (chunks * worker / workers)..<(chunks * (worker + 1) / workers) {
                let partial = partials + chunk * size
                let imageRange = (images * chunk / chunks)..<(images * (chunk + 1) / chunks)
                for (index, group) in groups(in: imageRange).enumerated() {
                    let ld = group.count * g.outPixels
                    let direct = group.count == 1
                    if !direct { regroup(dy, group, staging, toMatrix: true) }
                    for (slot, image) in group.enumerated() {
                        im2row(x + image * g.inPixels, g, into: rows + slot * g.outPixels * g.patchSize)
                    }
                    // dW += dY_group · rows_group.
                    gemm(m: outChannels, n: g.patchSize, k: ld,
                         a: MatrixOperand(direct ? dy + group.lowerBound * outChannels * g.outPixels : staging, ld: ld),
                         b: MatrixOperand(rows, ld: g.patchSize), c: partial, ldc: g.patchSize,
                         accumulate: index > 0)
                }
            }
        }
        // The chunks' sum (in chunk order), then dw in (channel, ky, kx) order from im2row's patch order.
        for chunk in 1..<max(chunks, 1) { addFloats(partials + chunk * size, into: partials, count: size) }
        for o in 0..<outChannels {
            let (source, target) = (partials + o * g.patchSize, dw + o * g.patchSize)
            var k = 0
            for c in 0..<g.channels {
                for ky in 0..<g.kernelHeight {
                    for kx in 0..<g.kernelWidth { target[k] = source[g.rowPatchIndex(channel: c, ky: ky, kx: kx)]; k += 1 }
                }
            }
        }
    }
}
