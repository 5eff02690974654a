#include "sim/kernel/negative_binomial_lanes.hpp"

#include "sim/kernel/count_sampler.hpp"

#include <immintrin.h>

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

} // namespace

std::uint32_t negative_binomial_small_lanes(const LaneWalk& walk, std::int64_t* out) noexcept {
    static const bool avx512 = __builtin_cpu_supports("avx512f") != 0;
    return avx512 ? walk_avx512(walk, out) : walk_one_by_one(walk, out);
}

} // namespace specflow::sim::counts
