// Tests of the counts drawn with a mean known only inside a replication (count_sampler.hpp)
// against the closed forms: for Poisson and negative binomial counts over means from 0.02 to
// 5,000 (both sides of the switch from inversion to PTRS and to the gamma mixture at 16) and
// dispersions from 0.5 to 400, the mean and variance of 100,000 draws within 4 standard errors
// and a chi-square goodness of fit of their distribution at the 1e-4 level; the gamma draws'
// mean and variance; the lognormal factor's mean 1 and coefficient of variation; log k! against
// lgamma; and that the same uniforms give the same count.

#include "sim/kernel/count_sampler.hpp"
#include "sim/kernel/random_stream.hpp"
#include "sim/kernel/zero_probability.hpp"
#include "tests/sim/kernel/goodness_of_fit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <doctest/doctest.h>
#include <vector>

namespace {

namespace counts = specflow::sim::counts;
using specflow::sim::RandomStream;

constexpr std::uint32_t k_samples = 100'000;
constexpr double k_sigmas = 4.0;

// Draw n's uniforms: (n, month 7, draw i) of one key.
struct Uniforms {
    const RandomStream& stream;
    std::uint32_t n = 0;
    double operator()(std::uint32_t i) const { return stream.uniform(n, 7, i); }
};

struct Moments {
    double mean = 0.0;
    double variance = 0.0;
};

Moments moments(const std::vector<std::int64_t>& counts) {
    double total = 0.0;
    double n = 0.0;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        total += static_cast<double>(counts[k]) * static_cast<double>(k);
        n += static_cast<double>(counts[k]);
    }
    const double mean = total / n;
    double squares = 0.0;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        const double d = static_cast<double>(k) - mean;
        squares += static_cast<double>(counts[k]) * d * d;
    }
    return {mean, squares / (n - 1.0)};
}

// P(X = k) in long double from the closed form, until the mass past the mean falls below 1e-30.
std::vector<double> pmf_of(double mean, double dispersion /* 0: Poisson */) {
    std::vector<double> pmf;
    const long double m = mean;
    const long double r = dispersion;
    for (std::int64_t k = 0;; ++k) {
        const long double x = static_cast<long double>(k);
        long double log_p = 0.0L;
        if (dispersion == 0.0) {
            log_p = -m + x * std::log(m) - std::lgamma(x + 1.0L);
        } else {
            log_p = std::lgamma(x + r) - std::lgamma(r) - std::lgamma(x + 1.0L) +
                    r * std::log(r / (m + r)) + x * std::log(m / (m + r));
        }
        const long double p = std::exp(log_p);
        pmf.push_back(static_cast<double>(p));
        if (x > m && p < 1e-30L) {
            return pmf;
        }
    }
}

// Draws k_samples counts and checks their moments and their distribution.
template <typename Draw>
void check_counts(double mean, double dispersion, std::uint32_t seed, Draw draw) {
    const RandomStream stream({seed, 1});
    std::vector<std::int64_t> counts;
    for (std::uint32_t n = 0; n < k_samples; ++n) {
        Uniforms uniform{stream, n};
        std::uint32_t i = 0;
        const std::int64_t x = draw(uniform, i);
        REQUIRE(x >= 0);
        if (static_cast<std::size_t>(x) >= counts.size()) {
            counts.resize(static_cast<std::size_t>(x) + 1, 0);
        }
        ++counts[static_cast<std::size_t>(x)];
    }
    const double variance = dispersion == 0.0 ? mean : mean + mean * mean / dispersion;
    const auto m = moments(counts);
    CHECK(std::fabs(m.mean - mean) <= k_sigmas * std::sqrt(variance / k_samples));
    // The sample variance's standard error is √((μ4 − σ⁴)/n) = σ² √((2 + γ2)/n), with the excess
    // kurtosis γ2 = 6/r + r/(μ(μ + r)) of the negative binomial (1/μ for Poisson, r → ∞).
    const double excess_kurtosis =
        dispersion == 0.0 ? 1.0 / mean
                          : 6.0 / dispersion + dispersion / (mean * (mean + dispersion));
    CHECK(std::fabs(m.variance - variance) <=
          k_sigmas * variance * std::sqrt((2.0 + excess_kurtosis) / k_samples));
    auto pmf = pmf_of(mean, dispersion);
    pmf.resize(std::max(pmf.size(), counts.size()), 0.0);
    counts.resize(pmf.size(), 0);
    const auto fit = specflow::testing::chi_square(counts, pmf, k_samples);
    INFO("mean ", mean, " dispersion ", dispersion, " chi-square ", fit.statistic, " over ",
         fit.bins, " bins, critical ", fit.critical);
    CHECK(fit.statistic < fit.critical);
}

} // namespace

