#include "sim/kernel/negative_binomial_lanes_avx2.hpp"

#include "sim/kernel/count_sampler.hpp"
#include "sim/kernel/vector_intrinsics.hpp"
#include "sim/kernel/wide_avx2.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <span>
#include <vector>

// The lanes of negative_binomial_walk_lanes.cpp (the small means' walk) and
// negative_binomial_lanes.cpp (the large means' first try and their helpers) for processors with
// AVX2 but not AVX-512: the eight lanes in two registers of four (Lanes, wide_avx2.hpp), a
// comparison's all-ones lanes standing for the mask register. Every operation a count is read from
// is the AVX-512 lanes' (and so the scalar draw's) in the same order, with no fused multiply-add
// (this file is compiled with -ffp-contract=off); the logarithm and the reciprocals, which only
// decide tests with a margin, are AVX2's own: the logarithm's exponent and fraction taken from its
// bits (AVX2 has no getexp or getmant; wide_avx2.hpp), the reciprocals IEEE divisions (AVX2's
// estimate has 12 bits, not 14).

namespace specflow::sim::counts::avx2 {

namespace {

#define SPECFLOW_AVX2 [[gnu::always_inline]] inline __attribute__((target("avx2")))

// test_margin of negative_binomial_lanes.cpp: ten thousand times what the lanes' logarithm and
// libm's could make a test's two sides differ by.
template <std::size_t N>
SPECFLOW_AVX2 Wide<N> test_margin(Wide<N> magnitude) {
    return mul(all<N>(1e-10), add(magnitude, all<N>(1.0)));
}

// log(k!) in each lane, as log_factorial_avx512: the table below 256, Stirling's series above.
template <std::size_t N>
SPECFLOW_AVX2 Wide<N> log_factorial(Wide<N> k) {
    constexpr double k_half_log_two_pi = 0.91893853320467274178032973640562;
    const __m256d top = _mm256_set1_pd(static_cast<double>(k_log_factorials) - 1.0);
    Wide<N> tabled;
    for (std::size_t i = 0; i < N; ++i) {
        tabled.r[i] = _mm256_i32gather_pd(
            k_log_factorial.data(),
            to_int32(_mm256_min_pd(_mm256_max_pd(k.r[i], _mm256_setzero_pd()), top)),
            sizeof(double));
    }
    const Wide<N> n = add(k, all<N>(1.0));
    const Wide<N> inverse = div(all<N>(1.0), n);
    const Wide<N> inverse2 = mul(inverse, inverse);
    const Wide<N> tail = mul(
        inverse, sub(all<N>(1.0 / 12.0),
                     mul(inverse2, sub(all<N>(1.0 / 360.0), mul(inverse2, all<N>(1.0 / 1260.0))))));
    const Wide<N> stirling =
        add(add(sub(mul(sub(n, all<N>(0.5)), log(n)), n), all<N>(k_half_log_two_pi)), tail);
    return choose(compare<_CMP_LT_OQ>(k, all<N>(static_cast<double>(k_log_factorials))), stirling,
                  tabled);
}

// gamma_log_test of negative_binomial_lanes.cpp: log u < x²/2 + d(1 − v + log v), the lanes that
// pass it for certain.
template <std::size_t N>
SPECFLOW_AVX2 Wide<N> gamma_log_test(Wide<N> asked, Wide<N> d, Wide<N> x2, Wide<N> v, Wide<N> u) {
    const Wide<N> half_x2 = mul(all<N>(0.5), x2);
    const Wide<N> log_u = log(u);
    const Wide<N> log_v = log(choose(asked, all<N>(1.0), v));
    const Wide<N> one_less_v = sub(all<N>(1.0), v);
    const Wide<N> right = add(half_x2, mul(d, add(one_less_v, log_v)));
    const Wide<N> magnitude =
        add(add(absolute(log_u), half_x2), mul(d, add(absolute(one_less_v), absolute(log_v))));
    return both(asked, compare<_CMP_LT_OQ>(add(log_u, test_margin(magnitude)), right));
}

template <std::size_t N = 2>
struct PtrsTest {
    Wide<N> accepted;
    Wide<N> rejected;
    std::uint32_t waiting = 0; // put off to LastTests, in neither mask until decided
};

// ptrs_shape of negative_binomial_lanes.cpp: PTRS's a and b for each lane's Poisson mean, one
// function for the first try and for its last test put off (last_tests), so that the two are
// the same operations.
template <std::size_t N>
struct PtrsShape {
    Wide<N> a, b;
};
template <std::size_t N>
SPECFLOW_AVX2 PtrsShape<N> ptrs_shape(Wide<N> lambda) {
    const Wide<N> b = add(all<N>(0.931), mul(all<N>(2.53), root(lambda)));
    return {.a = add(all<N>(-0.059), mul(all<N>(0.02483), b)), .b = b};
}

// The lanes of `lanes` (a bit each), in order, appended to `to` from `end`: what AVX-512
// compresses in a register, one by one (AVX2 has no compression).
template <std::size_t N>
SPECFLOW_AVX2 void append(double* to, std::size_t end, Wide<N> values, std::uint32_t lanes) {
    alignas(32) double all_lanes[4 * N];
    store(all_lanes, values);
    for (; lanes != 0; lanes &= lanes - 1U) {
        to[end++] = all_lanes[std::countr_zero(lanes)];
    }
}

// Slots first + lane for the lanes of `lanes`, in order, into `to` from `end`.
inline void append_slots(std::uint64_t* to, std::size_t end, std::uint64_t first,
                         std::uint32_t lanes) {
    for (; lanes != 0; lanes &= lanes - 1U) {
        to[end++] = first + static_cast<std::uint64_t>(std::countr_zero(lanes));
    }
}

template <std::size_t N>
struct PtrsTry {
    Wide<N> lambda, a, b, us, v, count;
};

// ptrs_test of negative_binomial_lanes.cpp: PTRS's last test for its first try.
template <std::size_t N>
SPECFLOW_AVX2 PtrsTest<N> ptrs_test(Wide<N> asked, const PtrsTry<N>& t) {
    const Wide<N> rejected = both(asked, either(compare<_CMP_LT_OQ>(t.count, all<N>(0.0)),
                                                both(compare<_CMP_LT_OQ>(t.us, all<N>(0.013)),
                                                     compare<_CMP_GT_OQ>(t.v, t.us))));
    const Wide<N> inverse_alpha =
        add(all<N>(1.1239), mul(all<N>(1.1328), div(all<N>(1.0), sub(t.b, all<N>(3.4)))));
    const Wide<N> w = mul(mul(t.v, inverse_alpha),
                          div(all<N>(1.0), add(mul(t.a, div(all<N>(1.0), mul(t.us, t.us))), t.b)));
    // A w of 0 or below the normal range is left to the scalar draw.
    const Wide<N> tested =
        both(but_not(rejected, asked), compare<_CMP_GE_OQ>(w, all<N>(0x1.0p-1022)));
    const Wide<N> left = log(choose(tested, all<N>(1.0), w));
    const Wide<N> count = choose(tested, all<N>(0.0), t.count);
    const Wide<N> log_lambda = log(t.lambda);
    const Wide<N> factorial = log_factorial(count);
    const Wide<N> count_log = mul(count, log_lambda);
    const Wide<N> right = sub(add(sub(all<N>(0.0), t.lambda), count_log), factorial);
    const Wide<N> magnitude =
        add(add(absolute(left), t.lambda), add(absolute(count_log), absolute(factorial)));
    const Wide<N> margin = test_margin(magnitude);
    const Wide<N> below = compare<_CMP_LT_OQ>(add(left, margin), right);
    const Wide<N> above = compare<_CMP_GT_OQ>(sub(left, margin), right);
    return {.accepted = both(tested, below), .rejected = either(rejected, both(tested, above))};
}

#undef SPECFLOW_AVX2

// A lane's count converts to a 64-bit integer exactly: its magnitude is below 2⁵¹ (store_int64).
template <std::size_t N>
[[gnu::always_inline]] inline __attribute__((target("avx2"))) Wide<N> converts(Wide<N> count) {
    return compare<_CMP_LT_OQ>(absolute(count), all<N>(0x1.0p51));
}

// ptrs_try of negative_binomial_lanes.cpp: one try of PTRS in the lanes `tried`, the lanes that
// need the last test put in `later` if given (slots slot_of_first + lane) and left waiting. A
// count of magnitude 2⁵¹ or more (which no scenario's mean comes near) is left to the scalar
// draw, as it would not convert exactly.
template <std::size_t N>
[[gnu::always_inline]] inline __attribute__((target("avx2"))) PtrsTest<N>
ptrs_try(Wide<N> tried, Wide<N> lambda, Wide<N> first_uniform, Wide<N> second_uniform,
         std::int64_t* out, LastTests* later = nullptr, std::uint64_t slot_of_first = 0) {
    const auto [a, b] = ptrs_shape(lambda);
    const Wide<N> v_r = sub(all<N>(0.9277), div(all<N>(3.6224), sub(b, all<N>(2.0))));
    const Wide<N> centred = sub(first_uniform, all<N>(0.5));
    const Wide<N> us = sub(all<N>(0.5), absolute(centred));
    // floor((2a/us + b)·u + mean + 0.43)
    const Wide<N> spread = add(div(mul(all<N>(2.0), a), us), b);
    const Wide<N> count = floor(add(add(mul(spread, centred), lambda), all<N>(0.43)));
    store_int64(out, count);
    const Wide<N> whole = converts(count);
    const Wide<N> quick = both(tried, both(compare<_CMP_GE_OQ>(us, all<N>(0.07)),
                                           compare<_CMP_LE_OQ>(second_uniform, v_r)));
    PtrsTest<N> outcome{.accepted = both(quick, whole), .rejected = all<N>(0.0)};
    const Wide<N> asked = but_not(quick, tried);
    if (const std::uint32_t lanes = bits(asked); lanes != 0 && later != nullptr) {
        const std::size_t end = later->size;
        append(later->lambda.data(), end, lambda, lanes);
        append(later->us.data(), end, us, lanes);
        append(later->v.data(), end, second_uniform, lanes);
        append(later->count.data(), end, count, lanes);
        append_slots(later->slot.data(), end, slot_of_first, lanes);
        later->size = end + static_cast<std::size_t>(std::popcount(lanes));
        outcome.waiting = lanes;
    } else if (lanes != 0) {
        const auto test = ptrs_test(
            asked,
            {.lambda = lambda, .a = a, .b = b, .us = us, .v = second_uniform, .count = count});
        outcome.accepted = either(outcome.accepted, both(test.accepted, whole));
        outcome.rejected = test.rejected;
    }
    return outcome;
}

// The ziggurat's bits of four uniforms: u · 2⁵³, an integer below 2⁵³; its low 9 bits are the
// layer (8) and the sign (1), the rest the magnitude, worked out in doubles (exactly: powers of
// two, a floor and a difference of integers below 2⁵³), as AVX2 has no 64-bit conversions.
struct ZigguratBits {
    __m256d magnitude;
    __m128i layer;    // four 32-bit indices
    __m256d negative; // a mask
};
[[gnu::always_inline]] inline __attribute__((target("avx2"))) ZigguratBits
ziggurat_bits(__m256d uniform) {
    const __m256d scaled = _mm256_mul_pd(uniform, _mm256_set1_pd(0x1.0p53));
    const __m256d magnitude = _mm256_floor_pd(_mm256_mul_pd(scaled, _mm256_set1_pd(0x1.0p-9)));
    const __m128i low_bits =
        _mm256_cvttpd_epi32(_mm256_sub_pd(scaled, _mm256_mul_pd(magnitude, _mm256_set1_pd(512.0))));
    const __m128i sign = _mm_and_si128(low_bits, _mm_set1_epi32(0x100));
    return {.magnitude = magnitude,
            .layer = _mm_and_si128(low_bits, _mm_set1_epi32(0xFF)),
            .negative = _mm256_castsi256_pd(
                _mm256_cvtepi32_epi64(_mm_cmpeq_epi32(sign, _mm_set1_epi32(0x100))))};
}

// A layer's `inside` bound (below 2⁴⁴ + 1) as a double, exactly: 2⁵² + bound read as a double,
// less 2⁵².
[[gnu::always_inline]] inline __attribute__((target("avx2"))) __m256d inside_of(__m128i layer) {
    const __m256i inside = _mm256_i32gather_epi64(
        reinterpret_cast<const long long*>(k_ziggurat.inside.data()), layer, sizeof(std::uint64_t));
    return _mm256_sub_pd(
        _mm256_castsi256_pd(_mm256_or_si256(inside, _mm256_set1_epi64x(0x4330000000000000))),
        _mm256_set1_pd(0x1.0p52));
}

} // namespace

// walk_avx512 of negative_binomial_walk_lanes.cpp: the same operations in the same order, so the
// same counts and the same lanes reported. Written half by half in plain arrays of registers
// (std::array drops their alignment attribute) rather than with the Lanes helpers above: the
// same walk in Lanes, its counts in doubles, ran England's activity model 4% slower.
__attribute__((target("avx2"))) std::uint32_t walk(const LaneWalk& lanes,
                                                   std::int64_t* out) noexcept {
    constexpr std::size_t k_halves = 2;
    constexpr std::size_t k_half = k_lanes / k_halves;
    const __m256d k = _mm256_set1_pd(lanes.k);
    const __m256d one = _mm256_set1_pd(1.0);
    const __m256d tiny = _mm256_set1_pd(1e-30);
    const __m256d tail_low = _mm256_set1_pd(2e-30);
    __m256d u[k_halves]{};
    __m256d p[k_halves]{};
    __m256d pmf[k_halves]{};
    __m256d cdf[k_halves]{};
    __m256d walking[k_halves]{};
    __m256i count[k_halves]{};
    for (std::size_t h = 0; h < k_halves; ++h) {
        const __m256d mean = _mm256_loadu_pd(lanes.mean + h * k_half);
        u[h] = _mm256_loadu_pd(lanes.uniform + h * k_half);
        p[h] = _mm256_div_pd(mean, _mm256_add_pd(k, mean));
        pmf[h] = _mm256_loadu_pd(lanes.zero + h * k_half);
        cdf[h] = pmf[h];
        count[h] = _mm256_setzero_si256();
        walking[h] = _mm256_cmp_pd(u[h], cdf[h], _CMP_GE_OQ);
    }
    for (std::int64_t x = 0; x < k_lane_steps && bits(Lanes{{walking[0], walking[1]}}) != 0; ++x) {
        const __m256d x_plus_k = _mm256_set1_pd(static_cast<double>(x) + lanes.k);
        const __m256d step = _mm256_set1_pd(k_reciprocal[static_cast<std::size_t>(x + 1)]);
        __m256d ratio[k_halves]{};
        __m256d low[k_halves]{};
        __m256d steps[k_halves] = {walking[0], walking[1]};
        for (std::size_t h = 0; h < k_halves; ++h) {
            ratio[h] = _mm256_mul_pd(_mm256_mul_pd(x_plus_k, p[h]), step);
            low[h] = _mm256_and_pd(
                walking[h], _mm256_cmp_pd(_mm256_mul_pd(pmf[h], p[h]), tail_low, _CMP_LT_OQ));
        }
        if (bits(Lanes{{low[0], low[1]}}) != 0) {
            for (std::size_t h = 0; h < k_halves; ++h) {
                const __m256d bound = _mm256_max_pd(ratio[h], p[h]);
                const __m256d ends = _mm256_and_pd(
                    _mm256_cmp_pd(bound, one, _CMP_LT_OQ),
                    _mm256_cmp_pd(_mm256_mul_pd(pmf[h], bound),
                                  _mm256_mul_pd(tiny, _mm256_sub_pd(one, bound)), _CMP_LT_OQ));
                steps[h] = _mm256_andnot_pd(ends, walking[h]);
            }
        }
        for (std::size_t h = 0; h < k_halves; ++h) {
            pmf[h] = _mm256_mul_pd(pmf[h], ratio[h]);
            cdf[h] = _mm256_add_pd(cdf[h], pmf[h]);
            // A lane that steps is all ones, −1 as a 64-bit integer.
            count[h] = _mm256_sub_epi64(count[h], _mm256_castpd_si256(steps[h]));
            walking[h] = _mm256_and_pd(steps[h], _mm256_cmp_pd(u[h], cdf[h], _CMP_GE_OQ));
        }
    }
    for (std::size_t h = 0; h < k_halves; ++h) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + h * k_half), count[h]);
    }
    return bits(Lanes{{walking[0], walking[1]}});
}

