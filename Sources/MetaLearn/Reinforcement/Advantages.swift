/// How the policy-gradient estimator weighs each action: the reward to go minus a baseline,
/// optionally normalised over the batch. Every baseline here is *leave-one-out* — the baseline
/// of trajectory k is computed from the other trajectories only — so it does not depend on
/// trajectory k's own actions and the estimator stays unbiased.
public struct AdvantageEstimator: Sendable, Equatable {
    /// What is subtracted from the reward to go.
    public enum Baseline: String, Sendable, CaseIterable {
        /// The mean reward to go at the same step of the other trajectories.
        case stepMean = "step-mean"
        /// A linear fit of the reward to go on features of the state and the time step,
        /// [s, s², t/H, (t/H)², (t/H)³, 1] — Duan et al.'s (2016) linear feature baseline, which
        /// MAML's RL code used — fitted by ridge regression on the other trajectories.
        case linear
    }

    /// What is subtracted from the reward to go.
    public var baseline: Baseline
    /// Rescale the advantages of a batch to mean 0 and standard deviation 1 (as rllab's
    /// `center_adv`, on in MAML's code): the step then has the same size whatever the scale of
    /// the task's rewards, so one step size α suits near and far goals alike.
    public var normalized: Bool

    /// An estimator (`baseline`, and whether advantages are normalised).
    public init(baseline: Baseline, normalized: Bool) {
        self.baseline = baseline
        self.normalized = normalized
    }

    /// Reward to go minus the step-mean baseline, not normalised: plain REINFORCE with a baseline.
    public static let plain = AdvantageEstimator(baseline: .stepMean, normalized: false)

    /// The leave-one-out linear feature baseline, not normalised: MAML-RL's default.
    public static let linearBaseline = AdvantageEstimator(baseline: .linear, normalized: false)

    /// The same baseline, never normalised: the outer (meta-)objective's estimator, which must
    /// estimate the gradient of the expected return itself.
    public var unnormalized: AdvantageEstimator { AdvantageEstimator(baseline: baseline, normalized: false) }

    /// One advantage per row of `batch` (trajectory-major).
    public func advantages(_ batch: Trajectories) -> [Float] {
        let toGo = batch.rewardsToGo
        let baselines: [Float]
        switch baseline {
        case .stepMean: baselines = batch.stepMeanBaseline(toGo)
        case .linear: baselines = batch.linearBaseline(toGo)
        }
        var values = zip(toGo, baselines).map { $0 - $1 }
        guard normalized, values.count > 1 else { return values }
        let mean = values.reduce(0, +) / Float(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(values.count)
        let scale = 1 / (variance.squareRoot() + 1e-8)
        for i in values.indices { values[i] = (values[i] - mean) * scale }
        return values
    }
}

extension Trajectories {
    /// Gₖₜ = Σ_{t′ ≥ t} r_{kt′}, one per row.
    var rewardsToGo: [Float] {
        var toGo = rewards
        for k in 0..<count {
            for t in stride(from: horizon - 2, through: 0, by: -1) { toGo[k * horizon + t] += toGo[k * horizon + t + 1] }
        }
        return toGo
    }

    /// For each row, the mean of `toGo` at the same step over the other trajectories (0 when K = 1).
    func stepMeanBaseline(_ toGo: [Float]) -> [Float] {
        guard count > 1 else { return [Float](repeating: 0, count: toGo.count) }
        var totals = [Float](repeating: 0, count: horizon)
        for row in toGo.indices { totals[row % horizon] += toGo[row] }
        return toGo.indices.map { (totals[$0 % horizon] - toGo[$0]) / Float(count - 1) }
    }

    /// The baseline features of every row: [s, s², t/H, (t/H)², (t/H)³, 1].
    var baselineFeatures: [[Double]] {
        let width = states.shape[1], values = states.scalars
        return (0..<(count * horizon)).map { row in
            let s = values[(row * width)..<((row + 1) * width)].map(Double.init)
            let time = Double(row % horizon) / Double(horizon)
            return s + s.map { $0 * $0 } + [time, time * time, time * time * time, 1]
        }
    }

    /// For each row, a ridge-regression fit of `toGo` on the baseline features of the *other*
    /// trajectories' rows, evaluated at this row (0 when K = 1). The normal equations of all
    /// trajectories are summed once and each trajectory's share removed in turn.
    func linearBaseline(_ toGo: [Float]) -> [Float] {
        guard count > 1 else { return [Float](repeating: 0, count: toGo.count) }
        let features = baselineFeatures
        let d = features[0].count
        var gram = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: d), count: d), count: count)
        var moment = [[Double]](repeating: [Double](repeating: 0, count: d), count: count)
        for (row, x) in features.enumerated() {
            let k = row / horizon
            for i in 0..<d {
                moment[k][i] += x[i] * Double(toGo[row])
                for j in 0..<d { gram[k][i][j] += x[i] * x[j] }
            }
        }
        let totalGram = gram.dropFirst().reduce(gram[0]) { a, b in zip(a, b).map { zip($0, $1).map(+) } }
        let totalMoment = moment.dropFirst().reduce(moment[0]) { zip($0, $1).map(+) }
        var baseline = [Float](repeating: 0, count: toGo.count)
        for k in 0..<count {
            var a = zip(totalGram, gram[k]).map { zip($0, $1).map(-) }
            for i in 0..<d { a[i][i] += 1e-5 * Swift.max(a[i][i], 1) }
            let w = solveLinearSystem(a, zip(totalMoment, moment[k]).map(-))
            for row in (k * horizon)..<((k + 1) * horizon) {
                baseline[row] = Float(zip(w, features[row]).reduce(0) { $0 + $1.0 * $1.1 })
            }
        }
        return baseline
    }
}

/// The solution of a x = b for a small symmetric positive definite a (Cholesky); a ridge
/// term keeps a positive definite, and a pivot that is not is clamped rather than trapped on.
func solveLinearSystem(_ a: [[Double]], _ b: [Double]) -> [Double] {
    let n = b.count
    var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n {
        for j in 0...i {
            var sum = a[i][j]
            for k in 0..<j { sum -= l[i][k] * l[j][k] }
            l[i][j] = i == j ? Swift.max(sum, 1e-12).squareRoot() : sum / l[j][j]
        }
    }
    var y = [Double](repeating: 0, count: n), x = y
    for i in 0..<n { y[i] = (b[i] - (0..<i).reduce(0) { $0 + l[i][$1] * y[$1] }) / l[i][i] }
    for i in stride(from: n - 1, through: 0, by: -1) { x[i] = (y[i] - ((i + 1)..<n).reduce(0) { $0 + l[$1][i] * x[$1] }) / l[i][i] }
    return x
}
