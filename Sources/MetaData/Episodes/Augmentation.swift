import MetaTensor

/// A random change to an image, drawn from the generator passed in. As a class augmentation
/// (see `EpisodeSampler`) every image of a class gets the same draw, which turns one class
/// into a new one; as an image augmentation each image gets its own draw.
public protocol Augmentation: Sendable {
    /// The changed image.
    func apply(_ image: GreyImage, using generator: inout SeededGenerator) -> GreyImage
}

extension Augmentation {
    /// This augmentation followed by `next`.
    public func then(_ next: any Augmentation) -> AugmentationChain { AugmentationChain([self, next]) }
}

/// Several augmentations applied in order.
public struct AugmentationChain: Augmentation {
    /// The steps, first applied first.
    public let steps: [any Augmentation]

    /// A chain of `steps`.
    public init(_ steps: [any Augmentation]) { self.steps = steps }

    /// See `Augmentation.apply(_:using:)`.
    public func apply(_ image: GreyImage, using generator: inout SeededGenerator) -> GreyImage {
        steps.reduce(image) { current, step in step.apply(current, using: &generator) }
    }
}

/// A turn by 0°, 90°, 180° or 270°, chosen uniformly.
public struct RandomQuarterTurn: Augmentation {
    /// A random quarter turn.
    public init() {}

    /// See `Augmentation.apply(_:using:)`.
    public func apply(_ image: GreyImage, using generator: inout SeededGenerator) -> GreyImage {
        image.rotated90(Int(generator.next() % 4))
    }
}

/// A small random affine warp (rotation, scale, shear, shift) about the image centre,
/// sampled bilinearly.
public struct RandomAffine: Augmentation {
    /// The largest rotation either way, in radians.
    public var maxRotation: Float
    /// The range of the (uniform, per-axis-equal) scale factor.
    public var scale: ClosedRange<Float>
    /// The largest horizontal shear either way.
    public var maxShear: Float
    /// The largest shift either way along each axis, in pixels.
    public var maxShift: Float

    /// A random affine warp with the given limits (the defaults suit 28×28 characters).
    public init(maxRotation: Float = 0.15, scale: ClosedRange<Float> = 0.9...1.1, maxShear: Float = 0.15, maxShift: Float = 1.5) {
        self.maxRotation = maxRotation
        self.scale = scale
        self.maxShear = maxShear
        self.maxShift = maxShift
    }

    /// Draws one transform (rotation, then shear, then scale, then shift).
    public func transform(using generator: inout SeededGenerator) -> AffineTransform {
        let angle = generator.uniform(-maxRotation, maxRotation)
        let factor = generator.uniform(scale.lowerBound, scale.upperBound)
        let shear = generator.uniform(-maxShear, maxShear)
        let dx = generator.uniform(-maxShift, maxShift), dy = generator.uniform(-maxShift, maxShift)
        return AffineTransform.translation(dx, dy)
            .after(.scale(factor, factor))
            .after(.shear(shear))
            .after(.rotation(angle))
    }

    /// See `Augmentation.apply(_:using:)`.
    public func apply(_ image: GreyImage, using generator: inout SeededGenerator) -> GreyImage {
        image.warped(by: transform(using: &generator))
    }
}
