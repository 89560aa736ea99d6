import Foundation
import MetaTensor
import MetaNN

/// Coordinate-wise meta-learners (the learned optimizer, the LSTM meta-learner) treat every
/// scalar of a parameter set as one row of a batch: these helpers flatten parameters to a
/// column [n, 1] and back, differentiably.
extension Parameters {
    /// All tensors flattened and stacked into one column [scalarCount, 1], in order.
    public var column: Tensor {
        Tensor.concatenate(tensors.map { $0.reshaped([$0.count, 1]) }, axis: 0)
    }

    /// A parameter set with these names and shapes cut from a column [scalarCount, 1].
    public func fromColumn(_ column: Tensor) -> Parameters {
        precondition(column.shape == [scalarCount, 1], "column \(column.shape) for \(scalarCount) parameters")
        var offset = 0
        return with(tensors: tensors.map { tensor in
            defer { offset += tensor.count }
            return column.slice(axis: 0, offset..<(offset + tensor.count)).reshaped(tensor.shape)
        })
    }
}

/// The input preprocessing of Andrychowicz et al. (2016, appendix A), used by both LSTM
/// optimizers: a value x becomes two features, so inputs spanning many orders of magnitude
/// reach the LSTM on a common scale,
///
///     x ↦ (log|x| / p, sign x)   if |x| ≥ e⁻ᵖ
///     x ↦ (−1, eᵖ·x)             otherwise.
///
/// Written in differentiable ops (the branch mask is a constant), so a gradient that keeps its
/// graph can be differentiated through it. `x` is [n, 1]; the result is [n, 2].
public func logMagnitudeAndSign(_ x: Tensor, p: Float = 10) -> Tensor {
    precondition(x.rank == 2 && x.shape[1] == 1, "preprocessing expects a column [n, 1], got \(x.shape)")
    let threshold = Foundation.exp(-p)
    let large = x.mask { Swift.abs($0) >= threshold }
    let small = 1 - large
    // log of |x| where large, of 1 (= 0) where small: no log(0) even with x = 0.
    let magnitude = (x.abs() * large + small).log() / p - small
    let sign = x.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) } * large + x * (Foundation.exp(p) * small)
    return Tensor.concatenate([magnitude, sign], axis: 1)
}
