#include "sim/kernel/zero_probability.hpp"

#include "sim/kernel/count_sampler.hpp"
#include "sim/kernel/vector_intrinsics.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace specflow::sim::counts {

namespace {

constexpr double k_ln2_high = 0x1.62e42fefa3800p-1; // ln 2, high part: n · it is exact
constexpr double k_ln2_low = 0x1.ef35793c76730p-45; // ln 2 − k_ln2_high
constexpr double k_log2e = 1.4426950408889634074;
constexpr double k_root_two = 1.41421356237309504880;
// Adding 1.5 · 2⁵² rounds a double of magnitude below 2⁵¹ to an integer, held in the low bits.
constexpr double k_round = 0x1.8p52;
// A double whose bits are 0x4330… + j is 2⁵² + j: the exponent field read as a double.
constexpr std::uint64_t k_two52_bits = 0x4330000000000000ULL;
constexpr std::size_t k_vector_lanes = 8; // doubles in an AVX-512 register

// 1/(2j + 1) for j = 9 … 0: log_at_least_one's series, by Horner.
constexpr double k_odd[] = {1.0 / 19, 1.0 / 17, 1.0 / 15, 1.0 / 13, 1.0 / 11,
                            1.0 / 9,  1.0 / 7,  1.0 / 5,  1.0 / 3,  1.0};
// 1/j! for j = 9 … 0: exp_not_positive's series, by Horner.
constexpr double k_inverse_factorial[] = {
    1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0,
    1.0 / 24.0,     1.0 / 6.0,     1.0 / 2.0,    1.0,         1.0};
// 2^0, 2^(1/4), 2^(1/2) and 2^(3/4), rounded to nearest: exp_not_positive's factor by n mod 4.
constexpr double k_roots[] = {1.0, 0x1.306fe0a31b715p+0, 0x1.6a09e667f3bcdp+0,
                              0x1.ae89f995ad3adp+0};

// log(u) for u ≥ 1 (finite): u = 2^e · m with m in [1, 2), halved above √2 (chosen, not
// branched, so that the loop vectorises on every processor), log m = 2 atanh(s) with s = (m − 1)/
// (m + 1), |s| ≤ 0.1716, by its series to s¹⁹ (the next term is below 3e-17 of the sum).
[[gnu::always_inline]] inline double log_at_least_one(double u) {
    const auto bits = std::bit_cast<std::uint64_t>(u);
    const std::uint64_t fraction_bits = (bits & 0x000FFFFFFFFFFFFFULL) | 0x3FF0000000000000ULL;
    // Halved (its exponent one less) and the exponent one more in integers, which cannot trap,
    // so that processors without masked vector arithmetic vectorise the loop too.
    const std::uint64_t halve = std::bit_cast<double>(fraction_bits) > k_root_two ? 1 : 0;
    const double m = std::bit_cast<double>(fraction_bits - (halve << 52));
    const double e =
        std::bit_cast<double>(k_two52_bits | ((bits >> 52) + halve)) - (0x1.0p52 + 1023.0);
    const double s = (m - 1.0) / (m + 1.0);
    const double z = s * s;
    double series = k_odd[0];
#pragma GCC unroll 10
    for (int j = 1; j < 10; ++j) {
        series = series * z + k_odd[j];
    }
    return e * k_ln2_high + (e * k_ln2_low + 2.0 * s * series);
}

// exp(x) for −350 ≤ x ≤ 0 (the P(0)s give −32 ≤ x; n · ¼ ln 2's high part is exact for
// |n| < 2¹¹): x = (n/4) ln 2 + r, |r| ≤ ⅛ ln 2, exp(r) by its Taylor series to r⁹
// (the next term is below 7e-18), times 2^(n mod 4 / 4), chosen from four constants, and 2^⌊n/4⌋
// built in the exponent field.
[[gnu::always_inline]] inline double exp_not_positive(double x) {
    const double shifted = x * (4.0 * k_log2e) + k_round;
    const double n = shifted - k_round;
    const double r = (x - n * (0.25 * k_ln2_high)) - n * (0.25 * k_ln2_low);
    double series = k_inverse_factorial[0];
#pragma GCC unroll 10
    for (int j = 1; j < 10; ++j) {
        series = series * r + k_inverse_factorial[j];
    }
    // n's two's complement sits in the low bits of `shifted`.
    const auto n_bits = static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(shifted) -
                                                  std::bit_cast<std::uint64_t>(k_round));
    // Looked up, not chosen (the compiler would take the multiplications below into each choice,
    // which only processors with masked vector arithmetic vectorise).
    const double root = k_roots[n_bits & 3];
    // 2^⌊n/4⌋ = 2^(⌊(n + 4 · 1023)/4⌋ − 1023), its exponent field 1023 + ⌊n/4⌋ worked out from a
    // sum that is never negative (n ≥ −2020), so that it shifts without a sign.
    const double scale =
        std::bit_cast<double>((static_cast<std::uint64_t>(n_bits + 4 * 1023) >> 2) << 52);
    return series * root * scale;
}

