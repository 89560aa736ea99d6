import Foundation

/// A 2-D affine map `p ↦ A·p + t`, used on image coordinates measured from the image centre
/// (x to the right, y down), so rotations and scalings keep the centre fixed.
public struct AffineTransform: Sendable, Equatable {
    /// The linear part, row-major: x′ = a·x + b·y + tx, y′ = c·x + d·y + ty.
    public var a: Float, b: Float, c: Float, d: Float
    /// The shift.
    public var tx: Float, ty: Float

    /// A transform from its six coefficients.
    public init(a: Float, b: Float, c: Float, d: Float, tx: Float, ty: Float) {
        (self.a, self.b, self.c, self.d, self.tx, self.ty) = (a, b, c, d, tx, ty)
    }

    /// The identity.
    public static let identity = AffineTransform(a: 1, b: 0, c: 0, d: 1, tx: 0, ty: 0)

    /// A rotation by `angle` radians (clockwise on screen, as y points down).
    public static func rotation(_ angle: Float) -> AffineTransform {
        let cosine = Float(cos(Double(angle))), sine = Float(sin(Double(angle)))
        return AffineTransform(a: cosine, b: -sine, c: sine, d: cosine, tx: 0, ty: 0)
    }

    /// A scaling by `sx` horizontally and `sy` vertically.
    public static func scale(_ sx: Float, _ sy: Float) -> AffineTransform {
        AffineTransform(a: sx, b: 0, c: 0, d: sy, tx: 0, ty: 0)
    }

    /// A horizontal shear: x′ = x + `amount`·y.
    public static func shear(_ amount: Float) -> AffineTransform {
        AffineTransform(a: 1, b: amount, c: 0, d: 1, tx: 0, ty: 0)
    }

    /// A shift by (`dx`, `dy`).
    public static func translation(_ dx: Float, _ dy: Float) -> AffineTransform {
        AffineTransform(a: 1, b: 0, c: 0, d: 1, tx: dx, ty: dy)
    }

    /// `self` applied after `first`.
    public func after(_ first: AffineTransform) -> AffineTransform {
        AffineTransform(a: a * first.a + b * first.c, b: a * first.b + b * first.d,
                        c: c * first.a + d * first.c, d: c * first.b + d * first.d,
                        tx: a * first.tx + b * first.ty + tx, ty: c * first.tx + d * first.ty + ty)
    }

    /// The map undoing this one; `nil` when it is singular.
    public var inverse: AffineTransform? {
        let determinant = a * d - b * c
        guard abs(determinant) > 1e-12 else { return nil }
        let ia = d / determinant, ib = -b / determinant, ic = -c / determinant, id = a / determinant
        return AffineTransform(a: ia, b: ib, c: ic, d: id, tx: -(ia * tx + ib * ty), ty: -(ic * tx + id * ty))
    }

    /// The image of the point (`x`, `y`).
    public func apply(_ x: Float, _ y: Float) -> (x: Float, y: Float) {
        (a * x + b * y + tx, c * x + d * y + ty)
    }
}