TEST_CASE("counts::log_factorial agrees with lgamma on the table and on Stirling's side") {
    for (const std::int64_t k : {0, 1, 2, 10, 255, 256, 257, 1000, 123456}) {
        const double exact = std::lgamma(static_cast<double>(k) + 1.0);
        CHECK(counts::log_factorial(k) == doctest::Approx(exact).epsilon(1e-14));
    }
    CHECK(counts::log_factorial(0) == 0.0);
    CHECK(counts::log_factorial(3) == doctest::Approx(std::log(6.0)).epsilon(1e-15));
}

TEST_CASE("counts::poisson: moments and chi-square against the Poisson pmf, 0.02 to 5,000") {
    std::uint32_t seed = 11;
    for (const double mean : {0.02, 0.7, 4.7, 15.9, 16.0, 37.0, 240.0, 5000.0}) {
        check_counts(mean, 0.0, seed++, [mean](auto& uniform, std::uint32_t& i) {
            return counts::poisson(mean, uniform, i);
        });
    }
}

TEST_CASE("counts::negative_binomial: moments and chi-square against the closed form") {
    std::uint32_t seed = 101;
    for (const double mean : {0.3, 4.7, 15.9, 16.0, 31.9, 32.0, 240.0, 5000.0}) {
        for (const double dispersion : {0.5, 4.0, 25.0, 400.0}) {
            check_counts(mean, dispersion, seed++,
                         [mean, dispersion](auto& uniform, std::uint32_t& i) {
                             return counts::negative_binomial(mean, dispersion, uniform, i);
                         });
        }
    }
}

TEST_CASE("counts::negative_binomial: the heaviest dispersion allowed (cv 300%, k = 1/9)") {
    // The small-mean walk must reach far into a tail that falls like p^x with p = 0.993.
    std::uint32_t seed = 301;
    for (const double mean : {3.0, 15.9, 31.9, 40.0}) {
        check_counts(mean, 1.0 / 9.0, seed++, [mean](auto& uniform, std::uint32_t& i) {
            return counts::negative_binomial(mean, 1.0 / 9.0, uniform, i);
        });
    }
}

TEST_CASE("counts: a mean of 0 draws 0 without a uniform, and the same uniforms the same count") {
    const RandomStream stream({5, 3});
    Uniforms uniform{stream, 42};
    std::uint32_t i = 0;
    CHECK(counts::poisson(0.0, uniform, i) == 0);
    CHECK(counts::negative_binomial(0.0, 2.0, uniform, i) == 0);
    CHECK(i == 0);
    for (const double mean : {3.0, 300.0}) {
        std::uint32_t first = 0;
        std::uint32_t second = 0;
        const auto a = counts::negative_binomial(mean, 2.0, uniform, first);
        const auto b = counts::negative_binomial(mean, 2.0, uniform, second);
        CHECK(a == b);
        CHECK(first == second);
        CHECK(first >= 1);
    }
}

TEST_CASE("counts::gamma and counts::lognormal_factor: mean, variance, coefficient of variation") {
    const RandomStream stream({77, 1});
    for (const double shape : {0.3, 1.0, 6.25, 100.0}) {
        double sum = 0.0;
        double squares = 0.0;
        for (std::uint32_t n = 0; n < k_samples; ++n) {
            Uniforms uniform{stream, n};
            std::uint32_t i = 0;
            const double g = counts::gamma(shape, uniform, i);
            REQUIRE(g > 0.0);
            sum += g;
            squares += g * g;
        }
        const double mean = sum / k_samples;
        const double variance = squares / k_samples - mean * mean;
        INFO("shape ", shape);
        CHECK(std::fabs(mean - shape) <= k_sigmas * std::sqrt(shape / k_samples));
        // Var(G) = shape; Var of the sample variance ≈ (μ4 − σ⁴)/n, μ4 = 3σ⁴ + 6 shape.
        CHECK(std::fabs(variance - shape) <=
              k_sigmas * std::sqrt((2.0 * shape * shape + 6.0 * shape) / k_samples));
    }
    CHECK(counts::lognormal_factor(0.0, 2.5) == 1.0);
    for (const double cv : {0.05, 0.2}) {
        double sum = 0.0;
        double squares = 0.0;
        for (std::uint32_t n = 0; n < k_samples; ++n) {
            Uniforms uniform{stream, n};
            std::uint32_t i = 0;
            const double f = counts::lognormal_factor(cv, counts::standard_normal(uniform, i));
            sum += f;
            squares += f * f;
        }
        const double mean = sum / k_samples;
        const double sd = std::sqrt(squares / k_samples - mean * mean);
        CHECK(std::fabs(mean - 1.0) <= k_sigmas * cv / std::sqrt(k_samples));
        CHECK(sd == doctest::Approx(cv).epsilon(0.02));
    }
}