[[gnu::always_inline]] inline void zero_probabilities(const double* __restrict mean,
                                                      const double* __restrict k,
                                                      double* __restrict out, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        // Every step is computed and chosen from, never branched round, so that the loop
        // vectorises.
        const double dispersion = k[i] > 0.0 ? k[i] : 1.0;
        const double low = mean[i] > 0.0 ? mean[i] : 0.0;
        // The walks' means stop at the negative binomial's switch (count_sampler.hpp).
        constexpr double k_top = k_small_negative_binomial_mean;
        const double y = (low < k_top ? low : k_top) / dispersion;
        // log1p(y) = log(u) + (y − (u − 1))/u with u = 1 + y rounded: the second term puts
        // back what rounding u lost, so it holds even when y is far below the precision of
        // 1 + y (then log(u) = 0 and it gives y).
        const double u = 1.0 + y;
        const double log1p = log_at_least_one(u) + (y - (u - 1.0)) / u;
        out[i] = exp_not_positive(-dispersion * log1p);
    }
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void
zero_probabilities_portable(const double* mean, const double* k, double* out, std::size_t count) {
    zero_probabilities(mean, k, out, count);
}

// zero_probabilities in AVX-512 registers, operation for operation, eight lanes at once. The
// compiler's own vector code for the loop above looked each lane's 2^(n mod 4 / 4) up one by
// one; here one permutation does it.
[[gnu::always_inline]] inline __attribute__((target("avx512f,avx512dq"))) __m512d
zero_registers(__m512d mean_in, __m512d k_in) {
    const __m512d zero = _mm512_setzero_pd();
    const __m512d one = _mm512_set1_pd(1.0);
    const __m512d top = _mm512_set1_pd(k_small_negative_binomial_mean);
    const __m512d round = _mm512_set1_pd(k_round);
    const __m512d dispersion =
        _mm512_mask_blend_pd(_mm512_cmp_pd_mask(k_in, zero, _CMP_GT_OQ), one, k_in);
    const __m512d low = _mm512_maskz_mov_pd(_mm512_cmp_pd_mask(mean_in, zero, _CMP_GT_OQ), mean_in);
    const __m512d y = _mm512_div_pd(
        _mm512_mask_blend_pd(_mm512_cmp_pd_mask(low, top, _CMP_LT_OQ), top, low), dispersion);
    const __m512d u = _mm512_add_pd(one, y);
    // log_at_least_one(u), in the same integers.
    const __m512i bits = _mm512_castpd_si512(u);
    const __m512i fraction_bits =
        _mm512_or_si512(_mm512_and_si512(bits, _mm512_set1_epi64(0x000FFFFFFFFFFFFFLL)),
                        _mm512_set1_epi64(0x3FF0000000000000LL));
    const __mmask8 halve = _mm512_cmp_pd_mask(_mm512_castsi512_pd(fraction_bits),
                                              _mm512_set1_pd(k_root_two), _CMP_GT_OQ);
    const __m512d m = _mm512_castsi512_pd(
        _mm512_mask_sub_epi64(fraction_bits, halve, fraction_bits, _mm512_set1_epi64(1LL << 52)));
    const __m512i biased = _mm512_srli_epi64(bits, 52);
    const __m512i exponent = _mm512_mask_add_epi64(biased, halve, biased, _mm512_set1_epi64(1));
    const __m512d e =
        _mm512_sub_pd(_mm512_castsi512_pd(_mm512_or_si512(
                          exponent, _mm512_set1_epi64(static_cast<long long>(k_two52_bits)))),
                      _mm512_set1_pd(0x1.0p52 + 1023.0));
    const __m512d s = _mm512_div_pd(_mm512_sub_pd(m, one), _mm512_add_pd(m, one));
    const __m512d z = _mm512_mul_pd(s, s);
    __m512d log_series = _mm512_set1_pd(k_odd[0]);
    for (std::size_t j = 1; j < std::size(k_odd); ++j) {
        log_series = _mm512_add_pd(_mm512_mul_pd(log_series, z), _mm512_set1_pd(k_odd[j]));
    }
    const __m512d log = _mm512_add_pd(
        _mm512_mul_pd(e, _mm512_set1_pd(k_ln2_high)),
        _mm512_add_pd(_mm512_mul_pd(e, _mm512_set1_pd(k_ln2_low)),
                      _mm512_mul_pd(_mm512_mul_pd(_mm512_set1_pd(2.0), s), log_series)));
    const __m512d log1p =
        _mm512_add_pd(log, _mm512_div_pd(_mm512_sub_pd(y, _mm512_sub_pd(u, one)), u));
    const __m512d x = _mm512_mul_pd(_mm512_xor_pd(dispersion, _mm512_set1_pd(-0.0)), log1p);
    // exp_not_positive(x).
    const __m512d shifted = _mm512_add_pd(_mm512_mul_pd(x, _mm512_set1_pd(4.0 * k_log2e)), round);
    const __m512d n = _mm512_sub_pd(shifted, round);
    const __m512d r =
        _mm512_sub_pd(_mm512_sub_pd(x, _mm512_mul_pd(n, _mm512_set1_pd(0.25 * k_ln2_high))),
                      _mm512_mul_pd(n, _mm512_set1_pd(0.25 * k_ln2_low)));
    __m512d exp_series = _mm512_set1_pd(k_inverse_factorial[0]);
    for (std::size_t j = 1; j < std::size(k_inverse_factorial); ++j) {
        exp_series =
            _mm512_add_pd(_mm512_mul_pd(exp_series, r), _mm512_set1_pd(k_inverse_factorial[j]));
    }
    const __m512i n_bits =
        _mm512_sub_epi64(_mm512_castpd_si512(shifted), _mm512_castpd_si512(round));
    // vpermpd reads an index's low three bits: n mod 4 and n mod 4 + 4 give the same root.
    const __m512d root = _mm512_permutexvar_pd(
        n_bits, _mm512_setr_pd(k_roots[0], k_roots[1], k_roots[2], k_roots[3], k_roots[0],
                               k_roots[1], k_roots[2], k_roots[3]));
    const __m512d scale = _mm512_castsi512_pd(_mm512_slli_epi64(
        _mm512_srli_epi64(_mm512_add_epi64(n_bits, _mm512_set1_epi64(4 * 1023)), 2), 52));
    return _mm512_mul_pd(_mm512_mul_pd(exp_series, root), scale);
}

