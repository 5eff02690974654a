// Tests of PoissonTables: the same draw as PoissonSampler for the same u (over 53-bit uniforms,
// uniforms of every magnitude near 0 and 1, and the extremes), then the moments and a chi-square
// goodness of fit of 200,000 draws for each of seven means from 0.02 to 5,000 with uniforms from
// fill_uniforms, then memory, the numbering of many samplers and the refusals.

#include "sim/kernel/poisson_sampler.hpp"
#include "sim/kernel/poisson_tables.hpp"
#include "sim/kernel/random_stream.hpp"
#include "sim/kernel/uniform_batch.hpp"
#include "tests/sim/kernel/goodness_of_fit.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <doctest/doctest.h>
#include <limits>
#include <stdexcept>
#include <vector>

namespace {

using specflow::sim::PoissonSampler;
using specflow::sim::PoissonTables;
using specflow::sim::RandomStream;
using specflow::testing::ChiSquare;

constexpr std::array<double, 7> k_means = {0.02, 0.3, 1.0, 4.7, 30.0, 660.0, 5000.0};
// The same, with the edges of the range: nothing, almost nothing, and the largest means.
constexpr std::array<double, 12> k_all_means = {0.0,  1e-12, 0.02,  0.3,    1.0, 4.7,
                                                30.0, 660.0, 800.0, 5000.0, 1e5, 1e7};
constexpr std::uint32_t k_samples = 200'000;
constexpr double k_sigmas = 4.0; // two-sided, about 6e-5 per check under the null

// How many of `uniforms` the tables' sampler `index` draws otherwise than PoissonSampler.
std::size_t disagreements(const PoissonTables& tables, std::size_t index,
                          const std::vector<double>& uniforms) {
    const PoissonSampler walk(tables.mean(index));
    std::size_t differ = 0;
    for (const double u : uniforms) {
        differ += tables.sample(index, u) != walk.sample(u) ? 1 : 0;
    }
    return differ;
}

} // namespace

