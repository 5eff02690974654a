#include "sim/kernel/zero_probability.hpp"

#include "sim/kernel/count_sampler.hpp"

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
    // 1/(2j + 1) for j = 9 … 0, by Horner.
    constexpr double k_odd[] = {1.0 / 19, 1.0 / 17, 1.0 / 15, 1.0 / 13, 1.0 / 11,
                                1.0 / 9,  1.0 / 7,  1.0 / 5,  1.0 / 3,  1.0};
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
    // 1/j! for j = 9 … 0, by Horner.
    constexpr double k_inverse_factorial[] = {
        1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0,
        1.0 / 24.0,     1.0 / 6.0,     1.0 / 2.0,    1.0,         1.0};
    double series = k_inverse_factorial[0];
#pragma GCC unroll 10
    for (int j = 1; j < 10; ++j) {
        series = series * r + k_inverse_factorial[j];
    }
    // n's two's complement sits in the low bits of `shifted`.
    const auto n_bits = static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(shifted) -
                                                  std::bit_cast<std::uint64_t>(k_round));
    // 2^0, 2^(1/4), 2^(1/2) and 2^(3/4), rounded to nearest, by n mod 4: looked up, not chosen
    // (the compiler would take the multiplications below into each choice, which only
    // processors with masked vector arithmetic vectorise).
    static constexpr double k_roots[] = {1.0, 0x1.306fe0a31b715p+0, 0x1.6a09e667f3bcdp+0,
                                         0x1.ae89f995ad3adp+0};
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

} // namespace

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void
negative_binomial_zero(std::span<const double> mean, std::span<const double> k,
                       std::span<double> out) noexcept {
    zero_probabilities(mean.data(), k.data(), out.data(),
                       std::min({mean.size(), k.size(), out.size()}));
}

} // namespace specflow::sim::counts
