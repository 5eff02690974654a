// Tests of PoissonSampler against the Poisson distribution itself: exact inversion of the
// cumulative distribution on a grid of u, then the moments and a chi-square goodness of fit of
// 200,000 draws for each of seven means from 0.02 to 5,000, then the edges and the refusals.

#include "sim/kernel/poisson_sampler.hpp"
#include "sim/kernel/random_stream.hpp"
#include "tests/sim/kernel/goodness_of_fit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <doctest/doctest.h>
#include <limits>
#include <stdexcept>
#include <vector>

namespace {

using specflow::sim::PoissonSampler;
using specflow::sim::RandomStream;
using specflow::testing::ChiSquare;
using specflow::testing::poisson_pmf;

constexpr std::array<double, 7> k_means = {0.02, 0.3, 1.0, 4.7, 30.0, 660.0, 5000.0};
constexpr std::uint32_t k_samples = 200'000;
constexpr double k_sigmas = 4.0; // two-sided, about 6e-5 per check under the null

// The largest count the table can return: it spans mean + 12 sd + 10 (poisson_sampler.cpp),
// rounded up.
std::int64_t table_top(double mean) {
    return static_cast<std::int64_t>(std::ceil(mean + 12.0 * std::sqrt(mean) + 10.0));
}

struct Draws {
    std::vector<std::int64_t> counts; // counts[k] = how many draws gave k, k ≤ table_top
    std::int64_t out_of_range = 0;    // draws below 0 or above table_top: there must be none
};

Draws draw(const PoissonSampler& table, double mean_for_range, std::uint32_t mean_index) {
    const RandomStream stream({.seed = 12345, .replication = 1});
    Draws draws;
    draws.counts.assign(static_cast<std::size_t>(table_top(mean_for_range)) + 1, 0);
    for (std::uint32_t i = 0; i < k_samples; ++i) {
        const std::int64_t k = table.sample(stream.uniform(mean_index, i, 0));
        if (k < 0 || k >= static_cast<std::int64_t>(draws.counts.size())) {
            ++draws.out_of_range;
        } else {
            ++draws.counts[static_cast<std::size_t>(k)];
        }
    }
    return draws;
}

// Chi-square of the observed counts against Poisson(mean) (goodness_of_fit.hpp).
ChiSquare chi_square(const std::vector<std::int64_t>& counts, double mean) {
    std::vector<double> pmf;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        pmf.push_back(poisson_pmf(mean, static_cast<std::int64_t>(k)));
    }
    return specflow::testing::chi_square(counts, pmf, k_samples);
}

} // namespace

TEST_CASE("PoissonSampler: sample inverts the Poisson distribution function") {
    // For u on a fine grid, sample(u) must be the k with F(k − 1) ≤ u < F(k), F computed here
    // independently of the table. u within 1e-9 of a step of F is skipped, as the two sums
    // may round differently there.
    constexpr int k_grid = 20'000;
    for (std::size_t m = 0; m < k_means.size(); ++m) {
        const double mean = k_means[m];
        CAPTURE(mean);
        const PoissonSampler table(mean);
        std::vector<double> cdf(static_cast<std::size_t>(table_top(mean)) + 1);
        double total = 0.0;
        for (std::size_t k = 0; k < cdf.size(); ++k) {
            total += poisson_pmf(mean, static_cast<std::int64_t>(k));
            cdf[k] = total;
        }
        std::int64_t previous = 0;
        for (int j = 0; j < k_grid; ++j) {
            const double u = (j + 0.5) / k_grid;
            const std::int64_t k = table.sample(u);
            CAPTURE(u);
            REQUIRE(k >= 0);
            REQUIRE(k < static_cast<std::int64_t>(cdf.size()));
            CHECK(k >= previous); // monotone in u
            previous = k;
            const auto index = static_cast<std::size_t>(k);
            const double below = index == 0 ? 0.0 : cdf[index - 1];
            if (std::abs(u - below) > 1e-9 && std::abs(u - cdf[index]) > 1e-9) {
                CHECK(below <= u);
                CHECK(u < cdf[index]);
            }
        }
    }
}

TEST_CASE("PoissonSampler: 200,000 draws have the Poisson mean, variance and distribution") {
    for (std::size_t m = 0; m < k_means.size(); ++m) {
        const double mean = k_means[m];
        CAPTURE(mean);
        const PoissonSampler table(mean);
        CHECK(table.mean() == mean);
        const Draws draws = draw(table, mean, static_cast<std::uint32_t>(m));
        CHECK(draws.out_of_range == 0);

        double sum = 0.0;
        for (std::size_t k = 0; k < draws.counts.size(); ++k) {
            sum += static_cast<double>(k) * static_cast<double>(draws.counts[k]);
        }
        const double sample_mean = sum / k_samples;
        double squares = 0.0;
        for (std::size_t k = 0; k < draws.counts.size(); ++k) {
            const double deviation = static_cast<double>(k) - sample_mean;
            squares += deviation * deviation * static_cast<double>(draws.counts[k]);
        }
        const double sample_variance = squares / (k_samples - 1);

        // The mean of N Poisson draws has standard error sqrt(mean / N); the sample variance
        // has sqrt((μ4 − σ⁴) / N) with μ4 = mean + 3 mean² and σ⁴ = mean², so
        // sqrt((mean + 2 mean²) / N). For mean 30: 0.0122 and 0.0952.
        const double mean_error = std::sqrt(mean / k_samples);
        const double variance_error = std::sqrt((mean + 2.0 * mean * mean) / k_samples);
        CAPTURE(sample_mean);
        CAPTURE(sample_variance);
        CHECK(std::abs(sample_mean - mean) < k_sigmas * mean_error);
        CHECK(std::abs(sample_variance - mean) < k_sigmas * variance_error);

        const ChiSquare fit = chi_square(draws.counts, mean);
        CAPTURE(fit.statistic);
        CAPTURE(fit.critical);
        CAPTURE(fit.bins);
        CHECK(fit.bins >= 3); // even mean 0.02 has bins {0}, {1}, {2, 3, ...}
        CHECK(fit.statistic < fit.critical);
    }
}

