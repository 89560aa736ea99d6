/// Geometry of a 2-D convolution over one image.
public struct ConvGeometry: Equatable, Sendable {
    public let channels: Int, height: Int, width: Int
    public let kernelHeight: Int, kernelWidth: Int
    public let stride: Int, padding: Int

    /// Output extent along y.
    public var outHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    /// Output extent along x.
    public var outWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    /// Rows of the column matrix: channels × kernel area.
    public var patchSize: Int { channels * kernelHeight * kernelWidth }
    /// Columns of the column matrix: output pixels.
    public var outPixels: Int { outHeight * outWidth }
    /// Elements of one input image.
    public var inPixels: Int { channels * height * width }

    /// For kernel offset `k` and output coordinates 0..<outCount, the valid output range and its input start.
    @inline(__always)
    func validRange(kernelOffset k: Int, inExtent: Int, outCount: Int) -> Range<Int> {
        // input = out * stride - padding + k must lie in 0..<inExtent
        let low = max(0, (padding - k + stride - 1) / stride)
        let last = inExtent - 1 + padding - k
        if last < 0 { return 0..<0 }
        let high = min(outCount, last / stride + 1)
        return low < high ? low..<high : 0..<0
    }
}

/// Unfolds one image into cols[patchSize × outPixels] (row = (channel, ky, kx), column = output
/// pixel); rows are `ld` apart, so several images can sit side by side.
func im2col(_ x: UnsafePointer<Float>, _ g: ConvGeometry, into cols: UnsafeMutablePointer<Float>, ld: Int) {
    if g.stride == 1 { return im2colUnitStride(x, g, into: cols, ld: ld) }
    for row in 0..<g.patchSize { (cols + row * ld).update(repeating: 0, count: g.outPixels) }
    g.forEachPatchRow { row, oy, input, xs in
        let out = cols + row * ld + oy * g.outWidth
        for ox in xs { out[ox] = x[input + ox * g.stride] }
    }
}

extension ConvGeometry {
    /// Calls `body(row, oy, input, xs)` for every column-matrix row (channel, ky, kx) and every
    /// output row oy whose input row lies inside the image: output (oy, ox) reads the input
    /// element at flat index `input + ox · stride`, which is inside the image for ox in `xs`.
    @inline(__always)
    func forEachPatchRow(_ body: (_ row: Int, _ oy: Int, _ input: Int, _ xs: Range<Int>) -> Void) {
        var row = 0
        for ch in 0..<channels {
            for ky in 0..<kernelHeight {
                let ys = validRange(kernelOffset: ky, inExtent: height, outCount: outHeight)
                for kx in 0..<kernelWidth {
                    let xs = validRange(kernelOffset: kx, inExtent: width, outCount: outWidth)
                    for oy in ys { body(row, oy, (ch * height + oy * stride - padding + ky) * width - padding + kx, xs) }
                    row += 1
                }
            }
        }
    }
}

/// im2col for stride 1: the image is first copied into a zero-bordered scratch, so every row
/// of every column-matrix row is one plain copy, with no edge cases. Rows of 3–16 floats (the
/// 14×14, 7×7 and 3×3 maps of Conv-4) move as one vector each, the smallest that holds them.
private func im2colUnitStride(_ x: UnsafePointer<Float>, _ g: ConvGeometry, into cols: UnsafeMutablePointer<Float>, ld: Int) {
    withZeroBorders(x, g) { padded, ph, pw in
        switch g.outWidth {
        case 3...4: unfoldRows(SIMD4<Float>.self, padded, ph, pw, g, cols, ld)
        case 5...8: unfoldRows(SIMD8<Float>.self, padded, ph, pw, g, cols, ld)
        case 9...16: unfoldRows(SIMD16<Float>.self, padded, ph, pw, g, cols, ld)
        default: unfoldRows(SIMD4<Float>.self, padded, ph, pw, g, cols, ld, exact: true)
        }
    }
}

