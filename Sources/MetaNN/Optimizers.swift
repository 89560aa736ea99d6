import MetaTensor

/// An optimizer's update of parameters from their gradients. Updates detach: the result is
/// a fresh set of constants (the differentiable inner step of MAML lives in MetaLearn).
public protocol Optimizer: Sendable {
    /// Moves `parameters` one step against `gradients` (same order and shapes).
    mutating func step(_ parameters: inout Parameters, gradients: [Tensor])
    /// The learning rate, adjustable for schedules.
    var learningRate: Float { get set }
}

/// Stochastic gradient descent, with optional momentum.
public struct SGD: Optimizer {
    public var learningRate: Float
    public var momentum: Float
    private var velocity: [[Float]] = []

    public init(learningRate: Float, momentum: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    public mutating func step(_ parameters: inout Parameters, gradients: [Tensor]) {
        precondition(gradients.count == parameters.tensors.count, "\(gradients.count) gradients for \(parameters.tensors.count) parameters")
        if velocity.isEmpty && momentum != 0 { velocity = parameters.tensors.map { [Float](repeating: 0, count: $0.count) } }
        var updated: [Tensor] = []
        for (index, (theta, grad)) in zip(parameters.tensors, gradients).enumerated() {
            let out = TensorStorage(count: theta.count)
            let (p, g, o) = (theta.storage.pointer, grad.storage.pointer, out.pointer)
            if momentum == 0 {
                for i in 0..<theta.count { o[i] = p[i] - learningRate * g[i] }
            } else {
                velocity[index].withUnsafeMutableBufferPointer { v in
                    for i in 0..<theta.count {
                        v[i] = momentum * v[i] + g[i]
                        o[i] = p[i] - learningRate * v[i]
                    }
                }
            }
            updated.append(Tensor(shape: theta.shape, storage: out))
        }
        parameters = parameters.with(tensors: updated)
    }
}

/// Adam (Kingma & Ba 2015) with bias correction.
public struct Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float
    private var firstMoment: [[Float]] = []
    private var secondMoment: [[Float]] = []
    private var steps = 0

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public mutating func step(_ parameters: inout Parameters, gradients: [Tensor]) {
        precondition(gradients.count == parameters.tensors.count, "\(gradients.count) gradients for \(parameters.tensors.count) parameters")
        if firstMoment.isEmpty {
            firstMoment = parameters.tensors.map { [Float](repeating: 0, count: $0.count) }
            secondMoment = firstMoment
        }
        steps += 1
        let correction1 = 1 - Float(Foundation.pow(Double(beta1), Double(steps)))
        let correction2 = 1 - Float(Foundation.pow(Double(beta2), Double(steps)))
        let stepSize = learningRate / correction1
        var updated: [Tensor] = []
        for (index, (theta, grad)) in zip(parameters.tensors, gradients).enumerated() {
            precondition(theta.shape == grad.shape, "gradient \(grad.shape) for parameter \(theta.shape)")
            let out = TensorStorage(count: theta.count)
            let (p, g, o) = (theta.storage.pointer, grad.storage.pointer, out.pointer)
            let (b1, b2, eps) = (beta1, beta2, epsilon)
            firstMoment[index].withUnsafeMutableBufferPointer { m in
                secondMoment[index].withUnsafeMutableBufferPointer { v in
                    for i in 0..<theta.count {
                        m[i] = b1 * m[i] + (1 - b1) * g[i]
                        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                        o[i] = p[i] - stepSize * m[i] / ((v[i] / correction2).squareRoot() + eps)
                    }
                }
            }
            updated.append(Tensor(shape: theta.shape, storage: out))
        }
        parameters = parameters.with(tensors: updated)
    }
}

import Foundation
