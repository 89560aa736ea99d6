import MetaTensor

/// A network as a pure function of its parameters: `model(x, parameters)`.
///
/// Models hold only their architecture; weights live in `Parameters` values, so MAML's
/// adapted weights, Reptile's task weights and a saved checkpoint all run through the same code.
public protocol Model: Sendable {
    /// Fresh weights for this architecture.
    func initialParameters(using generator: inout SeededGenerator) -> Parameters
    /// The network's output for a batch of inputs.
    func callAsFunction(_ input: Tensor, parameters: Parameters) -> Tensor
    /// The output with batch norm normalising as `normalisation` says (see `Normalisation`).
    func callAsFunction(_ input: Tensor, parameters: Parameters, normalisation: Normalisation) -> Tensor
    /// The statistics each batch-norm layer sees when `input` is one batch, in layer order
    /// (empty without batch norm): pass them `.given` to normalise other images the same way.
    func batchStatistics(of input: Tensor, parameters: Parameters) -> [ChannelStatistics]
    /// The names of the final layer's parameters (the "head", adapted alone by ANIL).
    var headNames: [String] { get }
    /// A one-line description for the REPL.
    var summary: String { get }
}