TEST_CASE(
    "counts::standard_normal (the ziggurat): moments, a chi-square over 80 bins and the tail") {
    // Bins of width 0.1 from −4 to 4 with the two tails merged into the end bins, so the layers'
    // boxes, the wedges and the tail beyond r = 3.654 are all tested against Φ.
    const RandomStream stream({2024, 3});
    constexpr std::uint32_t n = 400'000;
    constexpr int k_bins = 80;
    const auto phi = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); };
    std::vector<std::int64_t> observed(k_bins, 0);
    double sum = 0.0;
    double squares = 0.0;
    std::int64_t beyond_r = 0;
    for (std::uint32_t draw = 0; draw < n; ++draw) {
        Uniforms uniform{stream, draw};
        std::uint32_t i = 0;
        const double x = counts::standard_normal(uniform, i);
        sum += x;
        squares += x * x;
        beyond_r += std::fabs(x) > counts::k_ziggurat_r ? 1 : 0;
        const int bin = static_cast<int>(std::floor((x + 4.0) * 10.0));
        observed[static_cast<std::size_t>(std::clamp(bin, 0, k_bins - 1))] += 1;
    }
    std::vector<double> pmf(k_bins);
    for (int b = 0; b < k_bins; ++b) {
        const double low = b == 0 ? 0.0 : phi(-4.0 + 0.1 * b);
        const double high = b == k_bins - 1 ? 1.0 : phi(-4.0 + 0.1 * (b + 1));
        pmf[static_cast<std::size_t>(b)] = high - low;
    }
    const auto fit = specflow::testing::chi_square(observed, pmf, n);
    INFO("chi-square ", fit.statistic, " critical ", fit.critical, " bins ", fit.bins);
    CHECK(fit.statistic < fit.critical);
    CHECK(std::fabs(sum / n) <= k_sigmas / std::sqrt(static_cast<double>(n)));
    CHECK(std::fabs(squares / n - 1.0) <= k_sigmas * std::sqrt(2.0 / n));
    // P(|X| > r) = 2.6e-4: about 104 of 400,000, each drawn by the tail loop.
    const double tail = 2.0 * phi(-counts::k_ziggurat_r);
    CHECK(std::fabs(static_cast<double>(beyond_r) - n * tail) <= k_sigmas * std::sqrt(n * tail));
}

TEST_CASE("counts::negative_binomial_zero: P(0) within 1e-14 of libm's, over means 0 to 32 and "
          "dispersions 1/9 to 10,000") {
    std::vector<double> means;
    std::vector<double> ks;
    for (const double mean :
         {0.0, 1e-9, 1e-4, 0.02, 0.3, 1.0, 2.5, 4.7, 9.99, 15.999, 16.0, 24.5, 31.999, 32.0}) {
        for (const double k : {1.0 / 9.0, 0.5, 1.0, 2.0, 11.1, 44.4, 100.0, 400.0, 2'500.0, 1e4}) {
            means.push_back(mean);
            ks.push_back(k);
        }
    }
    std::vector<double> zero(means.size());
    specflow::sim::counts::negative_binomial_zero(means, ks, zero);
    double worst = 0.0;
    for (std::size_t i = 0; i < means.size(); ++i) {
        const double expected = std::exp(-ks[i] * std::log1p(means[i] / ks[i]));
        worst = std::max(worst, std::fabs(zero[i] - expected) / expected);
    }
    CHECK(worst < 1e-14);
    CHECK(zero[0] == 1.0); // mean 0
}