namespace {

// Lanes` registers r[2g] and r[2g + 1] from group g's k_lanes numbers at `of(g)`.
template <std::size_t Groups, typename Of>
[[gnu::always_inline]] inline __attribute__((target("avx2"))) Wide<2 * Groups> load_groups(Of of) {
    Wide<2 * Groups> out;
    for (std::size_t g = 0; g < Groups; ++g) {
        const double* numbers = of(g);
        out.r[2 * g] = _mm256_loadu_pd(numbers);
        out.r[2 * g + 1] = _mm256_loadu_pd(numbers + 4);
    }
    return out;
}

// large_groups_avx512 of negative_binomial_lanes.cpp: the first tries of `Groups` groups of eight
// lanes of one flow-month (one dispersion: draws[0]'s) in step, in 2 · Groups registers, each
// step taken in every register before the next; each lane's operations a single group's, in its
// order. Group g's Poisson means and counts into lambda_out and out from g · k_lanes, its slots
// in `later` from slot_of_first + g · k_lanes (the tests put off in the groups' order, as group by
// group), and what became of its lanes into ends[g].
template <std::size_t Groups>
[[gnu::always_inline]] inline __attribute__((target("avx2"))) void
large_groups(const LargeLaneDraw* draws, double* lambda_out, std::int64_t* out, LastTests* later,
             std::uint64_t slot_of_first, LargeLaneEnds* ends) {
    constexpr std::size_t n = 2 * Groups;
    const Wide<n> mean = load_groups<Groups>([&](std::size_t g) { return draws[g].mean; });
    // standard_normal: 53 bits of uniform 0 give the layer, the sign and the magnitude.
    const Wide<n> uniform0 =
        load_groups<Groups>([&](std::size_t g) { return draws[g].uniform[0]; });
    Wide<n> magnitude;
    Wide<n> width;
    Wide<n> gamma_ends;
    Wide<n> negative;
    for (std::size_t i = 0; i < n; ++i) {
        const ZigguratBits z = ziggurat_bits(uniform0.r[i]);
        magnitude.r[i] = z.magnitude;
        width.r[i] = _mm256_i32gather_pd(k_ziggurat.width.data(), z.layer, sizeof(double));
        gamma_ends.r[i] = _mm256_cmp_pd(z.magnitude, inside_of(z.layer), _CMP_LT_OQ);
        negative.r[i] = z.negative;
    }
    const Wide<n> x = flip_sign(mul(magnitude, width), negative); // −x
    // gamma(k): v = (1 + c·x)³, accepted when u = 1 − uniform 1 < 1 − 0.0331 x⁴, or else when
    // log u < x²/2 + d(1 − v + log v).
    const double k = draws[0].k;
    const double d = k - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    Wide<n> v = add(all<n>(1.0), mul(all<n>(c), x));
    gamma_ends = both(gamma_ends, compare<_CMP_GT_OQ>(v, all<n>(0.0)));
    v = mul(mul(v, v), v);
    const Wide<n> u =
        sub(all<n>(1.0), load_groups<Groups>([&](std::size_t g) { return draws[g].uniform[1]; }));
    const Wide<n> x2 = mul(x, x);
    const Wide<n> squeezed =
        compare<_CMP_LT_OQ>(u, sub(all<n>(1.0), mul(mul(all<n>(0.0331), x2), x2)));
    // (A v below the normal range, which the lanes' logarithm does not take, is left to the
    // scalar draw.)
    const Wide<n> unsqueezed =
        both(but_not(squeezed, gamma_ends), compare<_CMP_GE_OQ>(v, all<n>(0x1.0p-1022)));
    const std::uint32_t unsqueezed_lanes = bits(unsqueezed);
    std::uint32_t gamma_waiting = 0;
    if (unsqueezed_lanes == 0) {
        gamma_ends = both(gamma_ends, squeezed);
    } else if (later != nullptr) {
        // Put off (LastTests): the lane goes on as if it passed until the test is decided.
        const std::size_t end = later->gamma_size;
        append(later->gamma_x2.data(), end, x2, unsqueezed_lanes);
        append(later->gamma_v.data(), end, v, unsqueezed_lanes);
        append(later->gamma_u.data(), end, u, unsqueezed_lanes);
        append(later->gamma_d.data(), end, all<n>(d), unsqueezed_lanes);
        append_slots(later->gamma_slot.data(), end, slot_of_first, unsqueezed_lanes);
        later->gamma_size = end + static_cast<std::size_t>(std::popcount(unsqueezed_lanes));
        gamma_waiting = unsqueezed_lanes;
        gamma_ends = both(gamma_ends, either(squeezed, unsqueezed));
    } else {
        gamma_ends =
            both(gamma_ends, either(squeezed, gamma_log_test(unsqueezed, all<n>(d), x2, v, u)));
    }
    const Wide<n> gamma = mul(all<n>(d), v);
    // poisson(mean · gamma / k) by PTRS, for a Poisson mean of at least 16.
    const Wide<n> lambda = div(mul(mean, gamma), all<n>(k));
    store(lambda_out, lambda);
    const Wide<n> tried = both(gamma_ends, compare<_CMP_GE_OQ>(lambda, all<n>(k_small_mean)));
    const auto test = ptrs_try(
        tried, lambda, load_groups<Groups>([&](std::size_t g) { return draws[g].uniform[2]; }),
        load_groups<Groups>([&](std::size_t g) { return draws[g].uniform[3]; }), out, later,
        slot_of_first);
    const std::uint32_t gamma_bits = bits(gamma_ends);
    const std::uint32_t count_bits = bits(test.accepted);
    const std::uint32_t retried_bits = bits(test.rejected);
    for (std::size_t g = 0; g < Groups; ++g) {
        const auto group = [&](std::uint32_t lanes) { return lanes >> (g * k_lanes) & 0xFFU; };
        ends[g] = {.gamma = group(gamma_bits),
                   .count = group(count_bits),
                   .retried = group(retried_bits),
                   .waiting = group(test.waiting),
                   .gamma_waiting = group(gamma_waiting)};
    }
}

} // namespace

