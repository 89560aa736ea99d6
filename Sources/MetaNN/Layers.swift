import MetaTensor

/// Stateless layer functions: each takes its weights explicitly, so the same code runs with a
/// model's own parameters or with adapted fast weights.
public enum Layers {
    /// y = x·Wᵀ + b for x [N, in], W [out, in] (PyTorch's layout), b [out].
    public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        let y = x.matmul(weight, transposeOther: true)
        return bias.map { y + $0 } ?? y
    }

    /// One Conv-4 block: 3×3 convolution (padding 1, no bias: batch norm's shift replaces it),
    /// batch norm with batch statistics, ReLU, 2×2 max-pool. ReLU and max-pool commute, and
    /// batch norm, pooling and ReLU run as one fused, memory-saving op.
    public static func convBlock(_ x: Tensor, weight: Tensor, scale: Tensor, shift: Tensor) -> Tensor {
        x.convBatchNormPoolRelu(weight, padding: 1, scale: scale, shift: shift)
    }

    /// One step of an LSTM cell: returns the new hidden and cell states.
    /// Gates [i, f, g, o] = x·W_ihᵀ + h·W_hhᵀ + b, with W_ih [4H, in], W_hh [4H, H], b [4H].
    public static func lstmCell(_ x: Tensor, hidden h: Tensor, cell c: Tensor,
                                inputWeight: Tensor, hiddenWeight: Tensor, bias: Tensor) -> (hidden: Tensor, cell: Tensor) {
        let size = h.shape[1]
        let gates = x.matmul(inputWeight, transposeOther: true) + h.matmul(hiddenWeight, transposeOther: true) + bias
        let input = gates.slice(axis: 1, 0..<size).sigmoid()
        let forget = gates.slice(axis: 1, size..<(2 * size)).sigmoid()
        let candidate = gates.slice(axis: 1, (2 * size)..<(3 * size)).tanh()
        let output = gates.slice(axis: 1, (3 * size)..<(4 * size)).sigmoid()
        let newCell = forget * c + input * candidate
        return (output * newCell.tanh(), newCell)
    }
}

/// Initialisers for weights, all drawing from an explicit seeded generator.
public enum Initializer {
    /// He (Kaiming) normal: std √(2 / fan-in), for layers followed by ReLU.
    public static func heNormal(_ shape: [Int], fanIn: Int, using generator: inout SeededGenerator) -> Tensor {
        Tensor.normal(shape, std: (2 / Float(fanIn)).squareRoot(), using: &generator)
    }

    /// Uniform in ±1/√fan-in (PyTorch's default for linear layers).
    public static func fanInUniform(_ shape: [Int], fanIn: Int, using generator: inout SeededGenerator) -> Tensor {
        let bound = 1 / Float(fanIn).squareRoot()
        return Tensor.uniform(shape, low: -bound, high: bound, using: &generator)
    }
}