// Four registers at a time, whose long chains of dependent operations the processor overlaps;
// then the rest eight lanes at a time, the last few masked.
__attribute__((target("avx512f,avx512dq"))) void
zero_probabilities_avx512(const double* mean, const double* k, double* out, std::size_t count) {
    constexpr std::size_t together = 4;
    std::size_t i = 0;
    for (; i + together * k_vector_lanes <= count; i += together * k_vector_lanes) {
        __m512d zeros[together];
        for (std::size_t j = 0; j < together; ++j) {
            zeros[j] = zero_registers(_mm512_loadu_pd(mean + i + j * k_vector_lanes),
                                      _mm512_loadu_pd(k + i + j * k_vector_lanes));
        }
        for (std::size_t j = 0; j < together; ++j) {
            _mm512_storeu_pd(out + i + j * k_vector_lanes, zeros[j]);
        }
    }
    for (; i < count; i += k_vector_lanes) {
        const auto lanes =
            static_cast<__mmask8>(count - i >= k_vector_lanes ? 0xFFU : (1U << (count - i)) - 1U);
        _mm512_mask_storeu_pd(out + i, lanes,
                              zero_registers(_mm512_maskz_loadu_pd(lanes, mean + i),
                                             _mm512_maskz_loadu_pd(lanes, k + i)));
    }
}

