import MetaTensor

/// A network that is an embedding followed by one linear layer, its head: `headNames` are the
/// head's weight [classes, features] and bias [classes]. Learners that set the head themselves
/// (Proto-MAML initialises it from class prototypes) need the embedding on its own.
public protocol LinearHeadModel: Model {
    /// The embedding [N, features] of a batch of inputs (the head's parameters are not read).
    func features(_ input: Tensor, parameters: Parameters) -> Tensor
}

extension Conv4: LinearHeadModel {}
