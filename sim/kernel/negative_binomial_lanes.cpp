#include "sim/kernel/negative_binomial_lanes.hpp"

#include "sim/kernel/count_sampler.hpp"
#include "sim/kernel/negative_binomial_lanes_avx2.hpp"
#include "sim/kernel/vector_intrinsics.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

namespace specflow::sim::counts {

namespace {

// 1/x in each lane, for x a positive normal double, within 1e-15 relative (not IEEE's rounded
// quotient): the processor's 14-bit estimate and two Newton steps, each doubling its bits.
// A vector division is slower than any other vector operation (on some processors one every 16
// cycles; on the AMD EPYC of README's latest measurements, about one and a half
// multiplications' time); this is for the quantities the rejection tests compare with a
// margin, never for one a count is read from.
[[gnu::always_inline]] inline __attribute__((target("avx512f,avx512dq"))) __m512d
reciprocal_avx512(__m512d x) {
    const __m512d two = _mm512_set1_pd(2.0);
    __m512d r = _mm512_rcp14_pd(x);
    r = _mm512_mul_pd(r, _mm512_sub_pd(two, _mm512_mul_pd(x, r)));
    return _mm512_mul_pd(r, _mm512_sub_pd(two, _mm512_mul_pd(x, r)));
}

// log x in each lane, for x a positive normal double (another lane gets a value no one should
// read): x = 2^e · m with m in [√½, √2), log m = 2 atanh(s) with s = (m − 1)/(m + 1), |s| ≤
// 0.1716, by its series to s¹⁹ (the next term is below 1e-17 of the sum). Within 2e-15 of libm's
// log x, relative (test): close enough to decide the rejection tests below, which keep a margin
// far wider (test_margin), but not libm's bits, so no count is read from it.
[[gnu::always_inline]] inline __attribute__((target("avx512f,avx512dq"))) __m512d
log_avx512(__m512d x) {
    constexpr double k_ln2 = 0.69314718055994530942;
    constexpr double k_root_two = 1.41421356237309504880;
    const __m512d one = _mm512_set1_pd(1.0);
    __m512d e = _mm512_getexp_pd(x);                                         // ⌊log₂ x⌋
    __m512d m = _mm512_getmant_pd(x, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_zero); // in [1, 2)
    const __mmask8 halve = _mm512_cmp_pd_mask(m, _mm512_set1_pd(k_root_two), _CMP_GT_OQ);
    m = _mm512_mask_mul_pd(m, halve, m, _mm512_set1_pd(0.5));
    e = _mm512_mask_add_pd(e, halve, e, one);
    const __m512d s =
        _mm512_mul_pd(_mm512_sub_pd(m, one), reciprocal_avx512(_mm512_add_pd(m, one)));
    const __m512d z = _mm512_mul_pd(s, s);
    // 1/(2j + 1) for j = 9 … 0, by Horner.
    constexpr std::array<double, 10> k_odd{1.0 / 19, 1.0 / 17, 1.0 / 15, 1.0 / 13, 1.0 / 11,
                                           1.0 / 9,  1.0 / 7,  1.0 / 5,  1.0 / 3,  1.0};
    __m512d series = _mm512_set1_pd(k_odd[0]);
    for (std::size_t j = 1; j < k_odd.size(); ++j) {
        series = _mm512_add_pd(_mm512_mul_pd(series, z), _mm512_set1_pd(k_odd[j]));
    }
    return _mm512_add_pd(_mm512_mul_pd(e, _mm512_set1_pd(k_ln2)),
                         _mm512_mul_pd(_mm512_add_pd(s, s), series));
}

// How far apart the two sides of a rejection test must be, worked out with log_avx512, for the
// scalar draw's test (with libm's logarithms, the same operations otherwise) to come out the same
// way. Each side is a sum of a few terms, of absolute values adding up to `magnitude`, each
// within 2e-15 of the scalar one, relative, before the sum's own rounding: the two computations
// differ by less than 1e-14 of magnitude; the margin is ten thousand times that. A test closer
// than this (about one in a million) is left to the scalar draw.
[[gnu::always_inline]] inline __attribute__((target("avx512f,avx512dq"))) __m512d
test_margin(__m512d magnitude) {
    return _mm512_mul_pd(_mm512_set1_pd(1e-10), _mm512_add_pd(magnitude, _mm512_set1_pd(1.0)));
}

// log(k!) in each lane, as log_factorial does with the lanes' logarithm: the table below 256,
// Stirling's series above.
[[gnu::always_inline]] inline __attribute__((target("avx512f,avx512dq"))) __m512d
log_factorial_avx512(__m512d k) {
    constexpr double k_half_log_two_pi = 0.91893853320467274178032973640562;
    const __m512i index =
        _mm512_min_epi64(_mm512_max_epi64(_mm512_cvttpd_epi64(k), _mm512_setzero_si512()),
                         _mm512_set1_epi64(static_cast<std::int64_t>(k_log_factorials) - 1));
    const __m512d tabled = _mm512_i64gather_pd(index, k_log_factorial.data(), sizeof(double));
    const __m512d n = _mm512_add_pd(k, _mm512_set1_pd(1.0));
    const __m512d inverse = reciprocal_avx512(n);
    const __m512d inverse2 = _mm512_mul_pd(inverse, inverse);
    const __m512d tail = _mm512_mul_pd(
        inverse,
        _mm512_sub_pd(
            _mm512_set1_pd(1.0 / 12.0),
            _mm512_mul_pd(inverse2,
                          _mm512_sub_pd(_mm512_set1_pd(1.0 / 360.0),
                                        _mm512_mul_pd(inverse2, _mm512_set1_pd(1.0 / 1260.0))))));
    const __m512d stirling = _mm512_add_pd(
        _mm512_add_pd(
            _mm512_sub_pd(_mm512_mul_pd(_mm512_sub_pd(n, _mm512_set1_pd(0.5)), log_avx512(n)), n),
            _mm512_set1_pd(k_half_log_two_pi)),
        tail);
    const __mmask8 in_table =
        _mm512_cmp_pd_mask(k, _mm512_set1_pd(static_cast<double>(k_log_factorials)), _CMP_LT_OQ);
    return _mm512_mask_blend_pd(in_table, stirling, tabled);
}

// Marsaglia and Tsang's test for the lanes whose squeeze failed: log u < x²/2 + d(1 − v + log v),
// the lanes that pass it for certain (v > 0 in the lanes asked about).
__attribute__((target("avx512f,avx512dq"))) __mmask8
gamma_log_test(__mmask8 asked, __m512d d, __m512d x2, __m512d v, __m512d u) {
    const __m512d half_x2 = _mm512_mul_pd(_mm512_set1_pd(0.5), x2);
    const __m512d log_u = log_avx512(u);
    const __m512d log_v = log_avx512(_mm512_mask_blend_pd(asked, _mm512_set1_pd(1.0), v));
    const __m512d one_less_v = _mm512_sub_pd(_mm512_set1_pd(1.0), v);
    const __m512d right =
        _mm512_add_pd(half_x2, _mm512_mul_pd(d, _mm512_add_pd(one_less_v, log_v)));
    const __m512d magnitude = _mm512_add_pd(
        _mm512_add_pd(_mm512_abs_pd(log_u), half_x2),
        _mm512_mul_pd(d, _mm512_add_pd(_mm512_abs_pd(one_less_v), _mm512_abs_pd(log_v))));
    return static_cast<__mmask8>(
        asked &
        _mm512_cmp_pd_mask(_mm512_add_pd(log_u, test_margin(magnitude)), right, _CMP_LT_OQ));
}

// The outcome of PTRS's last test in the lanes asked about: accepted for certain, or rejected
// for certain (PTRS's own rejections included); a lane in neither is left to the scalar draw.
struct PtrsTest {
    __mmask8 accepted = 0;
    __mmask8 rejected = 0;
    __mmask8 waiting = 0; // put off to LastTests, in neither mask until decided
};

// PTRS's a and b for each lane's Poisson mean, as poisson (count_sampler.hpp) works them out: one
// function for the first try and for its last test put off (last_tests), so that the two
// are the same operations.
struct PtrsShape {
    __m512d a, b;
};
[[gnu::always_inline]] inline __attribute__((target("avx512f,avx512dq"))) PtrsShape
ptrs_shape(__m512d lambda) {
    const __m512d root = _mm512_sqrt_pd(lambda);
    const __m512d b =
        _mm512_add_pd(_mm512_set1_pd(0.931), _mm512_mul_pd(_mm512_set1_pd(2.53), root));
    const __m512d a =
        _mm512_add_pd(_mm512_set1_pd(-0.059), _mm512_mul_pd(_mm512_set1_pd(0.02483), b));
    return {.a = a, .b = b};
}

// PTRS's last test for its first try, as poisson (count_sampler.hpp) makes it:
// log(v · α⁻¹ / (a/us² + b)) ≤ −λ + k log λ − log k!, after its rejections of k < 0 and of
// us < 0.013 with v > us.
struct PtrsTry {
    __m512d lambda, a, b, us, v, count;
};
[[gnu::always_inline]] inline __attribute__((target("avx512f,avx512dq"))) PtrsTest
ptrs_test(__mmask8 asked, const PtrsTry& t) {
    const auto rejected = static_cast<__mmask8>(
        asked & (_mm512_cmp_pd_mask(t.count, _mm512_setzero_pd(), _CMP_LT_OQ) |
                 (_mm512_cmp_pd_mask(t.us, _mm512_set1_pd(0.013), _CMP_LT_OQ) &
                  _mm512_cmp_pd_mask(t.v, t.us, _CMP_GT_OQ))));
    const __m512d inverse_alpha =
        _mm512_add_pd(_mm512_set1_pd(1.1239),
                      _mm512_mul_pd(_mm512_set1_pd(1.1328),
                                    reciprocal_avx512(_mm512_sub_pd(t.b, _mm512_set1_pd(3.4)))));
    const __m512d w =
        _mm512_mul_pd(_mm512_mul_pd(t.v, inverse_alpha),
                      reciprocal_avx512(_mm512_add_pd(
                          _mm512_mul_pd(t.a, reciprocal_avx512(_mm512_mul_pd(t.us, t.us))), t.b)));
    // A w of 0 or below the normal range (log −∞ or near it) is left to the scalar draw.
    const auto tested = static_cast<__mmask8>(
        asked & ~rejected & _mm512_cmp_pd_mask(w, _mm512_set1_pd(0x1.0p-1022), _CMP_GE_OQ));
    const __m512d left = log_avx512(_mm512_mask_blend_pd(tested, _mm512_set1_pd(1.0), w));
    const __m512d count = _mm512_mask_blend_pd(tested, _mm512_setzero_pd(), t.count);
    const __m512d log_lambda = log_avx512(t.lambda);
    const __m512d log_factorial = log_factorial_avx512(count);
    const __m512d count_log = _mm512_mul_pd(count, log_lambda);
    const __m512d right = _mm512_sub_pd(
        _mm512_add_pd(_mm512_sub_pd(_mm512_setzero_pd(), t.lambda), count_log), log_factorial);
    const __m512d magnitude =
        _mm512_add_pd(_mm512_add_pd(_mm512_abs_pd(left), t.lambda),
                      _mm512_add_pd(_mm512_abs_pd(count_log), _mm512_abs_pd(log_factorial)));
    const __m512d margin = test_margin(magnitude);
    const __mmask8 below = _mm512_cmp_pd_mask(_mm512_add_pd(left, margin), right, _CMP_LT_OQ);
    const __mmask8 above = _mm512_cmp_pd_mask(_mm512_sub_pd(left, margin), right, _CMP_GT_OQ);
    return {.accepted = static_cast<__mmask8>(tested & below),
            .rejected = static_cast<__mmask8>(rejected | (tested & above))};
}

// One try of PTRS (poisson in count_sampler.hpp) in the lanes `tried`, each with its Poisson mean
// of at least 16 and its try's two uniforms, the same operations in the same order: the count
// of every lane into out; accepted, the lanes whose count it is (the quick acceptance or the
// last test); rejected, those whose try was rejected, to go on from their next two uniforms. A
// lane in neither is left to the scalar draw from this try's uniforms. Given `later`, the lanes
// that need the last test are put in it (slots slot_of_first + lane) and left waiting.
[[gnu::always_inline]] inline __attribute__((target("avx512f,avx512dq"))) PtrsTest
ptrs_try(__mmask8 tried, __m512d lambda, __m512d first_uniform, __m512d second_uniform,
         std::int64_t* out, LastTests* later = nullptr, std::uint64_t slot_of_first = 0) {
    const auto [a, b] = ptrs_shape(lambda);
    const __m512d v_r =
        _mm512_sub_pd(_mm512_set1_pd(0.9277),
                      _mm512_div_pd(_mm512_set1_pd(3.6224), _mm512_sub_pd(b, _mm512_set1_pd(2.0))));
    const __m512d centred = _mm512_sub_pd(first_uniform, _mm512_set1_pd(0.5));
    const __m512d us = _mm512_sub_pd(_mm512_set1_pd(0.5), _mm512_abs_pd(centred));
    // floor((2a/us + b)·u + mean + 0.43)
    const __m512d spread =
        _mm512_add_pd(_mm512_div_pd(_mm512_mul_pd(_mm512_set1_pd(2.0), a), us), b);
    const __m512d at =
        _mm512_add_pd(_mm512_add_pd(_mm512_mul_pd(spread, centred), lambda), _mm512_set1_pd(0.43));
    const __m512d count = _mm512_roundscale_pd(at, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
    _mm512_storeu_si512(out, _mm512_cvttpd_epi64(count));
    const auto quick =
        static_cast<__mmask8>(tried & _mm512_cmp_pd_mask(us, _mm512_set1_pd(0.07), _CMP_GE_OQ) &
                              _mm512_cmp_pd_mask(second_uniform, v_r, _CMP_LE_OQ));
    PtrsTest outcome{.accepted = quick};
    const auto asked = static_cast<__mmask8>(tried & ~quick);
    if (asked != 0 && later != nullptr) {
        const std::size_t end = later->size;
        // Compressed in registers and stored whole (LastTests has room for the lanes past
        // the tests): a compressing store to memory is microcoded on some processors.
        _mm512_storeu_pd(later->lambda.data() + end, _mm512_maskz_compress_pd(asked, lambda));
        _mm512_storeu_pd(later->us.data() + end, _mm512_maskz_compress_pd(asked, us));
        _mm512_storeu_pd(later->v.data() + end, _mm512_maskz_compress_pd(asked, second_uniform));
        _mm512_storeu_pd(later->count.data() + end, _mm512_maskz_compress_pd(asked, count));
        _mm512_storeu_si512(
            later->slot.data() + end,
            _mm512_maskz_compress_epi64(
                asked, _mm512_add_epi64(_mm512_set1_epi64(static_cast<std::int64_t>(slot_of_first)),
                                        _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0))));
        later->size = end + static_cast<std::size_t>(std::popcount(static_cast<unsigned>(asked)));
        outcome.waiting = asked;
    } else if (asked != 0) {
        const PtrsTest test = ptrs_test(
            asked,
            {.lambda = lambda, .a = a, .b = b, .us = us, .v = second_uniform, .count = count});
        outcome.accepted |= test.accepted;
        outcome.rejected = test.rejected;
    }
    return outcome;
}

// The first tries of `Groups` groups of eight lanes of one flow-month (one dispersion:
// draws[0]'s) in step: one group (large_avx512), or the four of a flow-month in a block of 32
// (large_in_step_avx512). Each stage is worked out for every group before the next, so that the
// groups' long chains of dependent arithmetic (a gather, a cube, three divisions and a square
// root between a lane's uniforms and its count) overlap rather than wait on one another; each
// lane's operations are a single group's, in its order. Group g's Poisson means and counts into
// lambda_out and out from g · k_lanes, its slots in `later` from slot_of_first + g · k_lanes,
// and what became of its lanes into ends[g].
//
// Every lane's first try at once. The gamma ends on it where the ziggurat's normal is inside its
// layer's box, v is positive and the squeeze or the log test passes; the count, where besides
// the Poisson mean is at least 16 and PTRS's quick acceptance or its last test passes.
template <std::size_t Groups>
[[gnu::always_inline]] inline __attribute__((target("avx512f,avx512dq"))) void
large_groups_avx512(const LargeLaneDraw* draws, double* lambda_out, std::int64_t* out,
                    LastTests* later, std::uint64_t slot_of_first, LargeLaneEnds* ends) {
    const ZigguratTables& z = k_ziggurat;
    // gamma(k): v = (1 + c·x)³, accepted when u = 1 − uniform 1 < 1 − 0.0331 x⁴, or else when
    // log u < x²/2 + d(1 − v + log v).
    const double k = draws[0].k;
    const double d = k - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    // Plain arrays of registers: std::array drops their alignment attribute.
    __m512d lambda[Groups];
    __mmask8 gamma_ends[Groups];
    __mmask8 gamma_waiting[Groups] = {};
    for (std::size_t g = 0; g < Groups; ++g) {
        const LargeLaneDraw& draw = draws[g];
        // standard_normal: 53 bits of uniform 0 give the layer, the sign and the magnitude.
        const __m512i bits = _mm512_cvttpd_epu64(
            _mm512_mul_pd(_mm512_loadu_pd(draw.uniform[0]), _mm512_set1_pd(0x1.0p53)));
        const __m512i layer = _mm512_and_si512(bits, _mm512_set1_epi64(0xFF));
        const __mmask8 negative = _mm512_test_epi64_mask(bits, _mm512_set1_epi64(0x100));
        const __m512i magnitude = _mm512_srli_epi64(bits, 9);
        const __m512i inside =
            _mm512_i64gather_epi64(layer, z.inside.data(), sizeof(std::uint64_t));
        const __m512d width = _mm512_i64gather_pd(layer, z.width.data(), sizeof(double));
        gamma_ends[g] = _mm512_cmplt_epu64_mask(magnitude, inside);
        __m512d x = _mm512_mul_pd(_mm512_cvtepu64_pd(magnitude), width);
        x = _mm512_mask_xor_pd(x, negative, x, _mm512_set1_pd(-0.0)); // −x
        __m512d v = _mm512_add_pd(_mm512_set1_pd(1.0), _mm512_mul_pd(_mm512_set1_pd(c), x));
        gamma_ends[g] &= _mm512_cmp_pd_mask(v, _mm512_setzero_pd(), _CMP_GT_OQ);
        v = _mm512_mul_pd(_mm512_mul_pd(v, v), v);
        const __m512d u = _mm512_sub_pd(_mm512_set1_pd(1.0), _mm512_loadu_pd(draw.uniform[1]));
        const __m512d x2 = _mm512_mul_pd(x, x);
        const __mmask8 squeezed = _mm512_cmp_pd_mask(
            u,
            _mm512_sub_pd(_mm512_set1_pd(1.0),
                          _mm512_mul_pd(_mm512_mul_pd(_mm512_set1_pd(0.0331), x2), x2)),
            _CMP_LT_OQ);
        // (A v below the normal range, which the lanes' logarithm does not take, is left to the
        // scalar draw.)
        const auto unsqueezed =
            static_cast<__mmask8>(gamma_ends[g] & ~squeezed &
                                  _mm512_cmp_pd_mask(v, _mm512_set1_pd(0x1.0p-1022), _CMP_GE_OQ));
        if (unsqueezed == 0) {
            gamma_ends[g] &= squeezed;
        } else if (later != nullptr) {
            // Put off (LastTests): the lane goes on as if it passed until the test is decided.
            const std::size_t end = later->gamma_size;
            _mm512_storeu_pd(later->gamma_x2.data() + end,
                             _mm512_maskz_compress_pd(unsqueezed, x2));
            _mm512_storeu_pd(later->gamma_v.data() + end, _mm512_maskz_compress_pd(unsqueezed, v));
            _mm512_storeu_pd(later->gamma_u.data() + end, _mm512_maskz_compress_pd(unsqueezed, u));
            _mm512_storeu_pd(later->gamma_d.data() + end, _mm512_set1_pd(d));
            _mm512_storeu_si512(
                later->gamma_slot.data() + end,
                _mm512_maskz_compress_epi64(
                    unsqueezed, _mm512_add_epi64(_mm512_set1_epi64(static_cast<std::int64_t>(
                                                     slot_of_first + g * k_lanes)),
                                                 _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0))));
            later->gamma_size =
                end + static_cast<std::size_t>(std::popcount(static_cast<unsigned>(unsqueezed)));
            gamma_waiting[g] = unsqueezed;
            gamma_ends[g] &= static_cast<__mmask8>(squeezed | unsqueezed);
        } else {
            gamma_ends[g] &= static_cast<__mmask8>(
                squeezed | gamma_log_test(unsqueezed, _mm512_set1_pd(d), x2, v, u));
        }
        const __m512d gamma = _mm512_mul_pd(_mm512_set1_pd(d), v);
        // poisson(mean · gamma / k) by PTRS, for a Poisson mean of at least 16.
        lambda[g] =
            _mm512_div_pd(_mm512_mul_pd(_mm512_loadu_pd(draw.mean), gamma), _mm512_set1_pd(k));
        _mm512_storeu_pd(lambda_out + g * k_lanes, lambda[g]);
    }
    PtrsTest tests[Groups];
    for (std::size_t g = 0; g < Groups; ++g) {
        const __mmask8 tried =
            gamma_ends[g] & _mm512_cmp_pd_mask(lambda[g], _mm512_set1_pd(k_small_mean), _CMP_GE_OQ);
        tests[g] = ptrs_try(tried, lambda[g], _mm512_loadu_pd(draws[g].uniform[2]),
                            _mm512_loadu_pd(draws[g].uniform[3]), out + g * k_lanes, later,
                            slot_of_first + g * k_lanes);
    }
    for (std::size_t g = 0; g < Groups; ++g) {
        ends[g] = {.gamma = gamma_ends[g],
                   .count = tests[g].accepted,
                   .retried = tests[g].rejected,
                   .waiting = tests[g].waiting,
                   .gamma_waiting = gamma_waiting[g]};
    }
}

__attribute__((target("avx512f,avx512dq"))) LargeLaneEnds
large_avx512(const LargeLaneDraw& draw, double* lambda_out, std::int64_t* out, LastTests* later,
             std::uint64_t slot_of_first) {
    LargeLaneEnds ends;
    large_groups_avx512<1>(&draw, lambda_out, out, later, slot_of_first, &ends);
    return ends;
}

__attribute__((target("avx512f,avx512dq"))) void
large_in_step_avx512(const std::array<LargeLaneDraw, k_large_in_step>& draws, double* lambda_out,
                     std::int64_t* out, LastTests* later, std::uint64_t slot_of_first,
                     LargeLaneEnds* ends) {
    large_groups_avx512<k_large_in_step>(draws.data(), lambda_out, out, later, slot_of_first, ends);
}

// The waiting tests, eight at a time. PTRS's: each lane's a and b worked out again from its
// Poisson mean as its first try worked them out, then ptrs_test, which decides each lane on its
// own numbers alone, whichever lanes share its vector; each outcome into its group's masks. Then
// the gammas', by gamma_log_test, which also decides each lane on its own numbers.
__attribute__((target("avx512f,avx512dq"))) void last_tests_avx512(const LastTests& tests,
                                                                   std::span<LargeLaneEnds> ends) {
    for (std::size_t at = 0; at < tests.size; at += k_lanes) {
        const std::size_t lanes = std::min(k_lanes, tests.size - at);
        const auto asked = static_cast<__mmask8>((1U << lanes) - 1U);
        // Past the last test, harmless numbers whose outcome no one reads.
        const __m512d half = _mm512_set1_pd(0.5);
        const __m512d lambda =
            _mm512_mask_loadu_pd(_mm512_set1_pd(k_small_mean), asked, tests.lambda.data() + at);
        const auto [a, b] = ptrs_shape(lambda);
        const PtrsTest test =
            ptrs_test(asked, {.lambda = lambda,
                              .a = a,
                              .b = b,
                              .us = _mm512_mask_loadu_pd(half, asked, tests.us.data() + at),
                              .v = _mm512_mask_loadu_pd(half, asked, tests.v.data() + at),
                              .count = _mm512_mask_loadu_pd(_mm512_set1_pd(k_small_mean), asked,
                                                            tests.count.data() + at)});
        tests.settle(ends, at, lanes, test.accepted, test.rejected);
    }
    // Then the gammas' log tests: a lane whose test does not pass for certain leaves every mask,
    // whatever its count's first try came to.
    for (std::size_t at = 0; at < tests.gamma_size; at += k_lanes) {
        const std::size_t lanes = std::min(k_lanes, tests.gamma_size - at);
        const auto asked = static_cast<__mmask8>((1U << lanes) - 1U);
        // Past the last test, harmless numbers (v = u = 1, x = 0) whose outcome no one reads.
        const __m512d one = _mm512_set1_pd(1.0);
        const auto passed = static_cast<std::uint32_t>(
            gamma_log_test(asked, _mm512_mask_loadu_pd(one, asked, tests.gamma_d.data() + at),
                           _mm512_maskz_loadu_pd(asked, tests.gamma_x2.data() + at),
                           _mm512_mask_loadu_pd(one, asked, tests.gamma_v.data() + at),
                           _mm512_mask_loadu_pd(one, asked, tests.gamma_u.data() + at)));
        tests.settle_gammas(ends, at, lanes, passed);
    }
}

__attribute__((target("avx512f,avx512dq"))) PoissonLaneEnds
poisson_try_avx512(const PoissonLaneTry& next, std::int64_t* out) {
    const auto asked = static_cast<__mmask8>(next.asked);
    // Lanes not asked about get a harmless mean and uniforms; their results are not read.
    const __m512d lambda =
        _mm512_mask_blend_pd(asked, _mm512_set1_pd(k_small_mean), _mm512_loadu_pd(next.lambda));
    const __m512d half = _mm512_set1_pd(0.5);
    const PtrsTest test =
        ptrs_try(asked, lambda, _mm512_mask_blend_pd(asked, half, _mm512_loadu_pd(next.uniform[0])),
                 _mm512_mask_blend_pd(asked, half, _mm512_loadu_pd(next.uniform[1])), out);
    return {.count = test.accepted, .rejected = test.rejected};
}

__attribute__((target("avx512f,avx512dq"))) void lane_kinds_avx512(const double* mean,
                                                                   std::size_t groups,
                                                                   std::uint8_t* below,
                                                                   std::uint8_t* above) {
    const __m512d top = _mm512_set1_pd(k_small_negative_binomial_mean);
    for (std::size_t g = 0; g < groups; ++g) {
        const __m512d m = _mm512_loadu_pd(mean + g * k_lanes);
        below[g] = _mm512_cmp_pd_mask(m, _mm512_setzero_pd(), _CMP_GT_OQ) &
                   _mm512_cmp_pd_mask(m, top, _CMP_LT_OQ);
        above[g] = _mm512_cmp_pd_mask(m, top, _CMP_GE_OQ);
    }
}

__attribute__((target("avx512f,avx512dq"))) void log_store_avx512(const double* x, double* out) {
    _mm512_storeu_pd(out, log_avx512(_mm512_loadu_pd(x)));
}

} // namespace