/// The rows of im2colUnitStride's column matrix. Each output row oy but the last is moved as
/// one vector `V` (at most twice the row): its tail spills into row oy + 1's place, which is
/// written next, and reads at most 16 floats past the row, inside the padded scratch's slack.
/// The last row, and every row when `exact`, is copied to its exact length.
@inline(__always)
private func unfoldRows<V: SIMD>(_: V.Type, _ padded: UnsafePointer<Float>, _ ph: Int, _ pw: Int, _ g: ConvGeometry,
                                 _ cols: UnsafeMutablePointer<Float>, _ ld: Int, exact: Bool = false) where V.Scalar == Float {
    let (oh, ow) = (g.outHeight, g.outWidth)
    let spilled = exact ? 0 : oh - 1
    var row = 0
    for ch in 0..<g.channels {
        for ky in 0..<g.kernelHeight {
            for kx in 0..<g.kernelWidth {
                let src = padded + (ch * ph + ky) * pw + kx, dst = cols + row * ld
                for oy in 0..<spilled {
                    UnsafeMutableRawPointer(dst + oy &* ow).storeBytes(of: UnsafeRawPointer(src + oy &* pw).loadUnaligned(as: V.self), as: V.self)
                }
                for oy in spilled..<oh { copyFloats(from: src + oy &* pw, to: dst + oy &* ow, count: ow) }
                row += 1
            }
        }
    }
}

/// Unfolds one image into rows[outPixels × patchSize]: one patch per row, which a weight
/// gradient reads in place as its right operand. With stride 1 a patch is laid out
/// (ky, kx, channel) — see `rowPatchIndex` — so that it is `kernelHeight` plain copies out of a
/// channel-last padded image; otherwise it is im2col's (channel, ky, kx), transposed.
func im2row(_ x: UnsafePointer<Float>, _ g: ConvGeometry, into rows: UnsafeMutablePointer<Float>) {
    guard g.stride == 1 else {
        let cols = takeScratch(g.patchSize * g.outPixels)
        defer { releaseScratch(cols, g.patchSize * g.outPixels) }
        im2col(x, g, into: cols, ld: g.outPixels)
        for k in 0..<g.patchSize { for p in 0..<g.outPixels { rows[p * g.patchSize + k] = cols[k * g.outPixels + p] } }
        return
    }
    let (oh, ow, patch, span) = (g.outHeight, g.outWidth, g.patchSize, g.kernelWidth * g.channels)
    withZeroBordersChannelLast(x, g) { padded, pw in
        for oy in 0..<oh {
            for ox in 0..<ow {
                let dst = rows + (oy * ow + ox) * patch
                for ky in 0..<g.kernelHeight {
                    copyFloats(from: padded + ((oy + ky) * pw + ox) * g.channels, to: dst + ky * span, count: span)
                }
            }
        }
    }
}

extension ConvGeometry {
    /// Where weight element (channel, ky, kx) sits within one of `im2row`'s patches.
    @inline(__always)
    func rowPatchIndex(channel: Int, ky: Int, kx: Int) -> Int {
        stride == 1 ? (ky * kernelWidth + kx) * channels + channel : (channel * kernelHeight + ky) * kernelWidth + kx
    }
}

/// Runs `body(padded, paddedWidth)` on a channel-last copy of the image (element (y, x, channel)
/// at `(y · paddedWidth + x) · channels + channel`) with `g.padding` zeros around it.
private func withZeroBordersChannelLast(_ x: UnsafePointer<Float>, _ g: ConvGeometry, _ body: (UnsafePointer<Float>, Int) -> Void) {
    let p = g.padding
    let (pw, c) = (g.width + 2 * p, g.channels)
    let size = (g.height + 2 * p) * pw * c
    let padded = takeScratch(size)
    defer { releaseScratch(padded, size) }
    padded.update(repeating: 0, count: size)
    let plane = g.height * g.width
    for y in 0..<g.height {
        // Strided reads, contiguous writes: cheaper than the other way round.
        var dst = padded + ((y + p) * pw + p) * c
        for xx in 0..<g.width {
            let src = x + y * g.width + xx
            for ch in 0..<c { dst[ch] = src[ch &* plane] }
            dst += c
        }
    }
    body(padded, pw)
}

