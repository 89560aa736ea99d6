#ifndef METALAB_CKERNELS_H
#define METALAB_CKERNELS_H

/// The engine kernels that need CPU instructions Swift does not expose: shuffles (Swift's SIMD
/// types do not have them; LLVM rebuilds their lane-by-lane shuffles as long chains of blends).

/// dst[c * ldd + r] = src[r * lds + c] for r < rows, c < columns: an 8×8 block at a time with
/// AVX shuffles where the CPU has them, element by element at the edges.
void metalab_transpose(const float *src, long lds, long rows, long columns, float *dst, long ldd);

#endif
