#include "CKernels.h"

#if defined(__SSE2__)
#include <immintrin.h>
void metalab_spin_pause(void) { _mm_pause(); }
#else
void metalab_spin_pause(void) {}
#endif
