// swift-tools-version:6.0
import PackageDescription

/// Compute targets are always optimised and built for the host CPU: without `-O`, `swift test`
/// (a debug build) runs the kernels hundreds of times slower, and without a CPU-target flag
/// SIMD fused multiply-adds become library calls.
let computeFlags: [SwiftSetting] = [.unsafeFlags(["-O", "-target-cpu", "native"])]

let package = Package(
    name: "MetaLab",
    products: [
        .executable(name: "metalab", targets: ["metalab"]),
        .library(name: "MetaLab", targets: ["MetaFiles", "MetaTensor", "MetaNN", "MetaData", "MetaPlot", "MetaLearn", "MetaLesson", "MetaSession"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // MARK: System libraries
        .systemLibrary(name: "CReadline", pkgConfig: "readline", providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: Files: bounded reads and atomic writes, shared by every reader and writer
        .target(name: "MetaFiles"),

        // MARK: Engine and models
        // The shuffle kernels Swift cannot express (a transpose), built for the host CPU.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3", "-march=native"])]),
        .target(name: "MetaTensor", dependencies: ["CKernels"], swiftSettings: computeFlags),
        .target(name: "MetaNN", dependencies: ["MetaTensor", "MetaFiles"], swiftSettings: computeFlags),

        // MARK: Data and figures
        .target(name: "MetaData", dependencies: ["MetaTensor", "MetaFiles", "CPNG", "CZlib"], swiftSettings: computeFlags),
        .target(name: "MetaPlot", dependencies: ["MetaFiles", "CPNG"], swiftSettings: computeFlags),

        // MARK: Algorithms
        .target(name: "MetaLearn", dependencies: ["MetaTensor", "MetaNN", "MetaData"], swiftSettings: computeFlags),
        // Speed figures for `metalab bench`; only the executable uses them.
        .target(name: "MetaBench", dependencies: ["MetaTensor", "MetaNN", "MetaLearn"], swiftSettings: computeFlags),

        // MARK: Lessons, the session and the executable
        // MetaLesson (parsing and rendering) needs no other module, so it builds fast and fuzzes alone.
        .target(name: "MetaLesson"),
        .target(name: "MetaSession", dependencies: ["MetaFiles", "MetaLesson", "MetaTensor", "MetaNN", "MetaData", "MetaPlot", "MetaLearn"],
                swiftSettings: computeFlags),
        .executableTarget(name: "metalab", dependencies: [
            "MetaSession", "MetaLesson", "MetaLearn", "MetaPlot", "MetaBench", "CReadline", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: computeFlags),

        // MARK: Tests
        .testTarget(name: "MetaTensorTests", dependencies: ["MetaTensor"], swiftSettings: computeFlags),
        .testTarget(name: "MetaNNTests", dependencies: ["MetaNN"], swiftSettings: computeFlags),
        .testTarget(name: "MetaDataTests", dependencies: ["MetaData", "MetaFiles", "CZlib"], swiftSettings: computeFlags),
        .testTarget(name: "MetaPlotTests", dependencies: ["MetaPlot", "CPNG"]),
        .testTarget(name: "MetaLearnTests", dependencies: ["MetaLearn"], swiftSettings: computeFlags),
        .testTarget(name: "MetaLessonTests", dependencies: ["MetaLesson"]),
        .testTarget(name: "MetaSessionTests", dependencies: ["MetaSession", "MetaNN"], swiftSettings: computeFlags),
        .testTarget(name: "LessonChecks", dependencies: ["MetaSession"], swiftSettings: computeFlags),
        // Reads Sources/ only: fails when a module imports one above it.
        .testTarget(name: "LayeringTests"),
    ],
    swiftLanguageModes: [.v6]
)
