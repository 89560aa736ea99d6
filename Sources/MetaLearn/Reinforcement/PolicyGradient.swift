import MetaTensor
import MetaNN

/// The score-function (REINFORCE) estimator, written as surrogate objectives whose autodiff
/// gradients are the estimators, to any order that matters for MAML-RL.
extension GaussianPolicy {
    /// (1/K) Σₖₜ log π(aₖₜ | sₖₜ) · Âₖₜ with the batch's advantages (reward to go minus a
    /// leave-one-out baseline, as `estimator` says) held constant. Its gradient is the REINFORCE
    /// estimate of ∇θ E[return] (Williams 1992; up to a positive scale when the advantages are
    /// normalised); its gradient *at fixed samples* differentiates again to Σ ∇²log π · Â,
    /// which is what MAML's second-order term needs.
    ///
    /// With `lowVarianceCurvature`, log π is replaced by π/stop(π) (Rothfuss et al. 2019,
    /// ProMP's LVC objective): the same value's gradient, but its Hessian gains the per-step
    /// term Σ ∇log π ∇log πᵀ · Â — the part of the sampling distribution's dependence on θ that
    /// MAML's meta-gradient needs, estimated step by step rather than trajectory by trajectory
    /// (biased, much lower variance than the pre-update score term of `MAMLRL`).
    public func surrogate(_ batch: Trajectories, parameters: Parameters, estimator: AdvantageEstimator = .plain,
                          lowVarianceCurvature: Bool = false) -> Tensor {
        let logProbabilities = logProbabilities(states: batch.states, actions: batch.actions, parameters: parameters)
        let advantages = Tensor(shape: [batch.count * batch.horizon], scalars: estimator.advantages(batch))
        let weights = lowVarianceCurvature ? magicBox(logProbabilities) : logProbabilities
        return (weights * advantages).sum() * (1 / Float(batch.count))
    }

    /// One policy-gradient ascent step θ′ = θ + α ∇θ surrogate on `batch`. With θ as variables
    /// and `secondOrder`, θ′ stays a differentiable function of θ (MAML's inner step); without,
    /// the step is a constant added to θ. `lowVarianceCurvature` as in `surrogate`.
    public func adapted(_ parameters: Parameters, on batch: Trajectories, stepSize: Float, estimator: AdvantageEstimator = .plain,
                        secondOrder: Bool = true, lowVarianceCurvature: Bool = false) -> Parameters {
        let theta = parameters.map { $0.requiresGrad ? $0 : $0.variable() }
        let objective = surrogate(batch, parameters: theta, estimator: estimator, lowVarianceCurvature: lowVarianceCurvature)
        let grads = gradients(of: objective, wrt: theta.tensors, createGraph: secondOrder)
        let step = theta.with(tensors: secondOrder ? grads : grads.map { $0.detached() }) * stepSize
        // First order: θ′ = θ + α·stop(∇) — the identity Jacobian of first-order MAML when θ
        // is differentiated, a constant when it is not.
        return secondOrder ? theta + step : parameters + step
    }

    /// log p_θ(τ) up to terms free of θ: Σ log π(a | s) over every step of every trajectory.
    public func logLikelihood(_ batch: Trajectories, parameters: Parameters) -> Tensor {
        logProbabilities(states: batch.states, actions: batch.actions, parameters: parameters).sum()
    }
}

/// DiCE's "magic box" (Foerster et al. 2018): □(x) = exp(x − stop(x)) is 1 in value and has
/// gradient □(x)·∇x, so (□(log p) − 1)·c adds c·∇log p to a gradient and nothing to a value.
func magicBox(_ x: Tensor) -> Tensor {
    (x - x.detached()).exp()
}