__attribute__((target("avx2"))) LargeLaneEnds large(const LargeLaneDraw& draw, double* lambda_out,
                                                    std::int64_t* out, LastTests* later,
                                                    std::uint64_t slot_of_first) noexcept {
    LargeLaneEnds ends;
    large_groups<1>(&draw, lambda_out, out, later, slot_of_first, &ends);
    return ends;
}

__attribute__((target("avx2"))) void
large_in_step(const std::array<LargeLaneDraw, k_large_in_step>& draws, double* lambda_out,
              std::int64_t* out, std::span<LargeLaneEnds, k_large_in_step> ends, LastTests* later,
              std::uint64_t slot_of_first) noexcept {
    large_groups<k_large_in_step>(draws.data(), lambda_out, out, later, slot_of_first, ends.data());
}

namespace {

// The 4N waiting tests' numbers from `at`, the harmless `fill` (whose outcome no one reads) past
// the `lanes` still waiting.
template <std::size_t N>
[[gnu::always_inline]] inline __attribute__((target("avx2"))) Wide<N>
lanes_of(const std::vector<double>& numbers, std::size_t at, std::size_t lanes, double fill) {
    if (lanes == 4 * N) {
        return load<N>(numbers.data() + at);
    }
    alignas(32) double copy[4 * N];
    for (std::size_t i = 0; i < 4 * N; ++i) {
        copy[i] = i < lanes ? numbers[at + i] : fill;
    }
    return load<N>(copy);
}

// Tests decided together: two groups' worth, so that their chains of dependent arithmetic (the
// logarithms' series) overlap.
constexpr std::size_t k_tests_registers = 4;
constexpr std::size_t k_tests_together = 4 * k_tests_registers;

} // namespace

