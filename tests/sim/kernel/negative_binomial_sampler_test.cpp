// Tests of NegativeBinomialSampler against the negative binomial distribution itself: draws
// worked out by hand, exact inversion of the distribution function on a grid of u, then the
// moments of 100,000 draws for each of the 24 (mean, dispersion) pairs of the grid and their
// chi-square goodness of fit (for the 20 with a positive mean), Poisson draws when there is no
// overdispersion, the edges and the refusals.

#include "sim/kernel/negative_binomial_sampler.hpp"
#include "sim/kernel/poisson_sampler.hpp"
#include "sim/kernel/random_stream.hpp"
#include "tests/sim/kernel/goodness_of_fit.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <doctest/doctest.h>
#include <limits>
#include <stdexcept>
#include <vector>

namespace {

using specflow::sim::NegativeBinomialSampler;
using specflow::sim::PoissonSampler;
using specflow::sim::RandomStream;
using specflow::testing::ChiSquare;

constexpr std::array<double, 6> k_means = {0.0, 0.3, 2.0, 15.0, 240.0, 5000.0};
constexpr std::array<double, 4> k_dispersions = {0.5, 2.0, 10.0, 100.0};
constexpr double k_no_overdispersion = NegativeBinomialSampler::k_no_overdispersion;
constexpr std::uint32_t k_samples = 100'000;
constexpr double k_sigmas = 4.0; // two-sided, about 6e-5 per check under the null
// How far the sampler's running sums may stray from the reference distribution function. On
// the fine grid of u they agree exactly; the largest difference, 6e-13, is at u = 1 − 1e-12 for
// mean 5000 and dispersion 0.5, after a walk of 10^5 steps each adding a probability near
// 1e-17 to a sum near 1 whose last place is 1.1e-16.
constexpr double k_cdf_tolerance = 1e-11;

// The negative binomial distribution, computed independently of the sampler: each P(X = k)
// from its closed form in long double logarithms, then summed. The table runs until the
// probabilities above the mean fall below 1e-40, past any count the sampler can return (its
// window leaves out less than 1e-30).
struct Reference {
    std::vector<double> pmf;
    std::vector<long double> cdf;
};

Reference reference(double mean, double dispersion) {
    Reference table;
    if (mean == 0.0) {
        table.pmf = {1.0};
        table.cdf = {1.0L};
        return table;
    }
    const long double m = mean;
    const long double r = dispersion;
    const long double log_p = std::log(m / (m + r));
    const long double log_q = std::log(r / (m + r));
    const long double log_gamma_r = std::lgamma(r);
    long double total = 0.0L;
    for (std::int64_t k = 0;; ++k) {
        const auto kl = static_cast<long double>(k);
        const long double p = std::exp(std::lgamma(kl + r) - log_gamma_r - std::lgamma(kl + 1.0L) +
                                       r * log_q + kl * log_p);
        total += p;
        table.pmf.push_back(static_cast<double>(p));
        table.cdf.push_back(total);
        if (kl > m && p < 1e-40L) {
            return table;
        }
    }
}

struct Draws {
    std::vector<std::int64_t> counts; // counts[k] = how many draws gave k, k inside the table
    std::int64_t out_of_range = 0;    // draws below 0 or past the table: there must be none
};

Draws draw(const NegativeBinomialSampler& sampler, std::size_t table_size, std::uint32_t flow) {
    const RandomStream stream({.seed = 12345, .replication = 2});
    Draws draws;
    draws.counts.assign(table_size, 0);
    for (std::uint32_t i = 0; i < k_samples; ++i) {
        const std::int64_t k = sampler.sample(stream.uniform(flow, i, 0));
        if (k < 0 || k >= static_cast<std::int64_t>(table_size)) {
            ++draws.out_of_range;
        } else {
            ++draws.counts[static_cast<std::size_t>(k)];
        }
    }
    return draws;
}

struct Moments {
    double mean = 0.0;
    double variance = 0.0;
};

Moments moments(const std::vector<std::int64_t>& counts) {
    double sum = 0.0;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        sum += static_cast<double>(k) * static_cast<double>(counts[k]);
    }
    Moments m;
    m.mean = sum / k_samples;
    double squares = 0.0;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        const double deviation = static_cast<double>(k) - m.mean;
        squares += deviation * deviation * static_cast<double>(counts[k]);
    }
    m.variance = squares / (k_samples - 1);
    return m;
}

