/// Kernels of the fused convolution block for inputs with small patches (see
/// `Tensor.convBatchNormPoolRelu`): each image's feature maps are computed into a scratch
/// buffer that stays in cache, summarised there, and never written out at full resolution.
struct SmallPatchConvBlock {
    let geometry: ConvGeometry
    let images: Int
    let outChannels: Int

    /// Patches at most this long take the fused path (one RGB 3×3 patch is 27).
    static let maximumPatch = 27

    /// Image chunks of the weight gradient's partial sums: fixed, not tied to the thread count,
    /// so results are bit-identical whatever the number of threads.
    static let chunks = 4

    /// What the forward pass keeps for the output and the backward pass.
    struct Forward {
        /// Each 2×2 window's chosen convolution output (before batch norm), NCHW pooled.
        let picked: TensorStorage
        /// Where each choice sits within its image's maps: channel · outPixels + pixel.
        let table: IndexTable
        /// Per-channel batch mean and 1/√(variance + ε) of the convolution output.
        let mean: [Float], invStd: [Float]
    }

    private var pooledPixels: Int { geometry.outPixels / 4 }

    /// Convolves every image, takes its batch statistics and, per 2×2 window, the element that
    /// is largest after multiplying channel c by `signs[c]` (the sign of batch norm's scale).
    func forward(x: UnsafePointer<Float>, weight: UnsafePointer<Float>, signs: [Float], epsilon: Float) -> Forward {
        let g = geometry, pixels = g.outPixels, pooled = pooledPixels, planes = images * outChannels
        let packed = PackedMatrix(MatrixOperand(weight, ld: g.patchSize), rows: outChannels, depth: g.patchSize)
        let picked = TensorStorage(count: planes * pooled)
        let table = IndexTable(count: planes * pooled)
        // Per (image, channel): the map's mean and its sum of squared deviations, combined below.
        let planeMeans = UnsafeMutablePointer<Double>.allocate(capacity: planes)
        let planeDeviations = UnsafeMutablePointer<Double>.allocate(capacity: planes)
        defer { planeMeans.deallocate(); planeDeviations.deallocate() }
        let workers = min(ComputeThreads.available, images)
        parallelFor(workers) { worker in
            let cols = takeScratch(g.patchSize * pixels), maps = takeScratch(outChannels * pixels)
            defer { releaseScratch(cols, g.patchSize * pixels); releaseScratch(maps, outChannels * pixels) }
            for image in (images * worker / workers)..<(images * (worker + 1) / workers) {
                im2col(x + image * g.inPixels, g, into: cols, ld: pixels)
                gemm(packed, n: pixels, b: MatrixOperand(cols, ld: pixels), c: maps, ldc: pixels, accumulate: false)
                for channel in 0..<outChannels {
                    let map = maps + channel * pixels
                    let sums = shiftedSums(map, count: pixels, shift: map[0])
                    let shiftedMean = Double(sums.sum) / Double(pixels)
                    planeMeans[image * outChannels + channel] = Double(map[0]) + shiftedMean
                    planeDeviations[image * outChannels + channel] = max(Double(sums.squares) - Double(sums.sum) * shiftedMean, 0)
                }
                let base = image * outChannels * pooled
                pick2x2(maps, planes: 0..<outChannels, height: g.outHeight, width: g.outWidth, signs: signs,
                        values: picked.pointer + base, indices: table.indices + base)
            }
        }
        var mean = [Float](repeating: 0, count: outChannels), invStd = mean
        for channel in 0..<outChannels {
            // Chan et al.'s pairwise combination of means and squared deviations, in image order.
            var count = 0.0, runningMean = 0.0, deviations = 0.0
            for image in 0..<images {
                let plane = image * outChannels + channel
                let total = count + Double(pixels)
                let delta = planeMeans[plane] - runningMean
                runningMean += delta * Double(pixels) / total
                deviations += planeDeviations[plane] + delta * delta * count * Double(pixels) / total
                count = total
            }
            mean[channel] = Float(runningMean)
            invStd[channel] = Float(1 / (deviations / count + Double(epsilon)).squareRoot())
        }
        return Forward(picked: picked, table: table, mean: mean, invStd: invStd)
    }

