import MetaNN

/// The network the user chose with `model` (or the default for the data).
enum NetworkChoice: Sendable, Equatable {
    /// Conv-4 on 28×28 grey images.
    case conv4(channels: Int, blocks: Int)
    /// A ReLU MLP from one input through `hidden` widths.
    case mlp(hidden: [Int])

    /// The default network for a task kind: Conv-4 64 for images, 1-40-40-1 for sines.
    static func standard(for kind: TaskKind) -> NetworkChoice {
        kind == .classification ? .conv4(channels: 64, blocks: 4) : .mlp(hidden: [40, 40])
    }

    /// The task kind the network takes as input.
    var kind: TaskKind {
        switch self {
        case .conv4: return .classification
        case .mlp: return .regression
        }
    }

    /// The network with `outputs` outputs (Conv-4: a linear head; 0 for none).
    func model(outputs: Int) -> any Model {
        switch self {
        case let .conv4(channels, blocks): return Conv4(.init(channels: channels, blocks: blocks, classes: outputs))
        case let .mlp(hidden): return MLP(sizes: [1] + hidden + [outputs])
        }
    }

    /// `conv4 channels=64 blocks=4`, as it would be typed.
    var command: String {
        switch self {
        case let .conv4(channels, blocks): return "conv4 channels=\(channels) blocks=\(blocks)"
        case let .mlp(hidden): return "mlp sizes=" + hidden.map(String.init).joined(separator: ",")
        }
    }
}