ChiSquare chi_square(const std::vector<std::int64_t>& counts, const std::vector<double>& pmf) {
    return specflow::testing::chi_square(counts, pmf, k_samples);
}

// A fine grid of uniforms, (j + 0.5) / 20,000.
std::vector<double> fine_grid() {
    constexpr int k_grid = 20'000;
    std::vector<double> us;
    for (int j = 0; j < k_grid; ++j) {
        us.push_back((j + 0.5) / k_grid);
    }
    return us;
}

// The fine grid and the ends of [0, 1).
std::vector<double> grid_with_ends() {
    std::vector<double> us = {0.0, 1e-300, 1e-20, 1e-12, 1e-6};
    for (const double u : fine_grid()) {
        us.push_back(u);
    }
    for (const double u : {1.0 - 1e-6, 1.0 - 1e-12, std::nextafter(1.0, 0.0)}) {
        us.push_back(u);
    }
    return us;
}

} // namespace

TEST_CASE("NegativeBinomialSampler: draws worked out by hand") {
    // Dispersion 1 is the geometric distribution: p = 3/(3 + 1) = 0.75, P(X ≤ k) = 1 − 0.75^(k+1),
    // so F(0) = 0.25, F(1) = 0.4375, F(2) = 0.578125, F(3) = 0.68359375, and F(7) = 0.89989 <
    // 0.9 < F(8) = 0.92491.
    const NegativeBinomialSampler geometric(3.0, 1.0);
    CHECK(geometric.sample(0.0) == 0);
    CHECK(geometric.sample(0.24) == 0);
    CHECK(geometric.sample(0.26) == 1);
    CHECK(geometric.sample(0.5) == 2);
    CHECK(geometric.sample(0.6) == 3);
    CHECK(geometric.sample(0.9) == 8);
    // Mean 2, dispersion 2: p = 0.5, P(X = k) = (k + 1) 0.5^(k+2), so P = 0.25, 0.25, 0.1875,
    // 0.125 and F = 0.25, 0.5, 0.6875, 0.8125. The mode is floor((2 − 1) 2 / 2) = 1, so 0.1
    // walks down and 0.6 and 0.7 walk up.
    const NegativeBinomialSampler two(2.0, 2.0);
    CHECK(two.sample(0.1) == 0);
    CHECK(two.sample(0.3) == 1);
    CHECK(two.sample(0.6) == 2);
    CHECK(two.sample(0.7) == 3);
    CHECK(two.sample(0.8) == 3);
    CHECK(two.sample(0.82) == 4);
}

TEST_CASE("NegativeBinomialSampler: sample inverts the negative binomial distribution function") {
    // For each u, sample(u) must be the k with F(k − 1) ≤ u < F(k), F from the reference,
    // up to the rounding of the sampler's running sums.
    const std::vector<double> us = grid_with_ends();
    for (const double mean : k_means) {
        for (const double dispersion : k_dispersions) {
            CAPTURE(mean);
            CAPTURE(dispersion);
            const NegativeBinomialSampler sampler(mean, dispersion);
            const Reference table = reference(mean, dispersion);
            std::int64_t previous = 0;
            for (const double u : us) {
                CAPTURE(u);
                const std::int64_t k = sampler.sample(u);
                REQUIRE(k >= 0);
                REQUIRE(k < static_cast<std::int64_t>(table.cdf.size()));
                CHECK(k >= previous); // monotone in u
                previous = k;
                const auto index = static_cast<std::size_t>(k);
                const long double below = index == 0 ? 0.0L : table.cdf[index - 1];
                CHECK(below - k_cdf_tolerance <= u);
                CHECK(u < table.cdf[index] + k_cdf_tolerance);
            }
        }
    }
}

