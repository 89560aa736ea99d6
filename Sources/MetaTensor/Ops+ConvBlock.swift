/// A whole Conv-4 block, relu(maxPool₂ₓ₂(batchNorm(conv2d(x, w)))), as one op.
///
/// For inputs with small patches — the first block, one channel, 9-element patches — the
/// convolution output is the largest tensor of the network (64 maps of 28×28 per image: 16 MB
/// per 80 images) and its 9-deep products are bound by memory traffic, not arithmetic. The
/// fused op computes each image's maps in a cache-resident scratch, takes their batch
/// statistics and picks the 2×2 windows there, and never stores them; its backward pass forms
/// the weight gradient from a 9×9 Gram matrix of the input patches instead of a
/// full-resolution gradient (see `SmallPatchConvBlock.weightGradient`). Other shapes run as
/// `conv2d` followed by `batchNormPoolRelu`. When a graph is being created, or the input's
/// own gradient is wanted, the rule differentiates that composite, so higher-order gradients
/// are exact.
extension Tensor {
    /// relu(maxPool2d(batchNorm(conv2d(x, weight, padding), γ, β))) with batch statistics.
    public func convBatchNormPoolRelu(_ weight: Tensor, padding: Int, scale gamma: Tensor, shift beta: Tensor,
                                      epsilon: Float = 1e-5) -> Tensor {
        let g = convGeometry(weight: weight.shape, stride: 1, padding: padding)
        let (n, o) = (shape[0], weight.shape[0])
        let fusable = g.patchSize <= SmallPatchConvBlock.maximumPatch && g.outHeight % 2 == 0 && g.outWidth % 2 == 0
            && gamma.shape == [o] && beta.shape == [o] && o * g.outPixels < Int(Int32.max)
        guard fusable else { return conv2d(weight, padding: padding).batchNormPoolRelu(scale: gamma, shift: beta, epsilon: epsilon) }

        let kernel = SmallPatchConvBlock(geometry: g, images: n, outChannels: o)
        let (gm, bt) = (gamma.storage.pointer, beta.storage.pointer)
        let forward = kernel.forward(x: storage.pointer, weight: weight.storage.pointer,
                                     signs: (0..<o).map { gm[$0] < 0 ? -1 : 1 }, epsilon: epsilon)
        let scales = (0..<o).map { gm[$0] * forward.invStd[$0] }
        let shifts = (0..<o).map { bt[$0] - forward.mean[$0] * scales[$0] }
        let pooled = g.outPixels / 4
        let out = TensorStorage(count: n * o * pooled)
        let (picked, y) = (forward.picked.pointer, out.pointer)
        let planes = n * o
        let workers = Swift.min(ComputeThreads.available, Swift.max(1, out.count / 65_536))
        parallelFor(workers) { worker in
            for plane in (planes * worker / workers)..<(planes * (worker + 1) / workers) {
                let (a, b) = (scales[plane % o], shifts[plane % o])
                for k in (plane * pooled)..<((plane + 1) * pooled) { y[k] = Swift.max(a * picked[k] + b, 0) }
            }
        }
        return Tensor.record(Tensor(shape: [n, o, g.outHeight / 2, g.outWidth / 2], storage: out), inputs: [self, weight, gamma, beta],
                             keepOutput: true) { c in
            if c.createGraph || c.needs[0] {
                return c.differentiatingComposite {
                    $0[0].conv2d($0[1], padding: padding).batchNormPoolRelu(scale: $0[2], shift: $0[3], epsilon: epsilon)
                }
            }
            return fusedConvBlockGradients(c, kernel: kernel, forward: forward)
        }
    }
}

/// First-order gradients of the fused block with respect to the weight, γ and β.
private func fusedConvBlockGradients(_ c: BackwardContext, kernel: SmallPatchConvBlock,
                                     forward: SmallPatchConvBlock.Forward) -> [Tensor?] {
    let (x, weight, gamma, y, grad) = (c.inputs[0], c.inputs[1], c.inputs[2], c.output!, c.grad)
    let (n, ch) = (kernel.images, kernel.outChannels)
    let pooled = kernel.geometry.outPixels / 4
    let m = Float(n * kernel.geometry.outPixels)
    let pickGradients = takeScratch(n * ch * pooled)
    defer { releaseScratch(pickGradients, n * ch * pooled) }
    let coefficients = UnsafeMutablePointer<Double>.allocate(capacity: 2 * ch)
    defer { coefficients.deallocate() }
    let dGamma = TensorStorage(count: ch), dBeta = TensorStorage(count: ch)
    let (gp, yp, vp, gm) = (grad.storage.pointer, y.storage.pointer, forward.picked.pointer, gamma.storage.pointer)
    forEachChannel(ch, elements: n * ch * pooled * 4) { channel in
        let gradient = BlockChannelGradient(channel: channel, images: n, channels: ch, pooled: pooled, grad: gp, output: yp,
                                            mean: forward.mean[channel], invStd: forward.invStd[channel], gamma: gm[channel],
                                            elements: m) { base in UnsafePointer(vp + base) }
        dGamma.pointer[channel] = gradient.dGamma
        dBeta.pointer[channel] = gradient.dBeta
        coefficients[channel] = Double(gradient.a)
        coefficients[ch + channel] = Double(gradient.b)
        for image in 0..<n {
            let base = (image * ch + channel) * pooled
            for k in base..<(base + pooled) { pickGradients[k] = yp[k] > 0 ? gradient.pickScale * gp[k] : 0 }
        }
    }
    var dWeight: Tensor? = nil
    if c.needs[1] {
        let dw = TensorStorage(count: weight.count)
        kernel.weightGradient(x: x.storage.pointer, weight: weight.storage.pointer, table: forward.table, pickGradients: pickGradients,
                              a: (0..<ch).map { coefficients[$0] }, b: (0..<ch).map { coefficients[ch + $0] }, into: dw.pointer)
        dWeight = Tensor(shape: weight.shape, storage: dw)
    }
    return [nil, dWeight,
            c.needs[2] ? Tensor(shape: [ch], storage: dGamma) : nil,
            c.needs[3] ? Tensor(shape: [ch], storage: dBeta) : nil]
}
