#pragma once

// <immintrin.h>, the x86 vector intrinsics, for the kernels that use AVX-512 or AVX2 registers
// where the processor has them (negative_binomial_lanes, negative_binomial_lanes_avx2,
// uniform_batch).
//
// g++ 12 warns that the AVX-512 intrinsics' own "undefined" start values are uninitialised
// (they are meant to be): not a warning about this project's code, so it is off for the header
// only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized" // g++'s own warning, unknown to clang
#endif
#include <immintrin.h>
#pragma GCC diagnostic pop

namespace specflow::sim {

// Whether the processor has AVX-512's foundation and DQ parts: what the counts' kernels in AVX-512
// registers use (negative_binomial_lanes, zero_probability), asked once.
[[nodiscard]] inline bool has_avx512_dq() noexcept {
    static const bool avx512 =
        __builtin_cpu_supports("avx512f") != 0 && __builtin_cpu_supports("avx512dq") != 0;
    return avx512;
}

} // namespace specflow::sim
