/// A 64-bit seed derived from several values (a dataset seed, a class index, a drawing
/// index…): each value is folded in with the SplitMix64 finaliser, so nearby inputs give
/// unrelated seeds and the result never depends on anything but the values.
func mixedSeed(_ values: UInt64...) -> UInt64 {
    values.reduce(0x6A09_E667_F3BC_C908) { state, value in
        var z = (state ^ value) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
