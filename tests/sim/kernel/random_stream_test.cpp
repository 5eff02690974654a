// Tests of sim/kernel/random_stream.hpp: the counter-based stream against Random123's known
// answer, keyed by (seed, replication) with counter (flow, month, draw).

#include "sim/kernel/random_stream.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <doctest/doctest.h>
#include <string>
#include <vector>

namespace {

using specflow::sim::RandomStream;
using specflow::sim::StreamKey;

} // namespace

TEST_CASE("RandomStream is a pure function of key and counter") {
    const RandomStream first({.seed = 7, .replication = 3});
    const RandomStream second({.seed = 7, .replication = 3});
    CHECK(first.uniform(4, 5, 6) == second.uniform(4, 5, 6));
    // Drawing other values in between changes nothing: there is no hidden state.
    const double before = first.uniform(4, 5, 6);
    for (std::uint32_t draw = 0; draw < 100; ++draw) {
        (void)first.uniform(1, 1, draw);
    }
    CHECK(first.uniform(4, 5, 6) == before);
}

TEST_CASE("RandomStream matches the Random123 Philox4x32-10 known answer") {
    // Random123 tests/kat_vectors, "philox4x32 10" with counter and key all zero gives the words
    // 6627e8d5 e169c58d bc57ac4c 9b00dbd8. The uniform takes the top 53 bits of the first two:
    // 0x6627e8d5e169c58d >> 11 = 3,594,291,074,837,816, and × 2^−53 = 0.39904647084896...
    const RandomStream stream({.seed = 0, .replication = 0});
    CHECK(stream.uniform(0, 0, 0) == 3594291074837816.0 * 0x1.0p-53);
    CHECK(stream.uniform(0, 0, 0) == doctest::Approx(0.3990464708489645).epsilon(1e-15));
}

TEST_CASE("RandomStream: the key is (seed, replication) and the counter (flow, month, draw, 0)") {
    // The header's contract, word for word: the uniform is the top 53 bits of the first two
    // output words of Philox4x32-10 at that counter and key. The known answer above pins the
    // generator; this pins which field goes in which word.
    const r123::Philox4x32 philox;
    const r123::Philox4x32::key_type key = {{12345, 2}};
    const r123::Philox4x32::ctr_type counter = {{3, 5, 7, 0}};
    const auto words = philox(counter, key);
    const std::uint64_t top = (static_cast<std::uint64_t>(words[0]) << 32 | words[1]) >> 11;
    CHECK(RandomStream({.seed = 12345, .replication = 2}).uniform(3, 5, 7) ==
          static_cast<double>(top) * 0x1.0p-53);
}

TEST_CASE("RandomStream: changing any one of seed, replication, flow, month or draw changes "
          "the value") {
    const StreamKey key{.seed = 12345, .replication = 2};
    const double base = RandomStream(key).uniform(3, 5, 7);
    CHECK(RandomStream({.seed = 12346, .replication = 2}).uniform(3, 5, 7) != base);
    CHECK(RandomStream({.seed = 12345, .replication = 3}).uniform(3, 5, 7) != base);
    CHECK(RandomStream(key).uniform(4, 5, 7) != base);
    CHECK(RandomStream(key).uniform(3, 6, 7) != base);
    CHECK(RandomStream(key).uniform(3, 5, 8) != base);
    // The fields are not interchangeable: swapping two of them is another stream.
    CHECK(RandomStream({.seed = 2, .replication = 12345}).uniform(3, 5, 7) != base);
    CHECK(RandomStream(key).uniform(5, 3, 7) != base);
    CHECK(RandomStream(key).uniform(3, 7, 5) != base);
}

TEST_CASE("RandomStream: uniforms are at least 0 and below 1, and average one half") {
    // 100,000 uniforms have a mean with standard error sqrt(1/12 / 100,000) ≈ 0.00091, so the
    // ±0.005 band is about 5.5 standard errors wide.
    constexpr std::uint32_t k_draws = 100'000;
    const RandomStream stream({.seed = 2024, .replication = 1});
    double sum = 0.0;
    double smallest = 1.0;
    double largest = 0.0;
    for (std::uint32_t i = 0; i < k_draws; ++i) {
        // Spread the draws over all three counter fields.
        const double u = stream.uniform(i % 7, (i / 7) % 12, i / 84);
        REQUIRE(u >= 0.0);
        REQUIRE(u < 1.0);
        sum += u;
        smallest = std::min(smallest, u);
        largest = std::max(largest, u);
    }
    const double mean = sum / k_draws;
    CHECK(mean > 0.495);
    CHECK(mean < 0.505);
    // The extremes of 100,000 uniforms lie within about 1e-4 of the ends of the interval.
    CHECK(smallest < 1e-3);
    CHECK(largest > 1.0 - 1e-3);
}

TEST_CASE("RandomStream: the kind is the counter's fourth word, 0 by default") {
    // Kind 0 is the stream every result so far was drawn from: the default changes nothing.
    const RandomStream stream({.seed = 12345, .replication = 2});
    CHECK(stream.uniform(3, 5, 7, 0) == stream.uniform(3, 5, 7));
    const r123::Philox4x32 philox;
    const r123::Philox4x32::key_type key = {{12345, 2}};
    for (const std::uint32_t kind : {1u, 2u, 0xFFFFFFFFu}) {
        CAPTURE(kind);
        const auto words = philox(r123::Philox4x32::ctr_type{{3, 5, 7, kind}}, key);
        const std::uint64_t top = (static_cast<std::uint64_t>(words[0]) << 32 | words[1]) >> 11;
        CHECK(stream.uniform(3, 5, 7, kind) == static_cast<double>(top) * 0x1.0p-53);
        CHECK(stream.uniform(3, 5, 7, kind) != stream.uniform(3, 5, 7));
    }
}

TEST_CASE("RandomStream: key() gives back the seed and replication") {
    const StreamKey key = RandomStream({.seed = 0xFFFFFFFFu, .replication = 9}).key();
    CHECK(key.seed == 0xFFFFFFFFu);
    CHECK(key.replication == 9);
}
