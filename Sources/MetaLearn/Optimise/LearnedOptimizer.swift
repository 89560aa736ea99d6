import MetaTensor
import MetaNN

/// Learning to learn by gradient descent by gradient descent (Andrychowicz, Denil, Gómez,
/// Hoffman, Pfau, Schaul, Shillingford & de Freitas, NeurIPS 2016).
///
/// An optimizer m with weights φ — a two-layer LSTM applied to every coordinate of the
/// optimizee's parameters separately (coordinates are the batch, φ is shared) — proposes each
/// step's update from that coordinate's gradient and its own memory:
///
///     [gₜ, hₜ₊₁] = m(preprocess(∇f(θₜ)), hₜ; φ)        θₜ₊₁ = θₜ + s·gₜ
///
/// φ is meta-trained so the whole trajectory is low: the meta-loss of an unroll of T steps is
/// L(φ) = Σₜ₌₁ᵀ f(θₜ), back-propagated through the unroll. Training is truncated BPTT: a run of
/// `horizon` steps on one problem is cut into unrolls of T steps, each starting where the last
/// ended with θ and the LSTM state cut from the graph; Adam updates φ after each unroll.
/// With `secondOrder` the graph of each ∇f(θₜ) is kept, so ∇φL is exact; the paper drops that
/// term (it assumes ∂∇ₜ/∂φ = 0), which `secondOrder: false` reproduces at lower cost.
///
/// Hyper-parameters (paper): 2 layers of 20 units, preprocessing p = 10, unrolls of T = 20
/// steps, runs of 100 steps per training problem, Adam on φ; here the output is scaled by s = 0.1.
public struct LearnedOptimizer: Sendable {
    /// The optimizer's architecture and meta-training settings.
    public struct Configuration: Sendable {
        /// LSTM units per layer.
        public var hiddenSize = 20
        /// Stacked LSTM layers.
        public var layers = 2
        /// p of the log-magnitude and sign preprocessing.
        public var preprocessing: Float = 10
        /// s, the factor on the LSTM's output.
        public var outputScale: Float = 0.1
        /// T, optimisation steps per unroll (per update of φ).
        public var unrollSteps = 20
        /// Optimisation steps on one training problem before a new one is drawn.
        public var horizon = 100
        /// Problems optimised side by side (on all cores); their meta-gradients are averaged.
        public var problemsPerUpdate = 1
        /// Adam's learning rate on φ.
        public var metaLearningRate: Float = 1e-3
        /// Clip the meta-gradient to this global norm (nil: no clipping).
        public var clipNorm: Float? = 10
        /// Differentiate through the optimizee's gradients (exact meta-gradient).
        public var secondOrder = true

        /// The paper's settings unless given.
        public init(hiddenSize: Int = 20, layers: Int = 2, preprocessing: Float = 10, outputScale: Float = 0.1,
                    unrollSteps: Int = 20, horizon: Int = 100, problemsPerUpdate: Int = 1,
                    metaLearningRate: Float = 1e-3, clipNorm: Float? = 10, secondOrder: Bool = true) {
            self.hiddenSize = hiddenSize
            self.layers = layers
            self.preprocessing = preprocessing
            self.outputScale = outputScale
            self.unrollSteps = unrollSteps
            self.horizon = horizon
            self.problemsPerUpdate = problemsPerUpdate
            self.metaLearningRate = metaLearningRate
            self.clipNorm = clipNorm
            self.secondOrder = secondOrder
        }
    }

    /// The LSTM's memory: hidden and cell state of each layer, [coordinates, hiddenSize] each.
    public struct State: Sendable {
        /// hₜ of each layer.
        public var hidden: [Tensor]
        /// cₜ of each layer.
        public var cell: [Tensor]

        /// The same values cut from the graph.
        public func detached() -> State { State(hidden: hidden.map { $0.detached() }, cell: cell.map { $0.detached() }) }
    }

    /// Where an optimisation run stands: the optimizee's θₜ, the LSTM state and t.
    public struct Run: Sendable {
        /// θₜ.
        public var parameters: Parameters
        /// The LSTM's memory.
        public var state: State
        /// t, steps taken so far.
        public var step: Int

        /// The same run cut from the graph (the truncation of truncated BPTT).
        public func detached() -> Run { Run(parameters: parameters.detached(), state: state.detached(), step: step) }
    }

    /// Architecture and meta-training settings.
    public let configuration: Configuration
    /// φ: per layer `lstmL.weight_ih` [4H, in], `lstmL.weight_hh` [4H, H], `lstmL.bias` [4H];
    /// then `output.weight` [1, H], `output.bias` [1].
    public var weights: Parameters
    /// The meta-training curve (loss: mean f(θₜ) over each unroll).
    public var report = TrainingReport()

    /// An optimizer with freshly initialised φ.
    public init(configuration: Configuration = Configuration(), using generator: inout SeededGenerator) {
        precondition(configuration.layers >= 1 && configuration.hiddenSize >= 1 && configuration.unrollSteps >= 1,
                     "learned optimizer configuration \(configuration)")
        self.configuration = configuration
        let h = configuration.hiddenSize
        var entries: [(String, Tensor)] = []
        for layer in 0..<configuration.layers {
            let inputs = layer == 0 ? 2 : h
            entries.append(("lstm\(layer).weight_ih", Initializer.fanInUniform([4 * h, inputs], fanIn: h, using: &generator)))
            entries.append(("lstm\(layer).weight_hh", Initializer.fanInUniform([4 * h, h], fanIn: h, using: &generator)))
            entries.append(("lstm\(layer).bias", Tensor(zeros: [4 * h])))
        }
        entries.append(("output.weight", Initializer.fanInUniform([1, h], fanIn: h, using: &generator)))
        entries.append(("output.bias", Tensor(zeros: [1])))
        weights = Parameters(entries)
    }

