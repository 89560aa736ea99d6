import MetaTensor

/// The Euclidean norm of all tensors together, √(Σ‖gᵢ‖²).
public func globalNorm(_ tensors: [Tensor]) -> Float {
    var total: Double = 0
    for tensor in tensors { for v in tensor.storage.buffer { total += Double(v) * Double(v) } }
    return Float(total.squareRoot())
}

/// Gradients scaled down together so their global norm is at most `maxNorm` (Pascanu et al.
/// 2013): g ← g · min(1, maxNorm / ‖g‖). The direction is kept; constants are returned.
public func clippedByGlobalNorm(_ gradients: [Tensor], maxNorm: Float) -> [Tensor] {
    precondition(maxNorm > 0, "clipping norm \(maxNorm) must be positive")
    let norm = globalNorm(gradients)
    guard norm > maxNorm, norm.isFinite else { return gradients.map { $0.detached() } }
    return gradients.map { $0.detached() * (maxNorm / norm) }
}
