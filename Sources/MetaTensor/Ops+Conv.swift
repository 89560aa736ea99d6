/// 2-D convolution as three primitives that are each other's gradients.
///
/// All three are views of one trilinear form T(x, w, g) = ⟨conv2d(x, w), g⟩:
/// conv2d = ∂T/∂g, `conv2dBackwardInput` = ∂T/∂x, `conv2dBackwardWeight` = ∂T/∂w. The rule of
/// each is the other two, so a convolution can be differentiated to any order (second-order
/// MAML differentiates the backward pass of the inner step).

extension Tensor {
    /// Cross-correlation of NCHW `self` with weight [out, in, kh, kw], zero padding on all sides.
    public func conv2d(_ weight: Tensor, stride: Int = 1, padding: Int = 0) -> Tensor {
        let g = convGeometry(weight: weight.shape, stride: stride, padding: padding)
        let (n, o) = (shape[0], weight.shape[0])
        let out = TensorStorage(count: n * o * g.outPixels)
        ConvKernels(geometry: g, images: n, outChannels: o)
            .forward(x: storage.pointer, weight: weight.storage.pointer, y: out.pointer)
        return Tensor.record(out, shape: [n, o, g.outHeight, g.outWidth], inputs: [self, weight]) { c in
            let (x, w, grad) = (c.inputs[0], c.inputs[1], c.grad)
            return [c.needs[0] ? grad.conv2dBackwardInput(w, inputShape: x.shape, stride: stride, padding: padding) : nil,
                    c.needs[1] ? x.conv2dBackwardWeight(grad, weightShape: w.shape, stride: stride, padding: padding) : nil]
        }
    }

    /// The gradient of a convolution with respect to its input, for output gradient `self`.
    public func conv2dBackwardInput(_ weight: Tensor, inputShape: [Int], stride: Int, padding: Int) -> Tensor {
        let g = ConvGeometry(channels: inputShape[1], height: inputShape[2], width: inputShape[3],
                             kernelHeight: weight.shape[2], kernelWidth: weight.shape[3], stride: stride, padding: padding)
        let (n, o) = (inputShape[0], weight.shape[0])
        precondition(shape == [n, o, g.outHeight, g.outWidth], "output gradient \(shape) for input \(inputShape) and weight \(weight.shape)")
        let out = TensorStorage(count: shapeCount(inputShape), repeating: 0)
        ConvKernels(geometry: g, images: n, outChannels: o)
            .backwardInput(dy: storage.pointer, weight: weight.storage.pointer, dx: out.pointer)
        return Tensor.record(out, shape: inputShape, inputs: [self, weight]) { c in
            let (dy, w, u) = (c.inputs[0], c.inputs[1], c.grad)
            return [c.needs[0] ? u.conv2d(w, stride: stride, padding: padding) : nil,
                    c.needs[1] ? u.conv2dBackwardWeight(dy, weightShape: w.shape, stride: stride, padding: padding) : nil]
        }
    }

    /// The gradient of a convolution with respect to its weight, for input `self` and output gradient `outputGrad`.
    public func conv2dBackwardWeight(_ outputGrad: Tensor, weightShape: [Int], stride: Int, padding: Int) -> Tensor {
        let g = convGeometry(weight: weightShape, stride: stride, padding: padding)
        let (n, o) = (shape[0], weightShape[0])
        precondition(outputGrad.shape == [n, o, g.outHeight, g.outWidth], "output gradient \(outputGrad.shape) for input \(shape) and weight \(weightShape)")
        let out = TensorStorage(count: o * g.patchSize)
        ConvKernels(geometry: g, images: n, outChannels: o)
            .backwardWeight(x: storage.pointer, dy: outputGrad.storage.pointer, dw: out.pointer)
        return Tensor.record(out, shape: weightShape, inputs: [self, outputGrad]) { c in
            let (x, dy, u) = (c.inputs[0], c.inputs[1], c.grad)
            return [c.needs[0] ? dy.conv2dBackwardInput(u, inputShape: x.shape, stride: stride, padding: padding) : nil,
                    c.needs[1] ? x.conv2d(u, stride: stride, padding: padding) : nil]
        }
    }

    func convGeometry(weight: [Int], stride: Int, padding: Int) -> ConvGeometry {
        precondition(rank == 4 && weight.count == 4 && shape[1] == weight[1],
                     "conv2d input \(shape) (NCHW) does not match weight \(weight) ([out, in, kh, kw])")
        precondition(stride >= 1 && padding >= 0, "conv2d stride \(stride), padding \(padding)")
        let g = ConvGeometry(channels: shape[1], height: shape[2], width: shape[3],
                             kernelHeight: weight[2], kernelWidth: weight[3], stride: stride, padding: padding)
        precondition(g.outHeight >= 1 && g.outWidth >= 1, "conv2d kernel \(weight) larger than padded input \(shape)")
        return g
    }
}
