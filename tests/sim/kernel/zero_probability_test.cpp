// Tests of negative_binomial_zero's AVX-512 and AVX2 registers against its plain loop: the same
// bits for every lane, over means and dispersions across and beyond the walks' range, in batches
// whose sizes leave every possible last group of lanes.

#include "sim/kernel/random_stream.hpp"
#include "sim/kernel/vector_intrinsics.hpp"
#include "sim/kernel/zero_probability.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <doctest/doctest.h>
#include <vector>

namespace {

namespace counts = specflow::sim::counts;
using specflow::sim::RandomStream;

TEST_CASE("counts::negative_binomial_zero: the same bits in AVX-512 and AVX2 registers as in the "
          "plain loop, for every lane") {
    if (!specflow::sim::has_avx512_dq()) {
        MESSAGE("no AVX-512 on this processor (or SPECFLOW_VECTORS caps it)");
    }
    if (__builtin_cpu_supports("avx2") == 0) {
        MESSAGE("no AVX2 on this processor: every kind is the plain loop");
    }
    // Means 0 to 40 (past the walks' 32, where both clamp) and a few beyond a lane's use (−1, 0,
    // NaN); dispersions 1/9 to 10,000 on a log scale, and 0 and −1 (both take 1).
    const RandomStream stream({.seed = 7, .replication = 3});
    std::vector<double> means;
    std::vector<double> ks;
    for (std::uint32_t i = 0; i < 200'000; ++i) {
        means.push_back(40.0 * stream.uniform(i, 0, 0));
        ks.push_back(std::exp(std::log(1.0 / 9.0) + std::log(9e4) * stream.uniform(i, 0, 1)));
    }
    for (const double mean : {-1.0, 0.0, 1e-300, 1e-9, 16.0, 31.999999, 32.0, 1e6, std::nan("")}) {
        for (const double k : {-1.0, 0.0, 1.0 / 9.0, 1.0, 25.0, 400.0}) {
            means.push_back(mean);
            ks.push_back(k);
        }
    }
    // Batches of 1 to 40 lanes (AVX2's sixteen, then four, then the plain loop; AVX-512's 32, then
    // eight, masked) from every start, then the whole.
    std::size_t differing = 0;
    std::size_t compared = 0;
    const auto compare = [&](std::size_t first, std::size_t size) {
        const std::span mean(means.data() + first, size);
        const std::span k(ks.data() + first, size);
        std::vector<double> registers(size);
        std::vector<double> avx2(size);
        std::vector<double> plain(size);
        counts::negative_binomial_zero(mean, k, registers);
        counts::negative_binomial_zero_avx2(mean, k, avx2);
        counts::negative_binomial_zero_portable(mean, k, plain);
        for (std::size_t i = 0; i < size; ++i) {
            const auto bits = std::bit_cast<std::uint64_t>(plain[i]);
            differing += std::bit_cast<std::uint64_t>(registers[i]) != bits ? 1 : 0;
            differing += std::bit_cast<std::uint64_t>(avx2[i]) != bits ? 1 : 0;
        }
        compared += size;
    };
    for (std::size_t size = 1; size <= 40; ++size) {
        for (std::size_t first = 0; first + size <= 200; first += 3) {
            compare(first, size);
        }
    }
    compare(0, means.size());
    CHECK(compared > means.size());
    CHECK(differing == 0);
    // A value the plain loop gives, pinned: mean 5, dispersion 25, (25/30)^25.
    std::vector<double> zero(1);
    counts::negative_binomial_zero(std::vector{5.0}, std::vector{25.0}, zero);
    CHECK(zero[0] == doctest::Approx(std::pow(25.0 / 30.0, 25.0)).epsilon(1e-14));
}

} // namespace
