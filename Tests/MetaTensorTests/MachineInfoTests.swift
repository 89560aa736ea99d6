import Testing
@testable import MetaTensor

/// What `metalab bench` reports about the machine.
@Suite struct MachineInfoTests {
    @Test func cpuinfoFieldsAreReadFromTheFirstProcessor() {
        let text = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\nmodel name\t: AMD EPYC 9654\nflags\t\t: fpu avx2 avx512f\n\nprocessor\t: 1\nmodel name\t: other\n"
        let fields = MachineInfo.cpuinfoFields(text)
        #expect(fields["model name"] == "AMD EPYC 9654")
        #expect(fields["cpu family"] == "25" && fields["model"] == "17")
        #expect(MachineInfo.vectorBits(flags: Set(fields["flags"]!.split(separator: " ").map(String.init))) == 512)
        #expect(MachineInfo.vectorBits(flags: ["sse2", "avx", "avx2", "fma"]) == 256)
        #expect(MachineInfo.vectorBits(flags: ["sse2"]) == 128)
    }

    @Test func thisMachineIsDescribed() {
        #expect(!MachineInfo.cpuModel.isEmpty)
        #expect([128, 256, 512].contains(MachineInfo.vectorBits))
    }

    @Test func fmaPeakIsAPlausibleRate() {
        // At least one 128-bit FMA every other cycle at 1 GHz; at most 64 FLOP per cycle at 6 GHz.
        let peak = MachineInfo.fmaPeak(seconds: 0.01, repeats: 2)
        #expect(peak > 4 && peak < 384, "FMA peak \(peak) GFLOP/s")
    }
}