// last_tests_avx512 of negative_binomial_lanes.cpp: the waiting tests, sixteen at a time, each
// lane decided on its own numbers alone. PTRS's, with a and b worked out again from the lane's
// Poisson mean as its first try worked them out (and a count accepted only where it converts, as
// at the first try); then the gammas'.
__attribute__((target("avx2"))) void last_tests(const LastTests& tests,
                                                std::span<LargeLaneEnds> ends) noexcept {
    constexpr std::size_t n = k_tests_registers;
    for (std::size_t at = 0; at < tests.size; at += k_tests_together) {
        const std::size_t lanes = std::min(k_tests_together, tests.size - at);
        const Wide<n> asked = mask_of<n>((1U << lanes) - 1U);
        const Wide<n> lambda = lanes_of<n>(tests.lambda, at, lanes, k_small_mean);
        const Wide<n> count = lanes_of<n>(tests.count, at, lanes, k_small_mean);
        const auto [a, b] = ptrs_shape(lambda);
        const auto test = ptrs_test(asked, {.lambda = lambda,
                                            .a = a,
                                            .b = b,
                                            .us = lanes_of<n>(tests.us, at, lanes, 0.5),
                                            .v = lanes_of<n>(tests.v, at, lanes, 0.5),
                                            .count = count});
        const std::uint32_t accepted =
            bits(both(test.accepted, compare<_CMP_LT_OQ>(absolute(count), all<n>(0x1.0p51))));
        const std::uint32_t rejected = bits(test.rejected);
        tests.settle(ends, at, lanes, accepted, rejected);
    }
    for (std::size_t at = 0; at < tests.gamma_size; at += k_tests_together) {
        const std::size_t lanes = std::min(k_tests_together, tests.gamma_size - at);
        // Past the last test, v = u = 1 and x = 0.
        const std::uint32_t passed = bits(gamma_log_test(
            mask_of<n>((1U << lanes) - 1U), lanes_of<n>(tests.gamma_d, at, lanes, 1.0),
            lanes_of<n>(tests.gamma_x2, at, lanes, 0.0), lanes_of<n>(tests.gamma_v, at, lanes, 1.0),
            lanes_of<n>(tests.gamma_u, at, lanes, 1.0)));
        tests.settle_gammas(ends, at, lanes, passed);
    }
}