TEST_CASE("PoissonTables draws PoissonSampler's k for the same u") {
    const PoissonTables tables(k_all_means);
    REQUIRE(tables.size() == k_all_means.size());
    const RandomStream stream({.seed = 99, .replication = 3});
    // 100,000 53-bit uniforms as the engine draws them; the same scaled towards 0 (u · 2^−e)
    // and towards 1 (1 − (1 − u) · 2^−e) for e up to 59, reaching the far tails' sums; and the
    // extremes.
    std::vector<double> uniforms(100'000);
    specflow::sim::fill_uniforms(stream, {.month_index = 1}, uniforms);
    std::vector<double> scaled;
    for (std::size_t i = 0; i < uniforms.size(); ++i) {
        const int exponent = static_cast<int>(i % 60);
        scaled.push_back(std::ldexp(uniforms[i], -exponent));
        const double near_one = 1.0 - std::ldexp(1.0 - uniforms[i], -exponent);
        if (near_one < 1.0) {
            scaled.push_back(near_one);
        }
    }
    const std::vector<double> extremes = {0.0,
                                          std::numeric_limits<double>::denorm_min(),
                                          0x1.0p-53,
                                          0.5,
                                          1.0 - 0x1.0p-53,
                                          std::nextafter(1.0, 0.0)};
    for (std::size_t m = 0; m < tables.size(); ++m) {
        CAPTURE(tables.mean(m));
        CHECK(tables.mean(m) == k_all_means[m]);
        CHECK(disagreements(tables, m, uniforms) == 0);
        CHECK(disagreements(tables, m, scaled) == 0);
        CHECK(disagreements(tables, m, extremes) == 0);
    }
}

TEST_CASE("PoissonTables: the draws of every u on each side of each sum agree too") {
    // Where a draw changes — at u = P(X ≤ k) as the walk sums it — both must change at the same
    // u. The tables' own thresholds are not visible, so search them out: for each k the walk
    // reaches on a grid, bisect u between grid points until the draw changes, and check the two
    // doubles either side.
    for (const double mean : {0.3, 4.7, 30.0, 660.0}) {
        CAPTURE(mean);
        const PoissonTables tables(std::vector<double>{mean});
        const PoissonSampler walk(mean);
        constexpr int k_grid = 4'000;
        std::size_t differ = 0;
        for (int j = 0; j + 1 < k_grid; ++j) {
            double low = static_cast<double>(j) / k_grid;
            double high = static_cast<double>(j + 1) / k_grid;
            if (walk.sample(low) == walk.sample(high)) {
                continue;
            }
            while (std::nextafter(low, 1.0) < high) {
                const double middle = low + (high - low) / 2.0;
                (walk.sample(middle) == walk.sample(low) ? low : high) = middle;
            }
            differ += tables.sample(0, low) != walk.sample(low) ? 1 : 0;
            differ += tables.sample(0, high) != walk.sample(high) ? 1 : 0;
        }
        CHECK(differ == 0);
    }
}

TEST_CASE("PoissonTables: 200,000 draws have the Poisson mean, variance and distribution") {
    const PoissonTables tables(k_means);
    const RandomStream stream({.seed = 12345, .replication = 1});
    std::vector<double> uniforms(k_samples);
    for (std::size_t m = 0; m < k_means.size(); ++m) {
        const double mean = k_means[m];
        CAPTURE(mean);
        specflow::sim::fill_uniforms(stream, {.month_index = static_cast<std::uint32_t>(m)},
                                     uniforms);
        std::vector<std::int64_t> counts;
        double sum = 0.0;
        double squares = 0.0;
        for (const double u : uniforms) {
            const std::int64_t k = tables.sample(m, u);
            REQUIRE(k >= 0);
            if (static_cast<std::size_t>(k) >= counts.size()) {
                counts.resize(static_cast<std::size_t>(k) + 1, 0);
            }
            ++counts[static_cast<std::size_t>(k)];
            sum += static_cast<double>(k);
            squares += static_cast<double>(k) * static_cast<double>(k);
        }
        // Standard errors as in poisson_sampler_test.cpp: sqrt(mean / N) for the mean,
        // sqrt((mean + 2 mean²) / N) for the variance.
        const double sample_mean = sum / k_samples;
        const double sample_variance =
            (squares - k_samples * sample_mean * sample_mean) / (k_samples - 1);
        CAPTURE(sample_mean);
        CAPTURE(sample_variance);
        CHECK(std::abs(sample_mean - mean) < k_sigmas * std::sqrt(mean / k_samples));
        CHECK(std::abs(sample_variance - mean) <
              k_sigmas * std::sqrt((mean + 2.0 * mean * mean) / k_samples));

        std::vector<double> pmf;
        for (std::size_t k = 0; k < counts.size(); ++k) {
            pmf.push_back(specflow::testing::poisson_pmf(mean, static_cast<std::int64_t>(k)));
        }
        const ChiSquare fit = specflow::testing::chi_square(counts, pmf, k_samples);
        CAPTURE(fit.statistic);
        CAPTURE(fit.critical);
        CAPTURE(fit.bins);
        CHECK(fit.bins >= 3);
        CHECK(fit.statistic < fit.critical);
    }
}

TEST_CASE("PoissonTables: u = 0 and the largest u below 1 draw the tails, inside the window") {
    const PoissonTables tables(k_all_means);
    const double almost_one = std::nextafter(1.0, 0.0);
    for (std::size_t m = 0; m < tables.size(); ++m) {
        const double mean = tables.mean(m);
        CAPTURE(mean);
        const double spread = 12.0 * std::sqrt(mean) + 10.0;
        const std::int64_t lowest = tables.sample(m, 0.0);
        const std::int64_t highest = tables.sample(m, almost_one);
        CHECK(lowest >= static_cast<std::int64_t>(std::max(0.0, std::floor(mean - spread))));
        CHECK(static_cast<double>(lowest) <= mean);
        CHECK(highest <= static_cast<std::int64_t>(std::ceil(mean + spread)));
        CHECK(static_cast<double>(highest) >= mean);
    }
    // Mean 0, as PoissonSampler's default, always draws 0.
    CHECK(tables.sample(0, 0.0) == 0);
    CHECK(tables.sample(0, almost_one) == 0);
}

TEST_CASE("PoissonTables: many samplers in one, numbered in order, in bounded memory") {
    // A year of a small region: 300 flows × 12 months with means spread from 0.01 to 800, the
    // range of England's flow-months. Each must be the sampler of its own mean.
    std::vector<double> means;
    for (int i = 0; i < 3'600; ++i) {
        means.push_back(0.01 * std::pow(80'000.0, (i % 97) / 96.0));
    }
    PoissonTables tables;
    for (std::size_t i = 0; i < means.size(); ++i) {
        CHECK(tables.add(means[i]) == i);
    }
    const RandomStream stream({.seed = 5, .replication = 1});
    std::vector<double> uniforms(means.size());
    specflow::sim::fill_uniforms(stream, {}, uniforms);
    std::size_t differ = 0;
    double window_bytes = 0.0;
    for (std::size_t i = 0; i < means.size(); ++i) {
        differ += tables.sample(i, uniforms[i]) != PoissonSampler(means[i]).sample(uniforms[i]);
        // The header's bound: 12 bytes per count of the window, at most 24 √mean + 22 with the
        // rounding of its ends, 8 for the sentinel and 32 + 8 of bounds and mean.
        window_bytes += 12.0 * (24.0 * std::sqrt(means[i]) + 22.0) + 48.0;
    }
    CHECK(differ == 0);
    tables.shrink_to_fit();
    CAPTURE(tables.memory_bytes());
    CHECK(static_cast<double>(tables.memory_bytes()) < window_bytes);
}

TEST_CASE("PoissonTables: equal means share one table, before shrink_to_fit") {
    PoissonTables one;
    one.add(800.0);
    one.shrink_to_fit();
    PoissonTables many;
    for (int i = 0; i < 1'000; ++i) {
        many.add(800.0);
    }
    many.shrink_to_fit();
    // 1,000 samplers cost 1,000 bounds and PoissonSamplers (12 + 56 bytes) but one table.
    const std::size_t table = one.memory_bytes() - 68;
    CHECK(many.memory_bytes() < table + 1'000 * 68 + 64);
    // After shrink_to_fit a mean seen before gets a table of its own, drawing the same.
    const std::size_t own = many.add(800.0);
    CHECK(own == 1'000);
    const RandomStream stream({.seed = 8, .replication = 1});
    for (std::uint32_t i = 0; i < 10'000; ++i) {
        const double u = stream.uniform(i, 0, 0);
        REQUIRE(many.sample(own, u) == many.sample(0, u));
        REQUIRE(many.sample(999, u) == one.sample(0, u));
    }
}

TEST_CASE(
    "PoissonTables refuses a negative, NaN, infinite or too large mean, and stays as it was") {
    PoissonTables tables(std::vector<double>{4.7});
    const std::size_t bytes = tables.memory_bytes();
    for (const double mean : {-1.0, -1e-300, std::numeric_limits<double>::quiet_NaN(),
                              std::numeric_limits<double>::infinity(), 2.0e7}) {
        CAPTURE(mean);
        CHECK_THROWS_AS(tables.add(mean), std::invalid_argument);
    }
    CHECK(tables.size() == 1);
    CHECK(tables.memory_bytes() == bytes);
    CHECK(tables.sample(0, 0.5) == 5);
    CHECK_THROWS_AS(PoissonTables(std::vector<double>{1.0, -1.0}), std::invalid_argument);
}

TEST_CASE("PoissonTables::add_all numbers and draws as add does, sharing equal means, with no "
          "spare bytes") {
    // Means with repeats, as a year's flow-months have, and one already in.
    std::vector<PoissonSampler> samplers;
    for (int i = 0; i < 500; ++i) {
        samplers.emplace_back(0.05 * std::pow(20'000.0, (i % 37) / 36.0));
    }
    PoissonTables one_by_one;
    PoissonTables together;
    one_by_one.add(30.0);
    together.add(30.0);
    for (const auto& sampler : samplers) {
        one_by_one.add(sampler);
    }
    samplers.emplace_back(30.0);
    one_by_one.add(30.0);
    CHECK(together.add_all(samplers) == 1);
    REQUIRE(together.size() == one_by_one.size());
    // Laid down at their exact size: nothing for shrink_to_fit to give back but the index.
    const std::size_t bytes = together.memory_bytes();
    together.shrink_to_fit();
    CHECK(together.memory_bytes() == bytes);
    one_by_one.shrink_to_fit();
    CHECK(together.memory_bytes() == one_by_one.memory_bytes());
    const RandomStream stream({.seed = 9, .replication = 1});
    for (std::size_t i = 0; i < together.size(); ++i) {
        CHECK(together.mean(i) == one_by_one.mean(i));
        for (std::uint32_t j = 0; j < 200; ++j) {
            const double u = stream.uniform(static_cast<std::uint32_t>(i), j, 0);
            REQUIRE(together.sample(i, u) == one_by_one.sample(i, u));
        }
    }
}
