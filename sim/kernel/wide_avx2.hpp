#pragma once

// Vector lanes in AVX2 registers, for the kernels of processors with AVX2 but not AVX-512
// (negative_binomial_lanes_avx2): N registers of four doubles as one value, with the arithmetic,
// comparisons and masks the AVX-512 kernels get from their registers and mask registers, and a
// logarithm. Each function is target("avx2"): call them only where the processor has AVX2, from
// code compiled without fused multiply-adds (ISO C++ mode, -ffp-contract=off), so that every
// operation is the scalar one.

#include "sim/kernel/vector_intrinsics.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace specflow::sim::counts::avx2 {

// N registers of four lanes, lanes 4i to 4i + 3 in register i; as a mask, all ones in a lane that
// is set. The helpers below take each step in every register before the next, so that a long
// chain of dependent steps (a logarithm's series) runs in all N at once rather than one register's
// chain after another's.
template <std::size_t N>
struct Wide {
    __m256d r[N];
};
// A group's eight lanes.
using Lanes = Wide<2>;

#define SPECFLOW_AVX2 [[gnu::always_inline]] inline __attribute__((target("avx2")))
#define SPECFLOW_EACH _Pragma("GCC unroll 8") for (std::size_t i = 0; i < N; ++i)

template <std::size_t N = 2>
SPECFLOW_AVX2 Wide<N> all(double x) {
    Wide<N> out;
    SPECFLOW_EACH out.r[i] = _mm256_set1_pd(x);
    return out;
}
template <std::size_t N = 2>
SPECFLOW_AVX2 Wide<N> load(const double* p) {
    Wide<N> out;
    SPECFLOW_EACH out.r[i] = _mm256_loadu_pd(p + 4 * i);
    return out;
}
template <std::size_t N>
SPECFLOW_AVX2 void store(double* p, Wide<N> a) {
    SPECFLOW_EACH _mm256_storeu_pd(p + 4 * i, a.r[i]);
}
// Each lane's a op b, or op a: one intrinsic in every register.
#define SPECFLOW_BINARY(name, intrinsic)                                                           \
    template <std::size_t N>                                                                       \
    SPECFLOW_AVX2 Wide<N> name(Wide<N> a, Wide<N> b) {                                             \
        Wide<N> out;                                                                               \
        SPECFLOW_EACH out.r[i] = intrinsic(a.r[i], b.r[i]);                                        \
        return out;                                                                                \
    }
#define SPECFLOW_UNARY(name, intrinsic)                                                            \
    template <std::size_t N>                                                                       \
    SPECFLOW_AVX2 Wide<N> name(Wide<N> a) {                                                        \
        Wide<N> out;                                                                               \
        SPECFLOW_EACH out.r[i] = intrinsic(a.r[i]);                                                \
        return out;                                                                                \
    }
SPECFLOW_BINARY(add, _mm256_add_pd)
SPECFLOW_BINARY(sub, _mm256_sub_pd)
SPECFLOW_BINARY(mul, _mm256_mul_pd)
SPECFLOW_BINARY(div, _mm256_div_pd)
SPECFLOW_BINARY(both, _mm256_and_pd)
SPECFLOW_BINARY(either, _mm256_or_pd)
SPECFLOW_BINARY(but_not, _mm256_andnot_pd) // b's lanes not in a
SPECFLOW_UNARY(root, _mm256_sqrt_pd)
SPECFLOW_UNARY(floor, _mm256_floor_pd)
#undef SPECFLOW_UNARY
#undef SPECFLOW_BINARY
template <std::size_t N>
SPECFLOW_AVX2 Wide<N> absolute(Wide<N> a) {
    Wide<N> out;
    SPECFLOW_EACH out.r[i] = _mm256_andnot_pd(_mm256_set1_pd(-0.0), a.r[i]);
    return out;
}
template <std::size_t N>
SPECFLOW_AVX2 Wide<N> flip_sign(Wide<N> a, Wide<N> where) {
    Wide<N> out;
    SPECFLOW_EACH out.r[i] = _mm256_xor_pd(a.r[i], _mm256_and_pd(where.r[i], _mm256_set1_pd(-0.0)));
    return out;
}
// `then` in the lanes of mask, `otherwise` elsewhere (_mm512_mask_blend_pd(mask, otherwise,
// then)).
template <std::size_t N>
SPECFLOW_AVX2 Wide<N> choose(Wide<N> mask, Wide<N> otherwise, Wide<N> then) {
    Wide<N> out;
    SPECFLOW_EACH out.r[i] = _mm256_blendv_pd(otherwise.r[i], then.r[i], mask.r[i]);
    return out;
}
template <int Predicate, std::size_t N>
SPECFLOW_AVX2 Wide<N> compare(Wide<N> a, Wide<N> b) {
    Wide<N> out;
    SPECFLOW_EACH out.r[i] = _mm256_cmp_pd(a.r[i], b.r[i], Predicate);
    return out;
}
// A bit a lane: lane 4i + j at bit 4i + j.
template <std::size_t N>
SPECFLOW_AVX2 std::uint32_t bits(Wide<N> mask) {
    std::uint32_t out = 0;
    SPECFLOW_EACH out |= static_cast<std::uint32_t>(_mm256_movemask_pd(mask.r[i])) << (4 * i);
    return out;
}
template <std::size_t N = 2>
SPECFLOW_AVX2 Wide<N> mask_of(std::uint32_t lanes) {
    const __m256i set = _mm256_set1_epi64x(lanes);
    Wide<N> out;
    SPECFLOW_EACH {
        const __m256i lane_bits =
            _mm256_slli_epi64(_mm256_setr_epi64x(1, 2, 4, 8), static_cast<int>(4 * i));
        out.r[i] =
            _mm256_castsi256_pd(_mm256_cmpeq_epi64(_mm256_and_si256(set, lane_bits), lane_bits));
    }
    return out;
}
// Four lanes' whole numbers (each below 2³¹ in magnitude) as 32-bit integers.
SPECFLOW_AVX2 __m128i to_int32(__m256d whole) {
    return _mm256_cvttpd_epi32(whole);
}
// Each lane's whole number of magnitude below 2⁵¹ as a 64-bit integer: 1.5 · 2⁵² added puts
// it, in two's complement, in the low bits of the sum.
template <std::size_t N>
SPECFLOW_AVX2 void store_int64(std::int64_t* out, Wide<N> whole) {
    const __m256d shift = _mm256_set1_pd(0x1.8p52);
    SPECFLOW_EACH _mm256_storeu_si256(
        reinterpret_cast<__m256i*>(out + 4 * i),
        _mm256_sub_epi64(_mm256_castpd_si256(_mm256_add_pd(whole.r[i], shift)),
                         _mm256_castpd_si256(shift)));
}