    /// A run at θ₀ of `problem` with an empty LSTM memory.
    public func start(_ problem: some OptimizationProblem) -> Run {
        let n = problem.initialParameters.scalarCount, zeros = Tensor(zeros: [n, configuration.hiddenSize])
        let state = State(hidden: Array(repeating: zeros, count: configuration.layers), cell: Array(repeating: zeros, count: configuration.layers))
        return Run(parameters: problem.initialParameters, state: state, step: 0)
    }

    /// The update s·gₜ [n, 1] for gradients [n, 1], and the LSTM's next state, under weights `w`.
    public func proposal(for gradient: Tensor, state: State, weights w: Parameters) -> (update: Tensor, state: State) {
        var x = logMagnitudeAndSign(gradient, p: configuration.preprocessing)
        var next = state
        for layer in 0..<configuration.layers {
            (next.hidden[layer], next.cell[layer]) = Layers.lstmCell(
                x, hidden: state.hidden[layer], cell: state.cell[layer], inputWeight: w["lstm\(layer).weight_ih"],
                hiddenWeight: w["lstm\(layer).weight_hh"], bias: w["lstm\(layer).bias"])
            x = next.hidden[layer]
        }
        return (Layers.linear(x, weight: w["output.weight"], bias: w["output.bias"]) * configuration.outputScale, next)
    }

    /// `steps` optimisation steps of `problem` from `run` under weights `w`: the meta-loss
    /// Σₜ₌₁ᵀ f(θₜ) (differentiable with respect to `w` when `w` are variables), where the run
    /// ends, and the losses f(θ₀) … f(θ_T) along the way.
    public func unroll(_ problem: some OptimizationProblem, from run: Run, steps: Int,
                       weights w: Parameters) -> (metaLoss: Tensor, end: Run, losses: [Float]) {
        let tracking = w.tensors.contains { $0.requiresGrad }
        var theta = run.parameters, state = run.state
        var metaLoss = Tensor(0), losses: [Float] = []
        for t in 0..<steps {
            // Without a meta-gradient to take, each step starts from constants (no graph grows).
            if !tracking { theta = theta.detached() }
            theta = theta.map { $0.requiresGrad ? $0 : $0.variable() }
            let loss = problem.loss(theta, step: run.step + t)
            if t > 0 { metaLoss = metaLoss + loss }
            losses.append(loss.scalar)
            let grads = gradients(of: loss, wrt: theta.tensors, createGraph: tracking && configuration.secondOrder)
            let (update, next) = proposal(for: theta.with(tensors: grads).column, state: state, weights: w)
            theta = theta + theta.fromColumn(update)
            state = next
        }
        let final = problem.loss(tracking ? theta : theta.detached(), step: run.step + steps)
        losses.append(final.scalar)
        return (metaLoss + final, Run(parameters: theta, state: state, step: run.step + steps), losses)
    }

    /// The meta-loss of one unroll from `run` and its gradient with respect to φ, and where the run ends.
    public func metaGradient(_ problem: some OptimizationProblem, from run: Run, steps: Int) -> (loss: Float, gradients: [Tensor], end: Run) {
        let phi = weights.variables()
        let (metaLoss, end, _) = unroll(problem, from: run, steps: steps, weights: phi)
        return (metaLoss.scalar, gradients(of: metaLoss, wrt: phi.tensors), end.detached())
    }

    /// The losses f(θ₀) … f(θ_steps) of optimising `problem` with this optimizer.
    public func trajectory(on problem: some OptimizationProblem, steps: Int) -> [Float] {
        unroll(problem, from: start(problem), steps: steps, weights: weights.detached()).losses
    }

    /// Meta-trains φ for `updates` unrolls. Problems come from `problems`, a fresh one each
    /// `horizon` steps. Throws `TrainingError.diverged` on a non-finite meta-loss or gradient,
    /// keeping the φ from before it; a stop request ends training early, keeping what was learned.
    public mutating func train<Problem: OptimizationProblem>(problems: TaskSampler<Problem>, updates: Int,
                                                            hooks: TrainingHooks = .silent,
                                                            using generator: inout SeededGenerator) throws {
        var adam = Adam(learningRate: configuration.metaLearningRate)
        let unrollsPerProblem = max(1, configuration.horizon / configuration.unrollSteps)
        var runs: [(problem: Problem, run: Run)] = []
        var report = self.report
        defer { self.report = report }
        try TrainingLoop(iterations: updates).run(report: &report, hooks: hooks) { update, iteration in
            if update % unrollsPerProblem == 0 {
                runs = try (0..<configuration.problemsPerUpdate).map { _ in
                    let problem = try problems(&generator)
                    return (problem, self.start(problem))
                }
            }
            let optimizer = self, current = runs, steps = configuration.unrollSteps
            let outcomes = parallelMap(current.count) { optimizer.metaGradient(current[$0].problem, from: current[$0].run, steps: steps) }
            let scale = 1 / Float(outcomes.count)
            var mean = outcomes[0].gradients.map { $0 * scale }
            for outcome in outcomes.dropFirst() { mean = zip(mean, outcome.gradients).map { $0 + $1 * scale } }
            let loss = outcomes.map(\.loss).reduce(0, +) * scale / Float(steps)
            try requireFinite(loss, gradients: mean, iteration: iteration, hint: "meta-lr or output scale")
            if let norm = configuration.clipNorm { mean = clippedByGlobalNorm(mean, maxNorm: norm) }
            adam.step(&weights, gradients: mean)
            runs = zip(current, outcomes).map { ($0.problem, $1.end) }
            return (loss, nil)
        }
    }
}
