import MetaTensor
import MetaNN

/// Gradients by central finite differences, and how far two gradients are apart: what
/// `gradcheck` sets against the gradients the engine computes.
public enum FiniteDifferences {
    /// (loss(θ + h·eᵢ) − loss(θ − h·eᵢ)) / 2h for every element i of `theta`, tensor by tensor;
    /// nil when `shouldStop` is raised (it is asked after each tensor).
    public static func gradient(of loss: (Parameters) -> Float, at theta: Parameters, step: Float,
                                shouldStop: () -> Bool = { false }) -> [Double]? {
        var numeric: [Double] = []
        for (t, tensor) in theta.tensors.enumerated() {
            for i in 0..<tensor.count {
                let (plus, minus) = (loss(theta.shifted(t, i, by: step)), loss(theta.shifted(t, i, by: -step)))
                numeric.append((Double(plus) - Double(minus)) / (2 * Double(step)))
            }
            if shouldStop() { return nil }
        }
        return numeric
    }

    /// ‖a − b‖ / max(‖a‖, ‖b‖).
    public static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        let difference = norm(zip(a, b).map { $0 - $1 })
        return difference / max(norm(a), norm(b), 1e-12)
    }

    /// The Euclidean norm.
    public static func norm(_ values: [Double]) -> Double { values.map { $0 * $0 }.reduce(0, +).squareRoot() }
}

extension Parameters {
    /// A copy with element `index` of tensor `tensorIndex` moved by `delta`.
    public func shifted(_ tensorIndex: Int, _ index: Int, by delta: Float) -> Parameters {
        var scalars = tensors[tensorIndex].scalars
        scalars[index] += delta
        var changed = tensors
        changed[tensorIndex] = Tensor(shape: tensors[tensorIndex].shape, scalars: scalars)
        return with(tensors: changed)
    }
}