// log x in each lane, for x a positive normal double: x = 2^e · m with m in [√½, √2), log m =
// 2 atanh(s) with s = (m − 1)/(m + 1), by its series to s¹⁹, as log_avx512 (within 2e-15 of
// libm's, the lanes' logarithm test), e and m from x's bits.
template <std::size_t N>
SPECFLOW_AVX2 Wide<N> log(Wide<N> x) {
    constexpr double k_ln2 = 0.69314718055994530942;
    constexpr double k_root_two = 1.41421356237309504880;
    const __m256d one = _mm256_set1_pd(1.0);
    Wide<N> e;
    Wide<N> s;
    Wide<N> z;
    Wide<N> series;
    // 1/(2j + 1) for j = 9 … 0, by Horner.
    constexpr std::array<double, 10> k_odd{1.0 / 19, 1.0 / 17, 1.0 / 15, 1.0 / 13, 1.0 / 11,
                                           1.0 / 9,  1.0 / 7,  1.0 / 5,  1.0 / 3,  1.0};
    SPECFLOW_EACH {
        const __m256i bits = _mm256_castpd_si256(x.r[i]);
        // e = exponent field − 1023, from 2⁵² + field read as a double.
        const __m256d e_field =
            _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(
                              _mm256_srli_epi64(bits, 52), _mm256_set1_epi64x(0x4330000000000000))),
                          _mm256_set1_pd(0x1.0p52 + 1023.0));
        const __m256d fraction = _mm256_castsi256_pd(
            _mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi64x(0x000FFFFFFFFFFFFF)),
                            _mm256_set1_epi64x(0x3FF0000000000000)));
        const __m256d halve = _mm256_cmp_pd(fraction, _mm256_set1_pd(k_root_two), _CMP_GT_OQ);
        const __m256d m =
            _mm256_blendv_pd(fraction, _mm256_mul_pd(fraction, _mm256_set1_pd(0.5)), halve);
        e.r[i] = _mm256_blendv_pd(e_field, _mm256_add_pd(e_field, one), halve);
        s.r[i] = _mm256_div_pd(_mm256_sub_pd(m, one), _mm256_add_pd(m, one));
        z.r[i] = _mm256_mul_pd(s.r[i], s.r[i]);
        series.r[i] = _mm256_set1_pd(k_odd[0]);
    }
    for (std::size_t j = 1; j < k_odd.size(); ++j) {
        SPECFLOW_EACH series.r[i] =
            _mm256_add_pd(_mm256_mul_pd(series.r[i], z.r[i]), _mm256_set1_pd(k_odd[j]));
    }
    Wide<N> out;
    SPECFLOW_EACH out.r[i] =
        _mm256_add_pd(_mm256_mul_pd(e.r[i], _mm256_set1_pd(k_ln2)),
                      _mm256_mul_pd(_mm256_add_pd(s.r[i], s.r[i]), series.r[i]));
    return out;
}

#undef SPECFLOW_EACH
#undef SPECFLOW_AVX2

} // namespace specflow::sim::counts::avx2