TEST_CASE("NegativeBinomialSampler: 100,000 draws have the negative binomial mean, variance and "
          "distribution") {
    std::uint32_t flow = 0;
    for (const double mean : k_means) {
        for (const double r : k_dispersions) {
            CAPTURE(mean);
            CAPTURE(r);
            const NegativeBinomialSampler sampler(mean, r);
            CHECK(sampler.mean() == mean);
            CHECK(sampler.dispersion() == r);
            const Reference table = reference(mean, r);
            const Draws draws = draw(sampler, table.pmf.size(), flow++);
            CHECK(draws.out_of_range == 0);
            const Moments sample = moments(draws.counts);

            // From the cumulants of the negative binomial, κ2 = μ + μ²/r and
            // κ4 = μ + 7μ²/r + 12μ³/r² + 6μ⁴/r³: the mean of N draws has standard error
            // sqrt(κ2 / N) and the sample variance sqrt((κ4 + 2 κ2²) / N). For mean 240 and
            // dispersion 10: κ2 = 6000, κ4 = 2.16e7, so 0.245 and 30.6.
            const double kappa2 = mean + mean * mean / r;
            const double kappa4 = mean + 7.0 * mean * mean / r +
                                  12.0 * std::pow(mean, 3) / (r * r) +
                                  6.0 * std::pow(mean, 4) / (r * r * r);
            const double mean_error = std::sqrt(kappa2 / k_samples);
            const double variance_error = std::sqrt((kappa4 + 2.0 * kappa2 * kappa2) / k_samples);
            CAPTURE(sample.mean);
            CAPTURE(sample.variance);
            CHECK(std::abs(sample.mean - mean) <= k_sigmas * mean_error);
            CHECK(std::abs(sample.variance - kappa2) <= k_sigmas * variance_error);

            if (mean == 0.0) {
                CHECK(draws.counts[0] == k_samples);
                continue;
            }
            const ChiSquare fit = chi_square(draws.counts, table.pmf);
            CAPTURE(fit.statistic);
            CAPTURE(fit.critical);
            CAPTURE(fit.bins);
            CHECK(fit.bins >= 3); // mean 0.3, dispersion 100 has five: {0} to {3}, and 4 or more
            CHECK(fit.statistic < fit.critical);
        }
    }
}

TEST_CASE("NegativeBinomialSampler: the goodness-of-fit check rejects draws slightly off") {
    // The test above can fail. For mean 240 and dispersion 10 the mean has standard error
    // 0.245 and the variance 30.6 (see above): draws with mean 246 (24 standard errors off),
    // or with dispersion 11 (variance 5476 instead of 6000, 17 standard errors off), are
    // rejected when judged against mean 240, dispersion 10.
    const Reference table = reference(240.0, 10.0);
    SUBCASE("a mean 2.5% too high") {
        const Draws draws = draw(NegativeBinomialSampler(246.0, 10.0), table.pmf.size(), 7);
        const ChiSquare fit = chi_square(draws.counts, table.pmf);
        CAPTURE(fit.statistic);
        CHECK(fit.statistic > fit.critical);
    }
    SUBCASE("a dispersion 10% too high") {
        const Draws draws = draw(NegativeBinomialSampler(240.0, 11.0), table.pmf.size(), 7);
        const ChiSquare fit = chi_square(draws.counts, table.pmf);
        CAPTURE(fit.statistic);
        CHECK(fit.statistic > fit.critical);
    }
}

TEST_CASE("NegativeBinomialSampler: no overdispersion draws what PoissonSampler draws") {
    // The same u gives the same k, for every mean PoissonSampler accepts.
    const std::vector<double> us = grid_with_ends();
    for (const double mean : {0.0, 0.02, 0.3, 2.0, 4.7, 15.0, 240.0, 660.0, 5000.0, 1.0e7}) {
        CAPTURE(mean);
        const NegativeBinomialSampler poisson_counts(mean, k_no_overdispersion);
        const PoissonSampler poisson(mean);
        CHECK(poisson_counts.mean() == mean);
        CHECK(poisson_counts.dispersion() == k_no_overdispersion);
        for (const double u : us) {
            CAPTURE(u);
            CHECK(poisson_counts.sample(u) == poisson.sample(u));
        }
    }
    // The default sampler, like PoissonSampler's, has mean 0 and no overdispersion.
    const NegativeBinomialSampler none;
    CHECK(none.mean() == 0.0);
    CHECK(none.dispersion() == k_no_overdispersion);
}

