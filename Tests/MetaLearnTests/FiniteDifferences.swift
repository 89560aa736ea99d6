import MetaTensor
import MetaNN

/// Central differences of `loss` with respect to every scalar of `point`, in order.
func numericGradient(of loss: (Parameters) -> Double, at point: Parameters, step: Float) -> [Double] {
    var numeric: [Double] = []
    for (t, tensor) in point.tensors.enumerated() {
        for i in 0..<tensor.count {
            func shifted(_ delta: Float) -> Parameters {
                var values = tensor.scalars
                values[i] += delta
                var tensors = point.tensors
                tensors[t] = Tensor(shape: tensor.shape, scalars: values)
                return point.with(tensors: tensors)
            }
            numeric.append((loss(shifted(step)) - loss(shifted(-step))) / (2 * Double(step)))
        }
    }
    return numeric
}