// zero_probabilities in AVX2 registers, operation for operation, for processors without
// AVX-512: `Registers` registers of four lanes, each step taken in every register before the
// next, so that the processor overlaps their two series' chains of dependent steps. (The
// compiler's own AVX2 code for the plain loop took one register at a time, each lane's
// 2^(n mod 4 / 4) looked up one by one, and waited on the chains: 8.0 ns a lane on an AMD EPYC
// without AVX-512, 4.7 ns here with four registers; a register at a time written out, 7.9 ns.)
template <std::size_t Registers>
[[gnu::always_inline]] inline __attribute__((target("avx2"))) void
zero_registers_avx2(const double* mean, const double* k, double* out) {
    constexpr std::size_t lanes = 4; // doubles in an AVX2 register
    const __m256d zero = _mm256_setzero_pd();
    const __m256d one = _mm256_set1_pd(1.0);
    const __m256d top = _mm256_set1_pd(k_small_negative_binomial_mean);
    const __m256d round = _mm256_set1_pd(k_round);
    __m256d dispersion[Registers];
    __m256d y[Registers];
    __m256d u[Registers];
    __m256d e[Registers];
    __m256d s[Registers];
    __m256d z[Registers];
    __m256d series[Registers];
#pragma GCC unroll 8
    for (std::size_t i = 0; i < Registers; ++i) {
        const __m256d k_in = _mm256_loadu_pd(k + i * lanes);
        const __m256d mean_in = _mm256_loadu_pd(mean + i * lanes);
        dispersion[i] = _mm256_blendv_pd(one, k_in, _mm256_cmp_pd(k_in, zero, _CMP_GT_OQ));
        const __m256d low = _mm256_and_pd(_mm256_cmp_pd(mean_in, zero, _CMP_GT_OQ), mean_in);
        y[i] = _mm256_div_pd(_mm256_blendv_pd(top, low, _mm256_cmp_pd(low, top, _CMP_LT_OQ)),
                             dispersion[i]);
        u[i] = _mm256_add_pd(one, y[i]);
        // log_at_least_one(u), in the same integers: a lane to be halved has a mask of all
        // ones (−1), so subtracting the mask adds one to the exponent.
        const __m256i bits = _mm256_castpd_si256(u[i]);
        const __m256i fraction_bits =
            _mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi64x(0x000FFFFFFFFFFFFFLL)),
                            _mm256_set1_epi64x(0x3FF0000000000000LL));
        const __m256i halve = _mm256_castpd_si256(_mm256_cmp_pd(
            _mm256_castsi256_pd(fraction_bits), _mm256_set1_pd(k_root_two), _CMP_GT_OQ));
        const __m256d m = _mm256_castsi256_pd(_mm256_sub_epi64(
            fraction_bits, _mm256_and_si256(halve, _mm256_set1_epi64x(1LL << 52))));
        const __m256i exponent = _mm256_sub_epi64(_mm256_srli_epi64(bits, 52), halve);
        e[i] =
            _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(
                              exponent, _mm256_set1_epi64x(static_cast<long long>(k_two52_bits)))),
                          _mm256_set1_pd(0x1.0p52 + 1023.0));
        s[i] = _mm256_div_pd(_mm256_sub_pd(m, one), _mm256_add_pd(m, one));
        z[i] = _mm256_mul_pd(s[i], s[i]);
        series[i] = _mm256_set1_pd(k_odd[0]);
    }
    for (std::size_t j = 1; j < std::size(k_odd); ++j) {
        for (std::size_t i = 0; i < Registers; ++i) {
            series[i] = _mm256_add_pd(_mm256_mul_pd(series[i], z[i]), _mm256_set1_pd(k_odd[j]));
        }
    }
    // exp_not_positive(x), x = −dispersion · log1p: `r` and its series in the same arrays.
    __m256d* const shifted = y;
    __m256d* const r = z;
