#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

// Counts whose mean is known only inside a replication (DESIGN.md §7: the year's common factors
// multiply a flow's expected activity), so no table can be built for them in advance. Each draw
// is exact in distribution and takes its uniforms from `uniform(i)`, the i-th uniform of the
// flow-month (a counter-based stream: the same flow-month always gets the same uniforms, so the
// count is a pure function of the key, the flow and the month).
//
// Cost: a Poisson count with a small mean (below 16) is one uniform and about mean + 1 steps of
// inversion from 0; a larger one is Hörmann's transformed rejection (PTRS), about 2.3 uniforms
// and a few logarithms whatever the mean. A negative binomial count with a small mean (below 32)
// inverts its own distribution function from 0; a larger one is a Poisson count whose mean is
// drawn from a gamma distribution (Marsaglia and Tsang), the mixture that defines it.
namespace specflow::sim::counts {

inline constexpr double k_small_mean = 16.0;
// The negative binomial's switch is higher than the Poisson's: a gamma and a Poisson count cost
// more than PTRS alone, and the walks of a block's replications are taken together in lanes
// (negative_binomial_walk_lanes.hpp), where a walk to about 30 costs less than the two draws
// (specflow_kernel_bench).
inline constexpr double k_small_negative_binomial_mean = 32.0;
// The largest mean accepted; callers validate before drawing.
inline constexpr double k_mean_max = 1e7;

// log(k!) for k ≥ 0: a table below 256 (k_log_factorial), Stirling's series above (relative
// error below 1e-16).
inline constexpr std::size_t k_log_factorials = 256;
extern const std::array<double, k_log_factorials> k_log_factorial;
[[nodiscard]] double log_factorial(std::int64_t k) noexcept;

// 1/k for 1 ≤ k < 256 (1/0 is 0): the inversions' steps multiply instead of dividing.
inline constexpr std::size_t k_reciprocals = 256;
extern const std::array<double, k_reciprocals> k_reciprocal;
[[nodiscard]] inline double reciprocal(std::int64_t k) noexcept {
    return static_cast<std::size_t>(k) < k_reciprocals ? k_reciprocal[static_cast<std::size_t>(k)]
                                                       : 1.0 / static_cast<double>(k);
}

// The ziggurat of the standard normal density in 256 layers of equal area (Marsaglia and Tsang,
// "The ziggurat method for generating random variables", J. Stat. Software 5 (2000)), for
// magnitudes of 44 bits. Layer 0 is the base strip with the tail beyond k_ziggurat_r.
inline constexpr double k_ziggurat_r = 3.6541528853610088;
struct ZigguratTables {
    std::array<std::uint64_t, 256> inside{}; // a magnitude below this is inside the layer's box
    std::array<double, 256> width{};         // x per unit of magnitude
    std::array<double, 256> density{};       // exp(−x²/2) at the layer's outer edge
};
extern const ZigguratTables k_ziggurat;

// A standard normal from uniform i (and, about 1% of the time, a few more), exact in
// distribution: the uniform's 53 bits give the layer (8), the sign (1) and the magnitude (44);
// 99% of draws end at one comparison.
template <typename Uniform>
[[nodiscard]] double standard_normal(Uniform& uniform, std::uint32_t& i) {
    const ZigguratTables& z = k_ziggurat;
    for (;;) {
        const auto bits = static_cast<std::uint64_t>(uniform(i++) * 0x1.0p53);
        const auto layer = static_cast<std::size_t>(bits & 0xFFU);
        const bool negative = ((bits >> 8U) & 1U) != 0;
        const std::uint64_t magnitude = bits >> 9U;
        const double x = static_cast<double>(magnitude) * z.width[layer];
        if (magnitude < z.inside[layer]) {
            return negative ? -x : x;
        }
        if (layer == 0) {
            // The tail beyond r (Marsaglia 1964): r + e₁/r, accepted when 2e₂ > (e₁/r)².
            for (;;) {
                const double beyond = -std::log(1.0 - uniform(i++)) / k_ziggurat_r;
                const double e = -std::log(1.0 - uniform(i++));
                if (e + e > beyond * beyond) {
                    return negative ? -(k_ziggurat_r + beyond) : k_ziggurat_r + beyond;
                }
            }
        }
        // The wedge between the layer's box and the density.
        if (z.density[layer] + uniform(i++) * (z.density[layer - 1] - z.density[layer]) <
            std::exp(-0.5 * x * x)) {
            return negative ? -x : x;
        }
    }
}

// Poisson(mean) for 0 ≤ mean ≤ k_mean_max.
template <typename Uniform>
[[nodiscard]] std::int64_t poisson(double mean, Uniform& uniform, std::uint32_t& i) {
    if (mean <= 0.0) {
        return 0;
    }
    if (mean < k_small_mean) {
        // Inversion from 0. Past the mean each term is at most half the one before (k ≥ 2 ·
        // mean), so the walk stops there once a term is below 1e-30: the mass left is below
        // 2e-30, far under the 2⁻⁵³ a uniform can resolve, and rounding cannot keep it walking.
        const double u = uniform(i++);
        double pmf = std::exp(-mean);
        double cdf = pmf;
        std::int64_t k = 0;
        const auto halving = static_cast<std::int64_t>(2.0 * mean);
        while (u >= cdf && (k < halving || pmf >= 1e-30)) {
            ++k;
            pmf *= mean * reciprocal(k);
            cdf += pmf;
        }
        return k;
    }
    // PTRS: W. Hörmann, "The transformed rejection method for generating Poisson random
    // variables", Insurance: Mathematics and Economics 12 (1993) 39–45.
    const double root = std::sqrt(mean);
    double log_mean = -1.0; // worked out only if a draw reaches the last test
    const double b = 0.931 + 2.53 * root;
    const double a = -0.059 + 0.02483 * b;
    const double inverse_alpha = 1.1239 + 1.1328 / (b - 3.4);
    const double v_r = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
        const double u = uniform(i++) - 0.5;
        const double v = uniform(i++);
        const double us = 0.5 - std::fabs(u);
        const auto k = static_cast<std::int64_t>(std::floor((2.0 * a / us + b) * u + mean + 0.43));
        if (us >= 0.07 && v <= v_r) {
            return k;
        }
        if (k < 0 || (us < 0.013 && v > us)) {
            continue;
        }
        if (log_mean < 0.0) {
            log_mean = std::log(mean); // mean ≥ 16: positive
        }
        // log(v · α⁻¹ / (a/us² + b)): Hörmann's three logarithms in one.
        if (std::log(v * inverse_alpha / (a / (us * us) + b)) <=
            -mean + static_cast<double>(k) * log_mean - log_factorial(k)) {
            return k;
        }
    }
}

