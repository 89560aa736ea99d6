import Foundation
import MetaTensor
import MetaNN

/// A differentiable ridge-regression head: R2-D2 (Bertinetto, Henriques, Torr & Vedaldi,
/// ICLR 2019) and MetaOptNet-RR (Lee, Maji, Ravichandran & Soatto, CVPR 2019).
///
/// For each episode a linear classifier is fitted to the support embeddings X [n, d] and
/// their one-hot labels Y [n, ways] in closed form, and the embedding is trained through it:
///
///     W = argmin ‖XW − Y‖² + λ‖W‖² = Xᵀ(XXᵀ + λI)⁻¹Y      (Woodbury: an n×n solve, n = ways·shots)
///     logits(x̂) = α · f(x̂)W + β
///     φ, λ, α, β ← Adam(∇ −log softmax(logits)[y]) over query images, one episode per step
///
/// The gradient flows through the solve (∂(A⁻¹B) is two more solves), so the embedding learns
/// features that a ridge regressor separates well. λ = exp(log λ) stays positive; α rescales
/// the regression outputs (about 1/ways in size) into useful logits. β is a single offset as
/// in R2-D2; under a softmax it cancels, so it only matters for a sigmoid read-out.
///
/// Hyper-parameters: Conv-4 64 embedding; Adam 1e-3; initial λ (1) and α.
public struct RidgeRegressionHead: EpisodicLearner {
    /// The head's initial values.
    public struct Configuration: Sendable {
        /// λ when training starts (learned as log λ).
        public var initialLambda: Float
        /// The output scale α when training starts.
        public var initialScale: Float

        /// Initial values (the defaults: λ = 1, α = 10).
        public init(initialLambda: Float = 1, initialScale: Float = 10) {
            self.initialLambda = initialLambda
            self.initialScale = initialScale
        }
    }

    /// The embedding network shared by support and query images.
    public let embedding: any Model
    /// The embedding's weights and the learner's own.
    public var parameters: Parameters
    /// The training curve so far.
    public var report = TrainingReport()

    /// Names of the head's own parameters in `parameters`.
    public static let logLambdaName = "ridge.log_lambda", scaleName = "ridge.scale", biasName = "ridge.bias"

    /// A head on fresh weights for `embedding` (default: Conv-4, 64 filters, no head). Throws
    /// `EpisodicSettingError` unless λ is positive.
    public init(embedding: any Model = Conv4(.init(classes: 0)), configuration: Configuration = Configuration(),
                using generator: inout SeededGenerator) throws(EpisodicSettingError) {
        guard configuration.initialLambda > 0 && configuration.initialLambda.isFinite else {
            throw .invalid(name: "lambda", value: "\(configuration.initialLambda)", expected: "a positive number")
        }
        self.embedding = embedding
        parameters = embedding.initialParameters(using: &generator).appending([
            (Self.logLambdaName, Tensor(shape: [1], scalars: [Foundation.log(configuration.initialLambda)])),
            (Self.scaleName, Tensor(shape: [1], scalars: [configuration.initialScale])),
            (Self.biasName, Tensor(shape: [1], scalars: [0])),
        ])
    }

    /// The ridge solution W = Xᵀ(XXᵀ + λI)⁻¹Y for support embeddings X [n, d] and one-hot
    /// labels Y [n, ways]: [d, ways].
    public static func ridgeWeights(_ x: Tensor, labels: [Int], ways: Int, lambda: Tensor) -> Tensor {
        let n = x.shape[0]
        let y = Tensor.oneHot(labels, classes: ways)                               // n x ways
        let gram = x.matmul(x, transposeOther: true) + Tensor.identity(n) * lambda  // n x n
        return x.matmul(gram.solve(y), transposeSelf: true)                        // d x ways
    }

    /// α · X_q W + β with W the ridge solution on the support set: [Q, ways].
    public func logits(support: Tensor, supportLabels: [Int], query: Tensor, ways: Int, parameters: Parameters) -> Tensor {
        let w = Self.ridgeWeights(support, labels: supportLabels, ways: ways, lambda: parameters[Self.logLambdaName].exp())
        return query.matmul(w) * parameters[Self.scaleName] + parameters[Self.biasName]  // Q x ways
    }

    /// The current λ.
    public var lambda: Float { parameters[Self.logLambdaName].exp().scalar }
}
