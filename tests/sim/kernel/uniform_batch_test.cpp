// Tests of sim/kernel/uniform_batch.hpp: fill_uniforms gives RandomStream::uniform's values to the
// bit, for many keys and counters, batch lengths that do and do not fill the vector code's
// blocks, flow numbers that wrap past 2³² − 1, and in both the dispatched and the plain x86-64
// code; the batches across a block's replications give each replication's values.

#include "sim/kernel/random_stream.hpp"
#include "sim/kernel/uniform_batch.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <doctest/doctest.h>
#include <span>
#include <vector>

namespace {

using specflow::sim::RandomStream;
using specflow::sim::StreamKey;
using specflow::sim::UniformBatch;

constexpr std::array<StreamKey, 4> k_keys = {{{.seed = 0, .replication = 0},
                                              {.seed = 12345, .replication = 1},
                                              {.seed = 0xFFFFFFFFu, .replication = 0xFFFFFFFFu},
                                              {.seed = 0x9E3779B9u, .replication = 10'000}}};

constexpr std::array<UniformBatch, 6> k_batches = {
    {{.first_flow = 0, .month_index = 0, .draw = 0, .kind = 0},
     {.first_flow = 17, .month_index = 59, .draw = 0, .kind = 0},
     {.first_flow = 2'500, .month_index = 12, .draw = 3, .kind = 1},
     {.first_flow = 0xFFFFFF00u, .month_index = 7, .draw = 0, .kind = 0}, // wraps to 0
     {.first_flow = 1, .month_index = 0xFFFFFFFFu, .draw = 0xFFFFFFFFu, .kind = 0xFFFFFFFFu},
     {.first_flow = 123'456, .month_index = 1, .draw = 2, .kind = 0x8000'0000u}}};

// How many uniforms of `out` differ from stream.uniform at the same counter.
std::size_t mismatches(const RandomStream& stream, UniformBatch batch,
                       const std::vector<double>& out) {
    std::size_t differ = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const double one = stream.uniform(batch.first_flow + static_cast<std::uint32_t>(i),
                                          batch.month_index, batch.draw, batch.kind);
        differ += out[i] != one ? 1 : 0;
    }
    return differ;
}

} // namespace

TEST_CASE("fill_uniforms gives RandomStream::uniform's values, to the bit") {
    // Lengths 0 to 40 cover every remainder after blocks of 2, 4, 8 or 16, and a block of 32
    // with a block of 8 and a rest after it (AVX2 takes 32 at a time, then 8); 1,000 and 2,520
    // (England's flows) many full blocks. 4 keys × 6 batches × 43 lengths, 104,160 uniforms.
    std::vector<std::size_t> lengths;
    for (std::size_t n = 0; n <= 40; ++n) {
        lengths.push_back(n);
    }
    lengths.push_back(1'000);
    lengths.push_back(2'520);
    for (const StreamKey& key : k_keys) {
        const RandomStream stream(key);
        for (const UniformBatch& batch : k_batches) {
            for (const std::size_t n : lengths) {
                CAPTURE(key.seed);
                CAPTURE(batch.first_flow);
                CAPTURE(batch.kind);
                CAPTURE(n);
                std::vector<double> best(n, -1.0);
                std::vector<double> baseline(n, -1.0);
                specflow::sim::fill_uniforms(stream, batch, best);
                specflow::sim::fill_uniforms_baseline(stream, batch, baseline);
                CHECK(mismatches(stream, batch, best) == 0);
                CHECK(mismatches(stream, batch, baseline) == 0);
            }
        }
    }
}

TEST_CASE("fill_uniforms matches over many counters and keys drawn at random") {
    // 2,000 batches of 37 flows with every field taken from the stream itself: 74,000 uniforms,
    // in both codes.
    const RandomStream chooser({.seed = 2024, .replication = 7});
    const auto word = [&](std::uint32_t i, std::uint32_t field) {
        return static_cast<std::uint32_t>(chooser.uniform(i, field, 0) * 0x1.0p32);
    };
    std::size_t differ = 0;
    std::vector<double> best(37);
    std::vector<double> baseline(37);
    for (std::uint32_t i = 0; i < 2'000; ++i) {
        const RandomStream stream({.seed = word(i, 0), .replication = word(i, 1)});
        const UniformBatch batch{.first_flow = word(i, 2),
                                 .month_index = word(i, 3),
                                 .draw = word(i, 4),
                                 .kind = i % 2 == 0 ? 0 : word(i, 5)};
        specflow::sim::fill_uniforms(stream, batch, best);
        specflow::sim::fill_uniforms_baseline(stream, batch, baseline);
        differ += mismatches(stream, batch, best) + mismatches(stream, batch, baseline);
    }
    CHECK(differ == 0);
}

TEST_CASE("fill_uniforms writes only the span it is given") {
    const RandomStream stream({.seed = 1, .replication = 1});
    std::vector<double> buffer(40, -1.0);
    specflow::sim::fill_uniforms(stream, {.first_flow = 5, .month_index = 2},
                                 std::span<double>(buffer).subspan(3, 33));
    for (std::size_t i = 0; i < buffer.size(); ++i) {
        CAPTURE(i);
        if (i < 3 || i >= 36) {
            CHECK(buffer[i] == -1.0);
        } else {
            CHECK(buffer[i] == stream.uniform(static_cast<std::uint32_t>(5 + i - 3), 2, 0));
        }
    }
}

TEST_CASE("fill_uniforms_across, fill_uniform_pairs_across and fill_uniform_pairs_across_of give "
          "each lane's RandomStream::uniform_pair values, to the bit") {
    // One lane (a single replication), eight (the lanes of negative_binomial_walk_lanes.hpp) and 32
    // (a block of plain Poisson draws); lengths that end inside a flow's lanes; replications that
    // wrap past 2³² − 1.
    for (const StreamKey& key : k_keys) {
        for (const std::uint32_t lanes_log2 : {0u, 3u, 5u}) {
            const specflow::sim::ReplicationLanes lanes{
                .seed = key.seed, .first = key.replication, .lanes_log2 = lanes_log2};
            const std::size_t width = std::size_t{1} << lanes_log2;
            for (const UniformBatch& batch : k_batches) {
                for (const std::size_t flows : {std::size_t{0}, std::size_t{1}, std::size_t{7},
                                                std::size_t{17}, std::size_t{300}}) {
                    const std::size_t n = flows * width - (flows > 1 ? 3 : 0);
                    std::vector<double> only(n, -1.0);
                    std::vector<double> first(n, -1.0);
                    std::vector<double> second(n, -1.0);
                    specflow::sim::fill_uniforms_across(lanes, batch, only);
                    specflow::sim::fill_uniform_pairs_across(lanes, batch, first, second);
                    // Every third flow of the batch, listed, in reverse order.
                    std::vector<std::uint32_t> listed;
                    for (std::size_t i = flows; i-- > 0;) {
                        if (i % 3 == 0) {
                            listed.push_back(batch.first_flow + static_cast<std::uint32_t>(i));
                        }
                    }
                    std::vector<double> listed_first(listed.size() * width, -1.0);
                    std::vector<double> listed_second(listed.size() * width, -1.0);
                    specflow::sim::fill_uniform_pairs_across_of(lanes, batch, listed, listed_first,
                                                                listed_second);
                    const auto pair_of = [&](std::uint32_t flow, std::size_t lane) {
                        const RandomStream stream(
                            {.seed = key.seed,
                             .replication = key.replication + static_cast<std::uint32_t>(lane)});
                        return stream.uniform_pair(flow, batch.month_index, batch.draw, batch.kind);
                    };
                    std::size_t differ = 0;
                    for (std::size_t i = 0; i < n; ++i) {
                        const auto pair = pair_of(
                            batch.first_flow + static_cast<std::uint32_t>(i / width), i % width);
                        differ += only[i] != pair[0] ? 1 : 0;
                        differ += first[i] != pair[0] || second[i] != pair[1] ? 1 : 0;
                    }
                    for (std::size_t i = 0; i < listed_first.size(); ++i) {
                        const auto pair = pair_of(listed[i / width], i % width);
                        differ += listed_first[i] != pair[0] || listed_second[i] != pair[1] ? 1 : 0;
                    }
                    CAPTURE(key.seed);
                    CAPTURE(lanes_log2);
                    CAPTURE(batch.first_flow);
                    CAPTURE(n);
                    CHECK(differ == 0);
                }
            }
        }
    }
}

TEST_CASE("fill_uniform_pairs_keyed gives each (replication, flow)'s RandomStream::uniform_pair "
          "values, to the bit") {
    // Lists of 0 to 40 entries (every remainder of the vector code's blocks), replications and
    // flows taken from a stream, including the ends of their ranges.
    const RandomStream chooser({.seed = 99, .replication = 5});
    const auto word = [&](std::uint32_t i, std::uint32_t field) {
        return static_cast<std::uint32_t>(chooser.uniform(i, field, 1) * 0x1.0p32);
    };
    std::size_t differ = 0;
    std::uint32_t at = 0;
    for (const std::uint32_t seed : {0u, 20261201u, 0xFFFFFFFFu}) {
        for (const UniformBatch& batch : k_batches) {
            for (std::size_t n = 0; n <= 40; ++n) {
                std::vector<std::uint32_t> replications(n);
                std::vector<std::uint32_t> flows(n);
                for (std::size_t i = 0; i < n; ++i, ++at) {
                    replications[i] = i % 7 == 0 ? 0xFFFFFFFFu : word(at, 0);
                    flows[i] = i % 5 == 0 ? 0u : word(at, 1);
                }
                std::vector<double> first(n, -1.0);
                std::vector<double> second(n, -1.0);
                specflow::sim::fill_uniform_pairs_keyed(seed, replications, flows, batch, first,
                                                        second);
                for (std::size_t i = 0; i < n; ++i) {
                    const RandomStream stream({.seed = seed, .replication = replications[i]});
                    const auto pair =
                        stream.uniform_pair(flows[i], batch.month_index, batch.draw, batch.kind);
                    differ += first[i] != pair[0] || second[i] != pair[1] ? 1 : 0;
                }
            }
        }
    }
    CHECK(differ == 0);
}
