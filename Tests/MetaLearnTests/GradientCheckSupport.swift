import MetaTensor

/// Central-difference gradient checks shared by the metric, SVM-head and meta-RL tests.
enum GradientCheckSupport {
    /// The relative error ‖analytic − numeric‖ / ‖numeric‖ between the autodiff gradient of
    /// `loss` at `inputs` and central differences of step `step` over every input entry.
    static func relativeError(at inputs: [Tensor], step: Float = 1e-2, _ loss: ([Tensor]) -> Tensor) -> (error: Double, analytic: [Double]) {
        let variables = inputs.map { $0.variable() }
        let analytic = gradients(of: loss(variables), wrt: variables).flatMap { $0.scalars.map(Double.init) }
        var numeric: [Double] = []
        for (t, input) in inputs.enumerated() {
            for i in 0..<input.count {
                func shifted(_ delta: Float) -> Double {
                    var values = input.scalars
                    values[i] += delta
                    var x = inputs
                    x[t] = Tensor(shape: input.shape, scalars: values)
                    return Double(loss(x).scalar)
                }
                numeric.append((shifted(step) - shifted(-step)) / (2 * Double(step)))
            }
        }
        let error = zip(analytic, numeric).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            / max(numeric.map { $0 * $0 }.reduce(0, +).squareRoot(), 1e-6)
        return (error, analytic)
    }
}
