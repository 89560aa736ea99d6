import Foundation
import MetaTensor
import MetaNN

/// A Gaussian policy for continuous actions: π(a | s) = N(a; μ_θ(s), diag σ²), with the mean
/// from an MLP and a state-independent, learned log standard deviation (MAML's RL policies).
public struct GaussianPolicy: Sendable {
    /// The network from states to action means.
    public let network: MLP
    /// Name of the log standard deviation [actions] in the parameters.
    public static let logStdName = "policy.log_std"
    /// When set, the mean is squashed into (−bound, bound): μ = bound·tanh(network(s)/bound).
    public let meanBound: Float?

    /// A policy with mean network `network` (states → actions), its mean squashed into
    /// (−`meanBound`, `meanBound`) when that is given.
    public init(network: MLP = MLP(sizes: [2, 64, 64, 2]), meanBound: Float? = nil) {
        self.network = network
        self.meanBound = meanBound
    }

    /// The mean actions μ_θ(s) for states [N, S]: [N, A].
    public func means(_ states: Tensor, parameters: Parameters) -> Tensor {
        let raw = network(states, parameters: parameters)
        guard let bound = meanBound else { return raw }
        return (raw * (1 / bound)).tanh() * bound
    }

    /// The number of action coordinates.
    public var actionSize: Int { network.sizes[network.sizes.count - 1] }

    /// Fresh weights: the network's, with its last layer scaled by `outputScale` so the first
    /// mean actions are near zero (an environment that clips actions hides how the reward
    /// depends on a mean far outside the clip), and log σ = log(`initialStd`) for every action
    /// coordinate.
    public func initialParameters(initialStd: Float, outputScale: Float = 0.01, using generator: inout SeededGenerator) -> Parameters {
        let weights = network.initialParameters(using: &generator)
        let head = Set(network.headNames)
        return Parameters(zip(weights.names, weights.tensors).map { name, tensor in (name, head.contains(name) ? tensor * outputScale : tensor) })
            .appending([(Self.logStdName, Tensor(repeating: Foundation.log(initialStd), shape: [actionSize]))])
    }

    /// log π(aᵢ | sᵢ) for states [N, S] and actions [N, A]: [N].
    public func logProbabilities(states: Tensor, actions: Tensor, parameters: Parameters) -> Tensor {
        let logStd = parameters[Self.logStdName]
        let z = (actions - means(states, parameters: parameters)) * (-logStd).exp()
        let constant = 0.5 * Foundation.log(2 * Float.pi) * Float(actionSize)
        return (z * z).sum(axes: [1]) * -0.5 - logStd.sum() - constant
    }

    /// One action per state row [N, S], drawn from the policy: N rows of `actionSize` numbers.
    public func sampleActions(states: Tensor, parameters: Parameters, using generator: inout SeededGenerator) -> [[Float]] {
        let means = means(states, parameters: parameters).scalars, std = parameters[Self.logStdName].exp().scalars
        return (0..<states.shape[0]).map { row in (0..<actionSize).map { means[row * actionSize + $0] + std[$0] * generator.normal() } }
    }
}
