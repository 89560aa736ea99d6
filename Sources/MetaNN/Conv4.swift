import MetaTensor

/// The standard few-shot backbone: 4 × [3×3 conv, batch norm, ReLU, 2×2 max-pool], then an
/// optional linear head. On 1×28×28 images with 64 channels the embedding has 64 features.
///
/// Parameter names follow a flat PyTorch `nn.Sequential` (conv, bn, relu, pool per block, then
/// flatten and linear): `0.weight` [64, 1, 3, 3], `1.weight`, `1.bias` (batch norm), `4.weight`,
/// …, `17.weight` [classes, features], `17.bias`.
public struct Conv4: Model {
    /// Architecture settings.
    public struct Configuration: Sendable, Equatable {
        public var inputChannels = 1
        public var imageSize = 28
        public var channels = 64
        public var blocks = 4
        /// Output classes of the linear head; 0 for an embedding network without a head.
        public var classes = 5
        public init(inputChannels: Int = 1, imageSize: Int = 28, channels: Int = 64, blocks: Int = 4, classes: Int = 5) {
            self.inputChannels = inputChannels
            self.imageSize = imageSize
            self.channels = channels
            self.blocks = blocks
            self.classes = classes
        }
    }

    public let configuration: Configuration

    public init(_ configuration: Configuration = Configuration()) {
        precondition(configuration.blocks >= 1 && configuration.channels >= 1 && configuration.inputChannels >= 1,
                     "Conv4 configuration \(configuration)")
        self.configuration = configuration
    }

    /// Spatial extent after the convolution blocks.
    public var finalSize: Int { (0..<configuration.blocks).reduce(configuration.imageSize) { size, _ in size / 2 } }
    /// Length of the embedding (flattened features before the head).
    public var featureCount: Int { configuration.channels * finalSize * finalSize }

    private var headIndex: Int { 4 * configuration.blocks + 1 }
    public var headNames: [String] { configuration.classes > 0 ? ["\(headIndex).weight", "\(headIndex).bias"] : [] }

    /// The parameters of each layer, by layer: `block 1` … (convolution and batch norm), then
    /// `head` (weights and bias) when there is one.
    public var layerParameters: [(layer: String, names: [String])] {
        (0..<configuration.blocks).map { block in ("block \(block + 1)", ["\(4 * block).weight", "\(4 * block + 1).weight", "\(4 * block + 1).bias"]) }
            + (configuration.classes > 0 ? [("head", headNames)] : [])
    }

    public var summary: String {
        "Conv-4: \(configuration.blocks) × [3×3 conv \(configuration.channels), batch norm, ReLU, 2×2 max-pool]"
            + (configuration.classes > 0 ? ", linear \(featureCount)→\(configuration.classes)" : ", no head (embedding \(featureCount))")
    }

    public func initialParameters(using generator: inout SeededGenerator) -> Parameters {
        var entries: [(String, Tensor)] = []
        var inChannels = configuration.inputChannels
        for block in 0..<configuration.blocks {
            let c = configuration.channels
            entries.append(("\(4 * block).weight", Initializer.heNormal([c, inChannels, 3, 3], fanIn: inChannels * 9, using: &generator)))
            entries.append(("\(4 * block + 1).weight", Tensor(repeating: 1, shape: [c])))
            entries.append(("\(4 * block + 1).bias", Tensor(zeros: [c])))
            inChannels = c
        }
        if configuration.classes > 0 {
            entries.append(("\(headIndex).weight", Initializer.fanInUniform([configuration.classes, featureCount], fanIn: featureCount, using: &generator)))
            entries.append(("\(headIndex).bias", Tensor(zeros: [configuration.classes])))
        }
        return Parameters(entries)
    }

    /// The flattened embedding [N, featureCount] of images [N, C, H, W].
    public func features(_ input: Tensor, parameters p: Parameters) -> Tensor {
        precondition(input.rank == 4 && input.shape[1] == configuration.inputChannels
                     && input.shape[2] == configuration.imageSize && input.shape[3] == configuration.imageSize,
                     "Conv4 expects [N, \(configuration.inputChannels), \(configuration.imageSize), \(configuration.imageSize)] images, got \(input.shape)")
        var h = input
        for block in 0..<configuration.blocks {
            h = Layers.convBlock(h, weight: p["\(4 * block).weight"], scale: p["\(4 * block + 1).weight"], shift: p["\(4 * block + 1).bias"])
        }
        return h.reshaped([input.shape[0], featureCount])
    }

    /// The head applied to embeddings.
    public func head(_ features: Tensor, parameters p: Parameters) -> Tensor {
        precondition(configuration.classes > 0, "this Conv4 has no head")
        return Layers.linear(features, weight: p["\(headIndex).weight"], bias: p["\(headIndex).bias"])
    }

    public func callAsFunction(_ input: Tensor, parameters: Parameters) -> Tensor {
        let f = features(input, parameters: parameters)
        return configuration.classes > 0 ? head(f, parameters: parameters) : f
    }
}