#pragma GCC unroll 8
    for (std::size_t i = 0; i < Registers; ++i) {
        const __m256d log = _mm256_add_pd(
            _mm256_mul_pd(e[i], _mm256_set1_pd(k_ln2_high)),
            _mm256_add_pd(_mm256_mul_pd(e[i], _mm256_set1_pd(k_ln2_low)),
                          _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(2.0), s[i]), series[i])));
        const __m256d log1p =
            _mm256_add_pd(log, _mm256_div_pd(_mm256_sub_pd(y[i], _mm256_sub_pd(u[i], one)), u[i]));
        const __m256d x = _mm256_mul_pd(_mm256_xor_pd(dispersion[i], _mm256_set1_pd(-0.0)), log1p);
        shifted[i] = _mm256_add_pd(_mm256_mul_pd(x, _mm256_set1_pd(4.0 * k_log2e)), round);
        const __m256d n = _mm256_sub_pd(shifted[i], round);
        r[i] = _mm256_sub_pd(_mm256_sub_pd(x, _mm256_mul_pd(n, _mm256_set1_pd(0.25 * k_ln2_high))),
                             _mm256_mul_pd(n, _mm256_set1_pd(0.25 * k_ln2_low)));
        series[i] = _mm256_set1_pd(k_inverse_factorial[0]);
    }
    for (std::size_t j = 1; j < std::size(k_inverse_factorial); ++j) {
        for (std::size_t i = 0; i < Registers; ++i) {
            series[i] = _mm256_add_pd(_mm256_mul_pd(series[i], r[i]),
                                      _mm256_set1_pd(k_inverse_factorial[j]));
        }
    }
#pragma GCC unroll 8
    for (std::size_t i = 0; i < Registers; ++i) {
        const __m256i n_bits =
            _mm256_sub_epi64(_mm256_castpd_si256(shifted[i]), _mm256_castpd_si256(round));
        // The root for n mod 4 = j is the double in 32-bit places 2j and 2j + 1 of the four
        // roots: one permutation of 32-bit places moves it.
        const __m256i twice = _mm256_slli_epi64(_mm256_and_si256(n_bits, _mm256_set1_epi64x(3)), 1);
        const __m256i places = _mm256_or_si256(
            twice, _mm256_slli_epi64(_mm256_add_epi64(twice, _mm256_set1_epi64x(1)), 32));
        const __m256d root = _mm256_castsi256_pd(_mm256_permutevar8x32_epi32(
            _mm256_castpd_si256(_mm256_setr_pd(k_roots[0], k_roots[1], k_roots[2], k_roots[3])),
            places));
        const __m256d scale = _mm256_castsi256_pd(_mm256_slli_epi64(
            _mm256_srli_epi64(_mm256_add_epi64(n_bits, _mm256_set1_epi64x(4 * 1023)), 2), 52));
        _mm256_storeu_pd(out + i * lanes, _mm256_mul_pd(_mm256_mul_pd(series[i], root), scale));
    }
}

// Sixteen lanes at a time, then four; the last few through the plain loop, which gives the same
// bits.
__attribute__((target("avx2"))) void zero_probabilities_avx2(const double* mean, const double* k,
                                                             double* out, std::size_t count) {
    std::size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        zero_registers_avx2<4>(mean + i, k + i, out + i);
    }
    for (; i + 4 <= count; i += 4) {
        zero_registers_avx2<1>(mean + i, k + i, out + i);
    }
    zero_probabilities_portable(mean + i, k + i, out + i, count - i);
}

} // namespace

void negative_binomial_zero(std::span<const double> mean, std::span<const double> k,
                            std::span<double> out) noexcept {
    const std::size_t count = std::min({mean.size(), k.size(), out.size()});
    if (has_avx512_dq()) {
        zero_probabilities_avx512(mean.data(), k.data(), out.data(), count);
    } else if (has_avx2()) {
        zero_probabilities_avx2(mean.data(), k.data(), out.data(), count);
    } else {
        zero_probabilities_portable(mean.data(), k.data(), out.data(), count);
    }
}

void negative_binomial_zero_portable(std::span<const double> mean, std::span<const double> k,
                                     std::span<double> out) noexcept {
    zero_probabilities_portable(mean.data(), k.data(), out.data(),
                                std::min({mean.size(), k.size(), out.size()}));
}

void negative_binomial_zero_avx2(std::span<const double> mean, std::span<const double> k,
                                 std::span<double> out) noexcept {
    const std::size_t count = std::min({mean.size(), k.size(), out.size()});
    if (__builtin_cpu_supports("avx2") != 0) {
        zero_probabilities_avx2(mean.data(), k.data(), out.data(), count);
    } else {
        zero_probabilities_portable(mean.data(), k.data(), out.data(), count);
    }
}

} // namespace specflow::sim::counts
