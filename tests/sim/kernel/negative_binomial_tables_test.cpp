// Tests of NegativeBinomialTables: the same draw as NegativeBinomialSampler for the same u, over
// 53-bit uniforms, uniforms of every magnitude near 0 and 1, the extremes and both sides of each
// step of the distribution function, for dispersions from 0.5 to Poisson and means from 0 to
// 5,000; and a distribution too wide for a table, drawn by the walk alone. That the walk draws
// the negative binomial distribution is negative_binomial_sampler_test.cpp's to show.

#include "sim/kernel/negative_binomial_sampler.hpp"
#include "sim/kernel/negative_binomial_tables.hpp"
#include "sim/kernel/random_stream.hpp"
#include "sim/kernel/uniform_batch.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <doctest/doctest.h>
#include <limits>
#include <stdexcept>
#include <vector>

namespace {

using specflow::sim::NegativeBinomialSampler;
using specflow::sim::NegativeBinomialTables;
using specflow::sim::RandomStream;

constexpr std::array<double, 6> k_means = {0.0, 0.3, 2.0, 15.0, 240.0, 5000.0};
constexpr std::array<double, 5> k_dispersions = {0.5, 2.0, 10.0, 100.0,
                                                 NegativeBinomialSampler::k_no_overdispersion};

// 50,000 53-bit uniforms, the same scaled towards 0 and towards 1 by up to 2^−59, and the
// extremes.
std::vector<double> uniforms() {
    std::vector<double> plain(50'000);
    specflow::sim::fill_uniforms(RandomStream({.seed = 31, .replication = 4}), {}, plain);
    std::vector<double> all = plain;
    for (std::size_t i = 0; i < plain.size(); ++i) {
        const int exponent = static_cast<int>(i % 60);
        all.push_back(std::ldexp(plain[i], -exponent));
        const double near_one = 1.0 - std::ldexp(1.0 - plain[i], -exponent);
        if (near_one < 1.0) {
            all.push_back(near_one);
        }
    }
    for (const double u : {0.0, 0x1.0p-53, 0.5, 1.0 - 0x1.0p-53, std::nextafter(1.0, 0.0)}) {
        all.push_back(u);
    }
    return all;
}

// The doubles either side of each u on a grid of 2,000 where the walk's draw changes.
std::vector<double> steps(const NegativeBinomialSampler& walk) {
    constexpr int k_grid = 2'000;
    std::vector<double> found;
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
        found.push_back(low);
        found.push_back(high);
    }
    return found;
}

} // namespace

TEST_CASE("NegativeBinomialTables draws NegativeBinomialSampler's k for the same u") {
    NegativeBinomialTables tables;
    for (const double mean : k_means) {
        for (const double dispersion : k_dispersions) {
            tables.add(mean, dispersion);
        }
    }
    tables.shrink_to_fit();
    const std::vector<double> common = uniforms();
    for (std::size_t i = 0; i < tables.size(); ++i) {
        const NegativeBinomialSampler& walk = tables.sampler(i);
        CAPTURE(walk.mean());
        CAPTURE(walk.dispersion());
        std::size_t differ = 0;
        for (const double u : common) {
            differ += tables.sample(i, u) != walk.sample(u) ? 1 : 0;
        }
        for (const double u : steps(walk)) {
            differ += tables.sample(i, u) != walk.sample(u) ? 1 : 0;
        }
        CHECK(differ == 0);
    }
}

TEST_CASE("NegativeBinomialTables: a distribution too wide for a table is drawn by the walk") {
    // Mean 20,000 with dispersion 1: the central sums reach from about 1 to 9.7 × the mean,
    // far beyond a table's 65,534 counts.
    NegativeBinomialTables tables;
    const std::size_t wide = tables.add(20'000.0, 1.0);
    const std::size_t narrow = tables.add(20'000.0, 1'000.0);
    const NegativeBinomialSampler walk(20'000.0, 1.0);
    std::vector<double> u(20'000);
    specflow::sim::fill_uniforms(RandomStream({.seed = 1, .replication = 1}), {}, u);
    std::size_t differ = 0;
    for (const double x : u) {
        differ += tables.sample(wide, x) != walk.sample(x) ? 1 : 0;
        differ += tables.sample(narrow, x) != tables.sampler(narrow).sample(x) ? 1 : 0;
    }
    CHECK(differ == 0);
}

TEST_CASE("NegativeBinomialTables refuses what NegativeBinomialSampler refuses") {
    NegativeBinomialTables tables;
    CHECK_THROWS_AS(tables.add(-1.0, 2.0), std::invalid_argument);
    CHECK_THROWS_AS(tables.add(5.0, 0.0), std::invalid_argument);
    CHECK_THROWS_AS(tables.add(5.0, std::numeric_limits<double>::quiet_NaN()),
                    std::invalid_argument);
    CHECK(tables.size() == 0);
}