TEST_CASE("NegativeBinomialSampler: a very large dispersion draws as Poisson") {
    // With r = 1e12 or 1e15 the distribution functions differ from Poisson's by about μ/r, so
    // no u of the fine grid should fall between the two. Computing P(mode) from
    // lgamma(k + r) − lgamma(r) would lose all its digits here; the recurrence does not. (Within
    // 1e-12 of 0 or 1 the two may differ by a step or more: their running sums round
    // differently, and their windows end at different places.)
    const std::vector<double> us = fine_grid();
    for (const double mean : {0.3, 15.0, 5000.0}) {
        for (const double dispersion : {1.0e12, 1.0e15}) {
            CAPTURE(mean);
            CAPTURE(dispersion);
            const NegativeBinomialSampler nearly_poisson(mean, dispersion);
            const PoissonSampler poisson(mean);
            int differences = 0;
            for (const double u : us) {
                differences += nearly_poisson.sample(u) != poisson.sample(u) ? 1 : 0;
            }
            CHECK(differences == 0);
        }
    }
}

TEST_CASE("NegativeBinomialSampler: u = 0 and the largest u below 1 reach into the tails") {
    // u = 0 draws a count below which the mass is negligible, and the largest u below 1 one
    // above which it is; and they are below and above the median.
    const double almost_one = std::nextafter(1.0, 0.0);
    for (const double mean : k_means) {
        for (const double dispersion : k_dispersions) {
            CAPTURE(mean);
            CAPTURE(dispersion);
            const NegativeBinomialSampler sampler(mean, dispersion);
            const Reference table = reference(mean, dispersion);
            const std::int64_t lowest = sampler.sample(0.0);
            const std::int64_t highest = sampler.sample(almost_one);
            REQUIRE(lowest >= 0);
            REQUIRE(highest < static_cast<std::int64_t>(table.cdf.size()));
            CHECK(lowest <= sampler.sample(0.5));
            CHECK(highest >= sampler.sample(0.5));
            const long double below_lowest =
                lowest == 0 ? 0.0L : table.cdf[static_cast<std::size_t>(lowest) - 1];
            CHECK(below_lowest < 1e-12L);
            CHECK(1.0L - table.cdf[static_cast<std::size_t>(highest)] < 1e-12L);
        }
    }
}

TEST_CASE("NegativeBinomialSampler: mean 0 always draws 0") {
    for (const double dispersion : {0.5, 2.0, 1.0e15, k_no_overdispersion}) {
        CAPTURE(dispersion);
        const NegativeBinomialSampler zero(0.0, dispersion);
        for (const double u : {0.0, 0.25, 0.5, 0.999, std::nextafter(1.0, 0.0)}) {
            CAPTURE(u);
            CHECK(zero.sample(u) == 0);
        }
    }
}

TEST_CASE("NegativeBinomialSampler refuses a bad mean, a bad dispersion or too long a tail") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    constexpr double infinity = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(NegativeBinomialSampler(-1.0, 2.0), std::invalid_argument);
    CHECK_THROWS_AS(NegativeBinomialSampler(-1e-300, 2.0), std::invalid_argument);
    CHECK_THROWS_AS(NegativeBinomialSampler(nan, 2.0), std::invalid_argument);
    CHECK_THROWS_AS(NegativeBinomialSampler(infinity, 2.0), std::invalid_argument);
    CHECK_THROWS_AS(NegativeBinomialSampler(2.0e7, 2.0), std::invalid_argument);
    CHECK_THROWS_AS(NegativeBinomialSampler(2.0e7, k_no_overdispersion), std::invalid_argument);
    CHECK_THROWS_AS(NegativeBinomialSampler(2.0, 0.0), std::invalid_argument);
    CHECK_THROWS_AS(NegativeBinomialSampler(2.0, -1.0), std::invalid_argument);
    CHECK_THROWS_AS(NegativeBinomialSampler(2.0, nan), std::invalid_argument);
    CHECK_THROWS_AS(NegativeBinomialSampler(2.0, -infinity), std::invalid_argument);
    // mean / dispersion above 1e7: the tail would reach past 7e8.
    CHECK_THROWS_AS(NegativeBinomialSampler(1.0e7, 0.5), std::invalid_argument);
    CHECK_THROWS_AS(NegativeBinomialSampler(1.0, 1e-8), std::invalid_argument);
    CHECK_NOTHROW(NegativeBinomialSampler(1.0e7, 100.0));
    CHECK_NOTHROW(NegativeBinomialSampler(1.0e-3, 1e-8));
    CHECK_THROWS_WITH(NegativeBinomialSampler(2.0, 0.0),
                      doctest::Contains("the dispersion must be positive and finite"));
}
