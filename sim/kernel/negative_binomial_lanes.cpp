#include "sim/kernel/negative_binomial_lanes.hpp"

#include "sim/kernel/count_sampler.hpp"

#include <array>
#include <cmath>
// g++ 12 warns that the AVX-512 intrinsics' own "undefined" start values are uninitialised
// (they are meant to be): not a warning about this file's code, so it is off for the header only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

namespace specflow::sim::counts {

namespace {

// The steps walked in lanes: x + 1 stays within the table of reciprocals, as in the scalar walk.
constexpr std::int64_t k_steps_max = static_cast<std::int64_t>(k_reciprocals) - 1;

// One lane at a time: negative_binomial_small itself, for processors without AVX-512.
std::uint32_t walk_one_by_one(const LaneWalk& lanes, std::int64_t* out) {
    for (std::size_t r = 0; r < k_lanes; ++r) {
        const double first = lanes.uniform[r];
        auto only_first = [first](std::uint32_t /*i*/) { return first; };
        std::uint32_t draw = 0;
        out[r] = negative_binomial_small(lanes.mean[r], lanes.k, lanes.zero[r], only_first, draw);
    }
    return 0;
}

// All eight lanes in AVX-512 registers, a mask register saying which walk on.
__attribute__((target("avx512f"))) std::uint32_t walk_avx512(const LaneWalk& lanes,
                                                             std::int64_t* out) {
    const __m512d mean = _mm512_loadu_pd(lanes.mean);
    const __m512d u = _mm512_loadu_pd(lanes.uniform);
    const __m512d p = _mm512_div_pd(mean, _mm512_add_pd(_mm512_set1_pd(lanes.k), mean));
    const __m512d one = _mm512_set1_pd(1.0);
    const __m512d tiny = _mm512_set1_pd(1e-30);
    __m512d pmf = _mm512_loadu_pd(lanes.zero);
    __m512d cdf = pmf;
    __m512i count = _mm512_setzero_si512();
    __mmask8 walking = _mm512_cmp_pd_mask(u, cdf, _CMP_GE_OQ);
    for (std::int64_t x = 0; x < k_steps_max && walking != 0; ++x) {
        // negative_binomial_small's step, operation for operation (no fused multiply-add).
        const __m512d x_plus_k = _mm512_set1_pd(static_cast<double>(x) + lanes.k);
        const __m512d step = _mm512_set1_pd(k_reciprocal[static_cast<std::size_t>(x + 1)]);
        const __m512d ratio = _mm512_mul_pd(_mm512_mul_pd(x_plus_k, p), step);
        // std::max(ratio, p): p where ratio < p, else ratio.
        const __m512d bound =
            _mm512_mask_blend_pd(_mm512_cmp_pd_mask(ratio, p, _CMP_LT_OQ), ratio, p);
        const __mmask8 ends =
            _mm512_cmp_pd_mask(bound, one, _CMP_LT_OQ) &
            _mm512_cmp_pd_mask(_mm512_mul_pd(pmf, bound),
                               _mm512_mul_pd(tiny, _mm512_sub_pd(one, bound)), _CMP_LT_OQ);
        const __mmask8 steps = walking & static_cast<__mmask8>(~ends);
        pmf = _mm512_mask_mul_pd(pmf, steps, pmf, ratio);
        cdf = _mm512_mask_add_pd(cdf, steps, cdf, pmf);
        count = _mm512_mask_add_epi64(count, steps, count, _mm512_set1_epi64(1));
        walking = steps & _mm512_cmp_pd_mask(u, cdf, _CMP_GE_OQ);
    }
    _mm512_storeu_si512(out, count);
    return walking;
}

// Every lane's first try at once. The gamma ends on it where the ziggurat's normal is inside its
// layer's box, v is positive and the squeeze passes; the count, where besides the Poisson mean
// is at least 16 and PTRS's quick acceptance passes.
__attribute__((target("avx512f,avx512dq"))) LargeLaneEnds
large_avx512(const LargeLaneDraw& draw, double* lambda_out, std::int64_t* out) {
    const ZigguratTables& z = k_ziggurat;
    const __m512d mean = _mm512_loadu_pd(draw.mean);
    // standard_normal: 53 bits of uniform 0 give the layer, the sign and the magnitude.
    const __m512i bits = _mm512_cvttpd_epu64(
        _mm512_mul_pd(_mm512_loadu_pd(draw.uniform[0]), _mm512_set1_pd(0x1.0p53)));
    const __m512i layer = _mm512_and_si512(bits, _mm512_set1_epi64(0xFF));
    const __mmask8 negative = _mm512_test_epi64_mask(bits, _mm512_set1_epi64(0x100));
    const __m512i magnitude = _mm512_srli_epi64(bits, 9);
    const __m512i inside = _mm512_i64gather_epi64(layer, z.inside.data(), sizeof(std::uint64_t));
    const __m512d width = _mm512_i64gather_pd(layer, z.width.data(), sizeof(double));
    __mmask8 quick = _mm512_cmplt_epu64_mask(magnitude, inside);
    __m512d x = _mm512_mul_pd(_mm512_cvtepu64_pd(magnitude), width);
    x = _mm512_mask_xor_pd(x, negative, x, _mm512_set1_pd(-0.0)); // −x
    // gamma(k): v = (1 + c·x)³, accepted when 1 − uniform 1 < 1 − 0.0331 x⁴.
    const double d = draw.k - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    __m512d v = _mm512_add_pd(_mm512_set1_pd(1.0), _mm512_mul_pd(_mm512_set1_pd(c), x));
    quick &= _mm512_cmp_pd_mask(v, _mm512_setzero_pd(), _CMP_GT_OQ);
    v = _mm512_mul_pd(_mm512_mul_pd(v, v), v);
    const __m512d u = _mm512_sub_pd(_mm512_set1_pd(1.0), _mm512_loadu_pd(draw.uniform[1]));
    const __m512d x2 = _mm512_mul_pd(x, x);
    quick &= _mm512_cmp_pd_mask(
        u,
        _mm512_sub_pd(_mm512_set1_pd(1.0),
                      _mm512_mul_pd(_mm512_mul_pd(_mm512_set1_pd(0.0331), x2), x2)),
        _CMP_LT_OQ);
    const __m512d gamma = _mm512_mul_pd(_mm512_set1_pd(d), v);
    // poisson(mean · gamma / k) by PTRS, for a Poisson mean of at least 16.
    const __m512d lambda = _mm512_div_pd(_mm512_mul_pd(mean, gamma), _mm512_set1_pd(draw.k));
    _mm512_storeu_pd(lambda_out, lambda);
    const __mmask8 gamma_quick = quick;
    quick &= _mm512_cmp_pd_mask(lambda, _mm512_set1_pd(k_small_mean), _CMP_GE_OQ);
    const __m512d root = _mm512_sqrt_pd(lambda);
    const __m512d b =
        _mm512_add_pd(_mm512_set1_pd(0.931), _mm512_mul_pd(_mm512_set1_pd(2.53), root));
    const __m512d a =
        _mm512_add_pd(_mm512_set1_pd(-0.059), _mm512_mul_pd(_mm512_set1_pd(0.02483), b));
    const __m512d v_r =
        _mm512_sub_pd(_mm512_set1_pd(0.9277),
                      _mm512_div_pd(_mm512_set1_pd(3.6224), _mm512_sub_pd(b, _mm512_set1_pd(2.0))));
    const __m512d centred = _mm512_sub_pd(_mm512_loadu_pd(draw.uniform[2]), _mm512_set1_pd(0.5));
    const __m512d second = _mm512_loadu_pd(draw.uniform[3]);
    const __m512d us = _mm512_sub_pd(_mm512_set1_pd(0.5), _mm512_abs_pd(centred));
    // floor((2a/us + b)·u + mean + 0.43)
    const __m512d spread =
        _mm512_add_pd(_mm512_div_pd(_mm512_mul_pd(_mm512_set1_pd(2.0), a), us), b);
    const __m512d at =
        _mm512_add_pd(_mm512_add_pd(_mm512_mul_pd(spread, centred), lambda), _mm512_set1_pd(0.43));
    const __m512d count = _mm512_roundscale_pd(at, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
    quick &= _mm512_cmp_pd_mask(us, _mm512_set1_pd(0.07), _CMP_GE_OQ);
    quick &= _mm512_cmp_pd_mask(second, v_r, _CMP_LE_OQ);
    _mm512_storeu_si512(out, _mm512_cvttpd_epi64(count));
    return {.gamma = gamma_quick, .count = quick};
}

} // namespace

std::uint32_t negative_binomial_small_lanes(const LaneWalk& walk, std::int64_t* out) noexcept {
    static const bool avx512 = __builtin_cpu_supports("avx512f") != 0;
    return avx512 ? walk_avx512(walk, out) : walk_one_by_one(walk, out);
}

LargeLaneEnds negative_binomial_large_lanes(const LargeLaneDraw& draw, double* lambda,
                                            std::int64_t* out) noexcept {
    static const bool avx512 =
        __builtin_cpu_supports("avx512f") != 0 && __builtin_cpu_supports("avx512dq") != 0;
    return avx512 ? large_avx512(draw, lambda, out) : LargeLaneEnds{};
}

} // namespace specflow::sim::counts
