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

#include "sim/kernel/vector_limit.hpp"

namespace specflow::sim {

// Whether the processor has AVX-512's foundation and DQ parts, and SPECFLOW_VECTORS does not cap
// the kernels below them: what the counts' kernels in AVX-512 registers use
// (negative_binomial_lanes, zero_probability), asked once.
[[nodiscard]] inline bool has_avx512_dq() noexcept {
    static const bool avx512 = __builtin_cpu_supports("avx512f") != 0 &&
                               __builtin_cpu_supports("avx512dq") != 0 &&
                               vector_limit() == VectorWidth::avx512;
    return avx512;
}

// Whether the processor has AVX2, and SPECFLOW_VECTORS does not cap the kernels below it: what
// the kernels in AVX2 registers use where AVX-512 is missing or capped
// (negative_binomial_lanes_avx2, negative_binomial_walk_lanes, uniform_batch), asked once.
[[nodiscard]] inline bool has_avx2() noexcept {
    static const bool avx2 =
        __builtin_cpu_supports("avx2") != 0 && vector_limit() != VectorWidth::none;
    return avx2;
}

} // namespace specflow::sim