void LastTests::clear_for(std::size_t lanes) {
    const std::size_t room = lanes + k_lanes;
    for (auto* numbers : {&lambda, &us, &v, &count, &gamma_x2, &gamma_v, &gamma_u, &gamma_d}) {
        numbers->resize(std::max(numbers->size(), room));
    }
    for (auto* slots : {&slot, &gamma_slot}) {
        slots->resize(std::max(slots->size(), room));
    }
    size = 0;
    gamma_size = 0;
}

void LastTests::settle(std::span<LargeLaneEnds> ends, std::size_t at, std::size_t lanes,
                       std::uint32_t accepted, std::uint32_t rejected) const noexcept {
    for (std::size_t i = 0; i < lanes; ++i) {
        const std::uint64_t at_slot = slot[at + i];
        LargeLaneEnds& group = ends[at_slot / k_lanes];
        const auto lane = static_cast<std::uint32_t>(at_slot % k_lanes);
        group.count |= (accepted >> i & 1U) << lane;
        group.retried |= (rejected >> i & 1U) << lane;
        group.waiting &= ~(1U << lane);
    }
}

void LastTests::settle_gammas(std::span<LargeLaneEnds> ends, std::size_t at, std::size_t lanes,
                              std::uint32_t passed) const noexcept {
    for (std::size_t i = 0; i < lanes; ++i) {
        const std::uint64_t at_slot = gamma_slot[at + i];
        LargeLaneEnds& group = ends[at_slot / k_lanes];
        const std::uint32_t lane = 1U << (at_slot % k_lanes);
        group.drop(lane & (0U - (~passed >> i & 1U)));
        group.gamma_waiting &= ~lane;
    }
}