TEST_CASE("PoissonSampler: the goodness-of-fit check rejects draws with a slightly wrong mean") {
    // The test above can fail: draws from Poisson(30.3) judged as Poisson(30) are rejected.
    // The mean is off by 0.3, about 25 of its standard errors (0.0122).
    const PoissonSampler wrong(30.3);
    const Draws draws = draw(wrong, 30.3, 4);
    const ChiSquare fit = chi_square(draws.counts, 30.0);
    CAPTURE(fit.statistic);
    CHECK(fit.statistic > fit.critical);
}

TEST_CASE("PoissonSampler: the median draw is the textbook median") {
    // The median m of Poisson(λ) satisfies λ − ln 2 ≤ m < λ + 1/3, so it is λ itself for a
    // whole λ; for 4.7 the interval [4.007, 5.033) holds only 5, and for 0.3 and 0.02 the mass
    // at 0 (e^−0.3 = 0.74, e^−0.02 = 0.98) is already over one half.
    constexpr std::array<std::int64_t, 7> medians = {0, 0, 1, 5, 30, 660, 5000};
    for (std::size_t m = 0; m < k_means.size(); ++m) {
        CAPTURE(k_means[m]);
        CHECK(PoissonSampler(k_means[m]).sample(0.5) == medians[m]);
    }
    // The largest mean the table accepts, 1e7, behaves the same.
    const PoissonSampler largest(1.0e7);
    CHECK(largest.sample(0.5) == 10'000'000);
}

TEST_CASE("PoissonSampler: u = 0 and the largest u below 1 stay inside the table") {
    const double almost_one = std::nextafter(1.0, 0.0);
    for (const double mean : k_means) {
        CAPTURE(mean);
        const PoissonSampler table(mean);
        const std::int64_t lowest = table.sample(0.0);
        const std::int64_t highest = table.sample(almost_one);
        // The table spans max(0, floor(mean − 12 sd − 10)) .. ceil(mean + 12 sd + 10).
        const auto bottom = static_cast<std::int64_t>(
            std::max(0.0, std::floor(mean - 12.0 * std::sqrt(mean) - 10.0)));
        CHECK(lowest >= bottom);
        CHECK(lowest <= table.sample(0.5));
        CHECK(highest >= table.sample(0.5));
        CHECK(highest <= table_top(mean));
        // The extremes really are the tails: below and above the mean.
        CHECK(static_cast<double>(lowest) <= mean);
        CHECK(static_cast<double>(highest) > mean);
    }
}

TEST_CASE("PoissonSampler: mean 0 always draws 0") {
    const PoissonSampler none;
    const PoissonSampler zero(0.0);
    CHECK(none.mean() == 0.0);
    CHECK(zero.mean() == 0.0);
    for (const double u : {0.0, 0.25, 0.5, 0.999, std::nextafter(1.0, 0.0)}) {
        CAPTURE(u);
        CHECK(none.sample(u) == 0);
        CHECK(zero.sample(u) == 0);
    }
}

TEST_CASE("PoissonSampler refuses a negative, NaN, infinite or too large mean") {
    CHECK_THROWS_AS(PoissonSampler(-1.0), std::invalid_argument);
    CHECK_THROWS_AS(PoissonSampler(-1e-300), std::invalid_argument);
    CHECK_THROWS_AS(PoissonSampler(std::numeric_limits<double>::quiet_NaN()),
                    std::invalid_argument);
    CHECK_THROWS_AS(PoissonSampler(std::numeric_limits<double>::infinity()), std::invalid_argument);
    CHECK_THROWS_AS(PoissonSampler(2.0e7), std::invalid_argument);
}

TEST_CASE("PoissonSampler: P(X ≤ mode) and P(X = mode) within 1e-12 of a direct sum, to mean 1e7") {
    // The sampler builds them from P(mode) by the walk's ratios; here every probability comes
    // from its own logarithm, summed in long double over mean ± 15 sd.
    for (const double mean : {1e-6, 0.3, 7.5, 99.0, 2'345.6, 1e5, 1e7}) {
        CAPTURE(mean);
        const PoissonSampler sampler(mean);
        const auto walk = sampler.walk();
        const double spread = 15.0 * std::sqrt(mean) + 15.0;
        const auto first = static_cast<std::int64_t>(std::max(0.0, std::floor(mean - spread)));
        const auto last = static_cast<std::int64_t>(std::ceil(mean + spread));
        long double below = 0.0L;
        long double total = 0.0L;
        long double at_mode = 0.0L;
        for (std::int64_t k = first; k <= last; ++k) {
            const auto x = static_cast<long double>(k);
            const long double p = std::exp(x * std::log(static_cast<long double>(mean)) - mean -
                                           std::lgamma(x + 1.0L));
            total += p;
            below += k <= walk.mode ? p : 0.0L;
            at_mode = k == walk.mode ? p : at_mode;
        }
        CHECK(walk.cdf_mode == doctest::Approx(static_cast<double>(below / total)).epsilon(1e-12));
        CHECK(walk.pmf_mode ==
              doctest::Approx(static_cast<double>(at_mode / total)).epsilon(1e-12));
    }
}