/// Runs `body(padded, paddedHeight, paddedWidth)` on a copy of the image with `g.padding` zeros
/// around every channel (and a few floats of slack after it, for vector reads).
private func withZeroBorders(_ x: UnsafePointer<Float>, _ g: ConvGeometry, _ body: (UnsafePointer<Float>, Int, Int) -> Void) {
    let p = g.padding
    let (ph, pw) = (g.height + 2 * p, g.width + 2 * p)
    let size = g.channels * ph * pw + 16
    let padded = takeScratch(size)
    defer { releaseScratch(padded, size) }
    padded.update(repeating: 0, count: size)
    for ch in 0..<g.channels {
        for y in 0..<g.height {
            copyFloats(from: x + (ch * g.height + y) * g.width, to: padded + (ch * ph + y + p) * pw + p, count: g.width)
        }
    }
    body(padded, ph, pw)
}

/// Folds cols[patchSize × outPixels] (rows `ld` apart) back into an image, adding overlapping contributions.
func col2imAdd(_ cols: UnsafePointer<Float>, _ g: ConvGeometry, ld: Int, into x: UnsafeMutablePointer<Float>) {
    g.forEachPatchRow { row, oy, input, xs in
        let line = cols + row * ld + oy * g.outWidth
        if g.stride == 1 {
            addFloats(line + xs.lowerBound, into: x + input + xs.lowerBound, count: xs.count)
        } else {
            for ox in xs { x[input + ox * g.stride] += line[ox] }
        }
    }
}

/// Copies `count` floats (non-overlapping buffers) in vectors; short rows use two overlapping
/// vectors instead of a library call, which costs more than the copy for rows of 3–14 floats.
@inline(__always)
func copyFloats(from src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, count: Int) {
    func move<V: SIMD>(_ type: V.Type, at offset: Int) where V.Scalar == Float {
        UnsafeMutableRawPointer(dst + offset).storeBytes(of: UnsafeRawPointer(src + offset).loadUnaligned(as: V.self), as: V.self)
    }
    switch count {
    case 16...:
        var i = 0
        while i + 16 <= count { move(SIMD16<Float>.self, at: i); i += 16 }
        if i < count { move(SIMD16<Float>.self, at: count - 16) }
    case 8...: move(SIMD8<Float>.self, at: 0); move(SIMD8<Float>.self, at: count - 8)
    case 4...: move(SIMD4<Float>.self, at: 0); move(SIMD4<Float>.self, at: count - 4)
    default: for i in 0..<count { dst[i] = src[i] }
    }
}

/// dst[i] += src[i] for `count` floats, in vectors.
@inline(__always)
func addFloats(_ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i + 16 <= count {
        let sum = UnsafeRawPointer(dst + i).loadUnaligned(as: SIMD16<Float>.self) + UnsafeRawPointer(src + i).loadUnaligned(as: SIMD16<Float>.self)
        UnsafeMutableRawPointer(dst + i).storeBytes(of: sum, as: SIMD16<Float>.self)
        i += 16
    }
    while i + 4 <= count {
        let sum = UnsafeRawPointer(dst + i).loadUnaligned(as: SIMD4<Float>.self) + UnsafeRawPointer(src + i).loadUnaligned(as: SIMD4<Float>.self)
        UnsafeMutableRawPointer(dst + i).storeBytes(of: sum, as: SIMD4<Float>.self)
        i += 4
    }
    while i < count { dst[i] += src[i]; i += 1 }
}