__attribute__((target("avx2"))) PoissonLaneEnds poisson_try(const PoissonLaneTry& next,
                                                            std::int64_t* out) noexcept {
    const Lanes asked = mask_of(next.asked);
    // Lanes not asked about get a harmless mean and uniforms; their results are not read.
    const Lanes lambda = choose(asked, all(k_small_mean), load(next.lambda));
    const Lanes half = all(0.5);
    const auto test = ptrs_try(asked, lambda, choose(asked, half, load(next.uniform[0])),
                               choose(asked, half, load(next.uniform[1])), out);
    return {.count = bits(test.accepted), .rejected = bits(test.rejected)};
}

__attribute__((target("avx2"))) void lane_kinds(const double* mean, std::size_t groups,
                                                std::uint8_t* below, std::uint8_t* above) noexcept {
    const Lanes top = all(k_small_negative_binomial_mean);
    for (std::size_t g = 0; g < groups; ++g) {
        const Lanes m = load(mean + g * k_lanes);
        below[g] = static_cast<std::uint8_t>(
            bits(both(compare<_CMP_GT_OQ>(m, all(0.0)), compare<_CMP_LT_OQ>(m, top))));
        above[g] = static_cast<std::uint8_t>(bits(compare<_CMP_GE_OQ>(m, top)));
    }
}

__attribute__((target("avx2"))) void log_store(const double* x, double* out) noexcept {
    store(out, log(load(x)));
}

} // namespace specflow::sim::counts::avx2
