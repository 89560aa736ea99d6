/// Every benchmark `metalab bench` knows, in the order it reports them.
public enum BenchmarkSuite {
    /// All benchmarks.
    public static let all: [Benchmark] = [.gemm512, .gemmConv2, .conv4ForwardBackward, .mamlStep, .fomamlStep, .protonetEpisode]

    /// The names `--only` accepts.
    public static var names: [String] { all.map(\.name) }
}