LargeLaneEnds negative_binomial_large_lanes(const LargeLaneDraw& draw, double* lambda,
                                            std::int64_t* out, LastTests* later,
                                            std::uint64_t slot_of_first) noexcept {
    if (has_avx512_dq()) {
        return large_avx512(draw, lambda, out, later, slot_of_first);
    }
    return lanes_in_vectors() ? avx2::large(draw, lambda, out, later, slot_of_first)
                              : LargeLaneEnds{};
}

void negative_binomial_large_lanes_in_step(const std::array<LargeLaneDraw, k_large_in_step>& draws,
                                           double* lambda, std::int64_t* out,
                                           std::span<LargeLaneEnds, k_large_in_step> ends,
                                           LastTests* later, std::uint64_t slot_of_first) noexcept {
    if (has_avx512_dq()) {
        large_in_step_avx512(draws, lambda, out, later, slot_of_first, ends.data());
        return;
    }
    if (lanes_in_vectors()) {
        avx2::large_in_step(draws, lambda, out, ends, later, slot_of_first);
        return;
    }
    for (std::size_t g = 0; g < k_large_in_step; ++g) {
        LargeLaneDraw draw = draws[g];
        draw.k = draws[0].k;
        ends[g] = negative_binomial_large_lanes(draw, lambda + g * k_lanes, out + g * k_lanes,
                                                later, slot_of_first + g * k_lanes);
    }
}

