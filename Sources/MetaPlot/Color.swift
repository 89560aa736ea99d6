/// An 8-bit RGBA colour with straight (not premultiplied) alpha.
public struct Color: Sendable, Hashable {
    /// Red, 0...255.
    public var red: UInt8
    /// Green, 0...255.
    public var green: UInt8
    /// Blue, 0...255.
    public var blue: UInt8
    /// Opacity, 0 (transparent) ... 255 (opaque).
    public var alpha: UInt8

    /// A colour from its four channels.
    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8, _ alpha: UInt8 = 255) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// An opaque colour from a 0xRRGGBB literal.
    public init(hex: UInt32) {
        self.init(UInt8((hex >> 16) & 0xFF), UInt8((hex >> 8) & 0xFF), UInt8(hex & 0xFF))
    }

    /// The same colour with its opacity multiplied by `opacity` (0...1).
    public func withOpacity(_ opacity: Double) -> Color {
        var copy = self
        copy.alpha = UInt8((Double(alpha) * min(max(opacity, 0), 1)).rounded())
        return copy
    }

    /// The colour a fraction `t` (0...1) of the way from `self` to `other`.
    public func mixed(with other: Color, _ t: Double) -> Color {
        func channel(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * min(max(t, 0), 1)).rounded())
        }
        return Color(channel(red, other.red), channel(green, other.green),
                     channel(blue, other.blue), channel(alpha, other.alpha))
    }

    /// Perceived brightness, 0 (black) ... 1 (white), used to pick legible text colours.
    public var luminance: Double {
        (0.2126 * Double(red) + 0.7152 * Double(green) + 0.0722 * Double(blue)) / 255
    }

    /// Opaque white.
    public static let white = Color(255, 255, 255)
    /// Opaque black.
    public static let black = Color(0, 0, 0)
    /// Fully transparent.
    public static let clear = Color(0, 0, 0, 0)
    /// Near-black used for text and axes.
    public static let ink = Color(hex: 0x222222)
    /// Mid grey for secondary text and frames.
    public static let grey = Color(hex: 0x777777)
    /// Light grey for grid lines.
    public static let gridGrey = Color(hex: 0xE3E3E3)
    /// The border of a correctly classified image (Okabe–Ito bluish green).
    public static let correct = Color(hex: 0x009E73)
    /// The border of a misclassified image (Okabe–Ito vermillion).
    public static let wrong = Color(hex: 0xD55E00)
}

/// Colour-blind-safe colour sequences for categorical data.
public enum Palette {
    /// The Okabe–Ito palette (without black), ordered for contrast on white.
    public static let okabeIto: [Color] = [
        Color(hex: 0x0072B2), Color(hex: 0xE69F00), Color(hex: 0x009E73), Color(hex: 0xD55E00),
        Color(hex: 0xCC79A7), Color(hex: 0x56B4E9), Color(hex: 0xF0E442),
    ]

    /// The `index`-th categorical colour, cycling through the Okabe–Ito palette.
    public static func color(_ index: Int) -> Color {
        let count = okabeIto.count
        return okabeIto[((index % count) + count) % count]
    }
}
