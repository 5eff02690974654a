// Tests of sim/kernel/uniform_batch.hpp: fill_uniforms gives RandomStream::uniform's values to the
// bit, for many keys and counters, batch lengths that do and do not fill the vector code's
// blocks, flow numbers that wrap past 2³² − 1, and in both the dispatched and the plain x86-64
// code.

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
    // Lengths 0 to 17 cover every remainder after blocks of 2, 4, 8 or 16; 1,000 and 2,520
    // (England's flows) many full blocks. 4 keys × 6 batches × 20 lengths, 23,000 uniforms.
    std::vector<std::size_t> lengths;
    for (std::size_t n = 0; n <= 17; ++n) {
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

TEST_CASE("fill_uniform_pairs and fill_uniform_pairs_of give RandomStream::uniform_pair's "
          "values, to the bit") {
    for (const StreamKey& key : k_keys) {
        const RandomStream stream(key);
        for (const UniformBatch& batch : k_batches) {
            for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{7},
                                        std::size_t{17}, std::size_t{1'000}}) {
                std::vector<double> first(n);
                std::vector<double> second(n);
                specflow::sim::fill_uniform_pairs(stream, batch, first, second);
                // Every third flow of the batch, listed, in reverse order.
                std::vector<std::uint32_t> flows;
                for (std::size_t i = n; i-- > 0;) {
                    if (i % 3 == 0) {
                        flows.push_back(batch.first_flow + static_cast<std::uint32_t>(i));
                    }
                }
                std::vector<double> listed_first(flows.size());
                std::vector<double> listed_second(flows.size());
                specflow::sim::fill_uniform_pairs_of(stream, batch, flows, listed_first,
                                                     listed_second);
                std::size_t differ = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    const auto pair =
                        stream.uniform_pair(batch.first_flow + static_cast<std::uint32_t>(i),
                                            batch.month_index, batch.draw, batch.kind);
                    differ += first[i] != pair[0] || second[i] != pair[1] ? 1 : 0;
                }
                for (std::size_t j = 0; j < flows.size(); ++j) {
                    const auto pair =
                        stream.uniform_pair(flows[j], batch.month_index, batch.draw, batch.kind);
                    differ += listed_first[j] != pair[0] || listed_second[j] != pair[1] ? 1 : 0;
                }
                CAPTURE(n);
                CHECK(differ == 0);
            }
        }
    }
}
