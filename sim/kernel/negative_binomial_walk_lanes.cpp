#include "sim/kernel/negative_binomial_walk_lanes.hpp"

#include "sim/kernel/count_sampler.hpp"
#include "sim/kernel/negative_binomial_lanes_avx2.hpp"
#include "sim/kernel/vector_intrinsics.hpp"

#include <array>

namespace specflow::sim::counts {

namespace {

// The steps walked in lanes: x + 1 stays within the table of reciprocals, as in the scalar walk.
static_assert(k_lane_steps == static_cast<std::int64_t>(k_reciprocals) - 1);

// One lane at a time: negative_binomial_small itself, for processors without AVX2.
std::uint32_t walk_one_by_one(const LaneWalk& lanes, std::int64_t* out) {
    for (std::size_t r = 0; r < k_lanes; ++r) {
        const double first = lanes.uniform[r];
        auto only_first = [first](std::uint32_t /*i*/) { return first; };
        std::uint32_t draw = 0;
        out[r] = negative_binomial_small(lanes.mean[r], lanes.k, lanes.zero[r], only_first, draw);
    }
    return 0;
}

// The walks of `Walks` groups of eight lanes of one flow-month (one dispersion: walks[0]'s) in
// step, each group in AVX-512 registers with a mask register saying which of its lanes walk on:
// one group (walk_avx512), or the four of a flow-month in a block of 32 (walk_in_step_avx512).
// The steps' x + k and 1/(x + 1) are shared; the step goes on while any lane of any group walks
// on. Counts into out[8w + lane]; bit 8w + lane of the result for a lane past the lanes' steps.
template <std::size_t Walks>
[[gnu::always_inline]] inline __attribute__((target("avx512f,avx512dq"))) std::uint32_t
walk_groups_avx512(const LaneWalk* walks, std::int64_t* out) {
    const double k = walks[0].k;
    const __m512d one = _mm512_set1_pd(1.0);
    const __m512d tiny = _mm512_set1_pd(1e-30);
    // The scalar walk's tail test, pmf · bound < 1e-30 · (1 − bound), can pass only once
    // pmf · p < 2e-30: bound ≥ p, 1 − bound ≤ 1, and rounding keeps both orders. Until a lane
    // walking on comes that low, the test is not worked out at all.
    const __m512d tail_low = _mm512_set1_pd(2e-30);
    // Plain arrays of registers: std::array drops their alignment attribute.
    __m512d u[Walks];
    __m512d p[Walks];
    __m512d pmf[Walks];
    __m512d cdf[Walks];
    __m512i count[Walks];
    __mmask8 walking[Walks];
    __mmask8 any = 0;
    for (std::size_t w = 0; w < Walks; ++w) {
        const __m512d mean = _mm512_loadu_pd(walks[w].mean);
        u[w] = _mm512_loadu_pd(walks[w].uniform);
        p[w] = _mm512_div_pd(mean, _mm512_add_pd(_mm512_set1_pd(k), mean));
        pmf[w] = _mm512_loadu_pd(walks[w].zero);
        cdf[w] = pmf[w];
        count[w] = _mm512_setzero_si512();
        walking[w] = _mm512_cmp_pd_mask(u[w], cdf[w], _CMP_GE_OQ);
        any |= walking[w];
    }
    for (std::int64_t x = 0; x < k_lane_steps && any != 0; ++x) {
        // negative_binomial_small's step, operation for operation (no fused multiply-add).
        const __m512d x_plus_k = _mm512_set1_pd(static_cast<double>(x) + k);
        const __m512d step = _mm512_set1_pd(k_reciprocal[static_cast<std::size_t>(x + 1)]);
        __m512d ratio[Walks];
        __mmask8 steps[Walks];
        __mmask8 low = 0;
        for (std::size_t w = 0; w < Walks; ++w) {
            steps[w] = walking[w];
            ratio[w] = _mm512_mul_pd(_mm512_mul_pd(x_plus_k, p[w]), step);
            low |= _mm512_mask_cmp_pd_mask(walking[w], _mm512_mul_pd(pmf[w], p[w]), tail_low,
                                           _CMP_LT_OQ);
        }
        if (low != 0) {
            // The tail test for every group (in a lane not that low, it cannot pass).
            for (std::size_t w = 0; w < Walks; ++w) {
                // std::max(ratio, p) (positive and finite: vmaxpd's operand order does not matter).
                const __m512d bound = _mm512_max_pd(ratio[w], p[w]);
                const __mmask8 ends =
                    _mm512_cmp_pd_mask(bound, one, _CMP_LT_OQ) &
                    _mm512_cmp_pd_mask(_mm512_mul_pd(pmf[w], bound),
                                       _mm512_mul_pd(tiny, _mm512_sub_pd(one, bound)), _CMP_LT_OQ);
                steps[w] = _kandn_mask8(ends, walking[w]);
            }
        }
        // Every lane steps, whether it walks on or not: a lane that has stopped computes numbers
        // no one reads, and neither the running sums nor the comparison wait on who walks on
        // (walked only where the lane's mask says, each step waited on the comparisons, which
        // took three times as long as the sums).
        any = 0;
        for (std::size_t w = 0; w < Walks; ++w) {
            pmf[w] = _mm512_mul_pd(pmf[w], ratio[w]);
            cdf[w] = _mm512_add_pd(cdf[w], pmf[w]);
            count[w] = _mm512_mask_add_epi64(count[w], steps[w], count[w], _mm512_set1_epi64(1));
            walking[w] = _kand_mask8(steps[w], _mm512_cmp_pd_mask(u[w], cdf[w], _CMP_GE_OQ));
            any |= walking[w];
        }
    }
    std::uint32_t unfinished = 0;
    for (std::size_t w = 0; w < Walks; ++w) {
        _mm512_storeu_si512(out + w * k_lanes, count[w]);
        unfinished |= static_cast<std::uint32_t>(walking[w]) << (w * k_lanes);
    }
    return unfinished;
}

__attribute__((target("avx512f,avx512dq"))) std::uint32_t walk_avx512(const LaneWalk& lanes,
                                                                      std::int64_t* out) {
    return walk_groups_avx512<1>(&lanes, out);
}

__attribute__((target("avx512f,avx512dq"))) std::uint32_t
walk_in_step_avx512(const std::array<LaneWalk, k_walks_in_step>& walks, std::int64_t* out) {
    return walk_groups_avx512<k_walks_in_step>(walks.data(), out);
}

} // namespace

std::uint32_t negative_binomial_small_lanes(const LaneWalk& walk, std::int64_t* out) noexcept {
    if (has_avx512_dq()) {
        return walk_avx512(walk, out);
    }
    return lanes_in_vectors() ? avx2::walk(walk, out) : walk_one_by_one(walk, out);
}

std::uint32_t
negative_binomial_small_lanes_in_step(const std::array<LaneWalk, k_walks_in_step>& walks,
                                      std::int64_t* out) noexcept {
    if (has_avx512_dq()) {
        return walk_in_step_avx512(walks, out);
    }
    std::uint32_t unfinished = 0;
    for (std::size_t w = 0; w < k_walks_in_step; ++w) {
        LaneWalk walk = walks[w];
        walk.k = walks[0].k;
        unfinished |= negative_binomial_small_lanes(walk, out + w * k_lanes) << (w * k_lanes);
    }
    return unfinished;
}

bool lanes_in_vectors() noexcept {
    return has_avx2();
}

} // namespace specflow::sim::counts