    /// The weight gradient of a loss whose gradient with respect to the convolution output y is
    /// `a[c]·y + b[c]` everywhere in channel c plus `pickGradients` at the picked elements.
    /// With y = W·cols this is a·(W·G) + b·s + Σ_picks gradient · cols, where G = Σ cols colsᵀ and
    /// s = Σ cols over every patch of the batch, so the full-resolution gradient is never formed.
    func weightGradient(x: UnsafePointer<Float>, weight: UnsafePointer<Float>, table: IndexTable,
                        pickGradients: UnsafePointer<Float>, a: [Double], b: [Double], into dw: UnsafeMutablePointer<Float>) {
        let g = geometry, pixels = g.outPixels, pooled = pooledPixels, patch = g.patchSize
        let chunks = min(Self.chunks, images)
        // Per chunk: G [patch × patch], s [patch], picks [outChannels × patch].
        let partSize = patch * patch + patch + outChannels * patch
        let parts = UnsafeMutablePointer<Double>.allocate(capacity: chunks * partSize)
        parts.initialize(repeating: 0, count: chunks * partSize)
        defer { parts.deallocate() }
        // Each pixel's patch as one or two zero-padded vectors, so a pick is a vector load.
        let lanes = (patch + 15) / 16 * 16
        let workers = min(ComputeThreads.available, chunks)
        parallelFor(workers) { worker in
            let cols = takeScratch(patch * pixels), patches = takeScratch(pixels * lanes)
            defer { releaseScratch(cols, patch * pixels); releaseScratch(patches, pixels * lanes) }
            patches.update(repeating: 0, count: pixels * lanes)
            for chunk in (chunks * worker / workers)..<(chunks * (worker + 1) / workers) {
                let gram = parts + chunk * partSize, total = gram + patch * patch, picks = total + patch
                for image in (images * chunk / chunks)..<(images * (chunk + 1) / chunks) {
                    im2col(x + image * g.inPixels, g, into: cols, ld: pixels)
                    for k in 0..<patch {
                        for l in k..<patch {
                            let products = gradientSums(cols + k * pixels, cols + l * pixels, count: pixels, shift: 0)
                            gram[k * patch + l] += Double(products.dot)
                            if l == k { total[k] += Double(products.sum) }
                        }
                        for pixel in 0..<pixels { patches[pixel * lanes + k] = cols[k * pixels + pixel] }
                    }
                    for channel in 0..<outChannels {
                        let base = (image * outChannels + channel) * pooled
                        let (gradients, indices) = (pickGradients + base, table.indices + base)
                        let offset = channel * pixels
                        var low = SIMD16<Float>(), high = SIMD16<Float>()
                        for q in 0..<pooled {
                            let row = UnsafeRawPointer(patches + (Int(indices[q]) - offset) * lanes)
                            let gradient = SIMD16<Float>(repeating: gradients[q])
                            low = low.addingProduct(gradient, row.loadUnaligned(as: SIMD16<Float>.self))
                            if lanes > 16 { high = high.addingProduct(gradient, row.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)) }
                        }
                        for k in 0..<patch { picks[channel * patch + k] += Double(k < 16 ? low[k] : high[k - 16]) }
                    }
                }
            }
        }
        for chunk in 1..<max(chunks, 1) {
            for i in 0..<partSize { parts[i] += parts[chunk * partSize + i] }
        }
        let (gram, total, picks) = (parts, parts + patch * patch, parts + patch * patch + patch)
        for k in 0..<patch { for l in 0..<k { gram[k * patch + l] = gram[l * patch + k] } }
        for channel in 0..<outChannels {
            let w = weight + channel * patch
            for k in 0..<patch {
                var wg = 0.0
                for l in 0..<patch { wg += Double(w[l]) * gram[l * patch + k] }
                dw[channel * patch + k] = Float(a[channel] * wg + b[channel] * total[k] + picks[channel * patch + k])
            }
        }
    }
}
