import MetaTensor

/// A fully connected network with ReLU between layers; 1-40-40-1 is MAML's sine regressor.
/// Names follow `nn.Sequential(Linear, ReLU, Linear, ReLU, Linear)`: `0.weight`, `0.bias`, `2.weight`, …
public struct MLP: Model {
    /// Layer widths, input first.
    public let sizes: [Int]

    public init(sizes: [Int] = [1, 40, 40, 1]) {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 >= 1 }, "MLP sizes \(sizes)")
        self.sizes = sizes
    }

    private var layerCount: Int { sizes.count - 1 }
    public var headNames: [String] { ["\(2 * (layerCount - 1)).weight", "\(2 * (layerCount - 1)).bias"] }
    public var summary: String { "MLP " + sizes.map(String.init).joined(separator: "-") + " with ReLU" }

    public func initialParameters(using generator: inout SeededGenerator) -> Parameters {
        var entries: [(String, Tensor)] = []
        for layer in 0..<layerCount {
            let (fanIn, fanOut) = (sizes[layer], sizes[layer + 1])
            entries.append(("\(2 * layer).weight", Initializer.fanInUniform([fanOut, fanIn], fanIn: fanIn, using: &generator)))
            entries.append(("\(2 * layer).bias", Initializer.fanInUniform([fanOut], fanIn: fanIn, using: &generator)))
        }
        return Parameters(entries)
    }

    public func callAsFunction(_ input: Tensor, parameters p: Parameters) -> Tensor {
        precondition(input.rank == 2 && input.shape[1] == sizes[0], "MLP expects [N, \(sizes[0])], got \(input.shape)")
        var h = input
        for layer in 0..<layerCount {
            h = Layers.linear(h, weight: p["\(2 * layer).weight"], bias: p["\(2 * layer).bias"])
            if layer < layerCount - 1 { h = h.relu() }
        }
        return h
    }
}