void last_tests(const LastTests& tests, std::span<LargeLaneEnds> ends) noexcept {
    if (has_avx512_dq()) {
        last_tests_avx512(tests, ends);
        return;
    }
    if (lanes_in_vectors()) {
        avx2::last_tests(tests, ends);
        return;
    }
    // Lanes one by one put no test off; were any waiting here, its lane would be left to the
    // scalar draw.
    for (std::size_t i = 0; i < tests.size; ++i) {
        ends[tests.slot[i] / k_lanes].waiting &= ~(1U << (tests.slot[i] % k_lanes));
    }
    for (std::size_t i = 0; i < tests.gamma_size; ++i) {
        ends[tests.gamma_slot[i] / k_lanes].drop(1U << (tests.gamma_slot[i] % k_lanes));
    }
}

PoissonLaneEnds poisson_lanes_try(const PoissonLaneTry& next, std::int64_t* out) noexcept {
    if (has_avx512_dq()) {
        return poisson_try_avx512(next, out);
    }
    return lanes_in_vectors() ? avx2::poisson_try(next, out) : PoissonLaneEnds{};
}

void lane_kinds(const double* mean, std::size_t groups, std::uint8_t* below,
                std::uint8_t* above) noexcept {
    if (has_avx512_dq()) {
        lane_kinds_avx512(mean, groups, below, above);
        return;
    }
    if (lanes_in_vectors()) {
        avx2::lane_kinds(mean, groups, below, above);
        return;
    }
    for (std::size_t g = 0; g < groups; ++g) {
        std::uint32_t low = 0;
        std::uint32_t high = 0;
        for (std::size_t lane = 0; lane < k_lanes; ++lane) {
            const double m = mean[g * k_lanes + lane];
            low |= static_cast<std::uint32_t>(m > 0.0 && m < k_small_negative_binomial_mean)
                   << lane;
            high |= static_cast<std::uint32_t>(m >= k_small_negative_binomial_mean) << lane;
        }
        below[g] = static_cast<std::uint8_t>(low);
        above[g] = static_cast<std::uint8_t>(high);
    }
}

void log_lanes(const double* x, double* out) noexcept {
    if (has_avx512_dq()) {
        log_store_avx512(x, out);
        return;
    }
    if (lanes_in_vectors()) {
        avx2::log_store(x, out);
        return;
    }
    for (std::size_t lane = 0; lane < k_lanes; ++lane) {
        out[lane] = std::log(x[lane]);
    }
}

} // namespace specflow::sim::counts