// Gamma(shape, scale 1) for shape > 0: G. Marsaglia and W. W. Tsang, "A simple method for
// generating gamma variables", ACM TOMS 26 (2000) 363–372; below shape 1, Gamma(shape + 1)
// × U^(1/shape).
template <typename Uniform>
[[nodiscard]] double gamma(double shape, Uniform& uniform, std::uint32_t& i) {
    if (shape < 1.0) {
        const double boosted = gamma(shape + 1.0, uniform, i);
        return boosted * std::pow(1.0 - uniform(i++), 1.0 / shape);
    }
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
        const double x = standard_normal(uniform, i);
        double v = 1.0 + c * x;
        if (v <= 0.0) {
            continue;
        }
        v = v * v * v;
        const double u = 1.0 - uniform(i++); // in (0, 1]
        const double x2 = x * x;
        if (u < 1.0 - 0.0331 * x2 * x2 || std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) {
            return d * v;
        }
    }
}

// Negative binomial with mean `mean` in (0, k_small_negative_binomial_mean) and dispersion `k` > 0
// (Var = mean + mean²/k), by inversion from 0, given its P(0) = (k/(k + mean))^k: `zero`, from
// negative_binomial_zero (zero_probability.hpp) for a batch of flows, or from libm.
template <typename Uniform>
[[nodiscard]] std::int64_t negative_binomial_small(double mean, double k, double zero,
                                                   Uniform& uniform, std::uint32_t& i) {
    // P(x + 1)/P(x) = (x + k)/(x + 1) · p with p = mean/(k + mean). The ratios fall towards p
    // past the mode when k ≥ 1 and stay below p when k < 1, so with r the larger of the next
    // ratio and p, the mass beyond a term is at most term · r/(1 − r). The walk stops once that
    // is below 1e-30 (far under the 2⁻⁵³ a uniform can resolve), which also ends it where
    // rounding leaves the running sum a hair short of u.
    const double u = uniform(i++);
    const double p = mean / (k + mean);
    double pmf = zero;
    double cdf = pmf;
    std::int64_t x = 0;
    while (u >= cdf) {
        const double ratio = (static_cast<double>(x) + k) * p * reciprocal(x + 1);
        const double bound = std::max(ratio, p);
        if (bound < 1.0 && pmf * bound < 1e-30 * (1.0 - bound)) {
            break;
        }
        ++x;
        pmf *= ratio;
        cdf += pmf;
    }
    return x;
}

// Negative binomial with mean `mean` and dispersion `k` > 0 (Var = mean + mean²/k), for
// 0 ≤ mean ≤ k_mean_max and mean/k ≤ k_mean_max: below a mean of 32 by inversion from 0, above
// as a Poisson count whose mean is drawn from a gamma distribution.
template <typename Uniform>
[[nodiscard]] std::int64_t negative_binomial(double mean, double k, Uniform& uniform,
                                             std::uint32_t& i) {
    if (mean <= 0.0) {
        return 0;
    }
    if (mean < k_small_negative_binomial_mean) {
        return negative_binomial_small(mean, k, std::exp(-k * std::log1p(mean / k)), uniform, i);
    }
    return poisson(mean * gamma(k, uniform, i) / k, uniform, i);
}

// A year-level common factor: lognormal with mean 1 and coefficient of variation `cv` ≥ 0, from
// a standard normal z: exp(σz − σ²/2) with σ² = log(1 + cv²). σ is worked out once for many
// factors of the same cv (a line's providers').
class LognormalFactor {
public:
    explicit LognormalFactor(double cv) noexcept
        : varies_(cv > 0.0), sigma2_(varies_ ? std::log1p(cv * cv) : 0.0),
          sigma_(std::sqrt(sigma2_)) {}
    [[nodiscard]] double operator()(double z) const noexcept {
        return varies_ ? std::exp(sigma_ * z - 0.5 * sigma2_) : 1.0;
    }

private:
    bool varies_;
    double sigma2_;
    double sigma_;
};

[[nodiscard]] inline double lognormal_factor(double cv, double z) noexcept {
    return LognormalFactor(cv)(z);
}

} // namespace specflow::sim::counts
