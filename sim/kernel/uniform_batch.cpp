#include "sim/kernel/uniform_batch.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace specflow::sim {

namespace {

// Philox4x32's round multipliers and key increments (Random123's philox.h).
constexpr std::uint32_t k_multiplier_0 = 0xD2511F53u;
constexpr std::uint32_t k_multiplier_1 = 0xCD9E8D57u;
constexpr std::uint32_t k_key_bump_0 = 0x9E3779B9u;
constexpr std::uint32_t k_key_bump_1 = 0xBB67AE85u;
constexpr int k_rounds = 10;

// The ten rounds for each counter, then RandomStream::uniform's conversion of the first two
// words (and, when `second` is given, of the last two, uniform_pair's second). Output i is
// lane j = i mod 2^lanes_log2 of flow i / 2^lanes_log2: the key's second word is replication
// lanes.first + j, the counter's first word batch.first_flow + i / 2^lanes_log2, or
// counters[i − from] when a list is given (philox_uniforms_of), and the key's second word
// replications[i − from] when those are given (Keyed). The loop keeps to what
// vectorises: 32-bit lanes, 32 × 32 → 64-bit products, shifts and masks, contiguous loads, no
// branch. The conversion avoids 64-bit
// integer to double, which x86 has no vector instruction for before AVX-512DQ: with
// w = word0 · 2³² + word1, (w >> 11) · 2⁻⁵³ is (word0 >> 1) · 2⁻³¹ + ((word0 & 1) · 2²¹ +
// (word1 >> 11)) · 2⁻⁵³, both parts below 2³¹ (so converted exactly from signed 32-bit
// integers) and their sum exact, as it has 53 bits. Inlined into each caller so that every
// multi-versioned copy gets its own vector code.
template <bool Pairs, bool Listed, bool Keyed = false>
[[gnu::always_inline]] inline void
philox_uniforms(ReplicationLanes lanes, UniformBatch batch,
                const std::uint32_t* __restrict counters, std::size_t from, std::size_t to,
                double* __restrict first, double* __restrict second,
                const std::uint32_t* __restrict replications = nullptr) noexcept {
    const auto uniform = [](std::uint32_t high_word, std::uint32_t low_word) {
        const auto high = static_cast<std::int32_t>(high_word >> 1);
        const auto low = static_cast<std::int32_t>(((high_word & 1u) << 21) | (low_word >> 11));
        return static_cast<double>(high) * 0x1.0p-31 + static_cast<double>(low) * 0x1.0p-53;
    };
    const std::uint32_t shift = lanes.lanes_log2;
    const std::uint32_t lane_mask = (1u << shift) - 1u;
    for (std::size_t i = from; i < to; ++i) {
        const auto index = static_cast<std::uint32_t>(i);
        std::uint32_t c0 = Listed ? counters[i - from] : batch.first_flow + (index >> shift);
        std::uint32_t c1 = batch.month_index;
        std::uint32_t c2 = batch.draw;
        std::uint32_t c3 = batch.kind;
        std::uint32_t k0 = lanes.seed;
        std::uint32_t k1 = Keyed ? replications[i - from] : lanes.first + (index & lane_mask);
#pragma GCC unroll 10
        for (int round = 0; round < k_rounds; ++round) {
            const std::uint64_t product0 = static_cast<std::uint64_t>(k_multiplier_0) * c0;
            const std::uint64_t product1 = static_cast<std::uint64_t>(k_multiplier_1) * c2;
            const auto next0 = static_cast<std::uint32_t>(product1 >> 32) ^ c1 ^ k0;
            const auto next2 = static_cast<std::uint32_t>(product0 >> 32) ^ c3 ^ k1;
            c1 = static_cast<std::uint32_t>(product1);
            c3 = static_cast<std::uint32_t>(product0);
            c0 = next0;
            c2 = next2;
            k0 += k_key_bump_0;
            k1 += k_key_bump_1;
        }
        first[i] = uniform(c0, c1);
        if constexpr (Pairs) {
            second[i] = uniform(c2, c3);
        }
    }
}

// The listed flows' uniforms, lane by lane: each chunk's counters laid out first, one per
// output, so that the rounds load them whole (read through the list's index, the loop was not
// vectorised at all).
template <bool Pairs>
[[gnu::always_inline]] inline void philox_uniforms_of(ReplicationLanes lanes, UniformBatch batch,
                                                      const std::uint32_t* flows, double* first,
                                                      double* second, std::size_t count) noexcept {
    constexpr std::size_t chunk = 256;
    std::array<std::uint32_t, chunk> counters;
    for (std::size_t from = 0; from < count; from += chunk) {
        const std::size_t to = std::min(count, from + chunk);
        for (std::size_t i = from; i < to; ++i) {
            counters[i - from] = flows[i >> lanes.lanes_log2];
        }
        philox_uniforms<Pairs, true>(lanes, batch, counters.data(), from, to, first, second);
    }
}

ReplicationLanes one_lane(const RandomStream& stream) noexcept {
    const StreamKey key = stream.key();
    return {.seed = key.seed, .first = key.replication, .lanes_log2 = 0};
}

} // namespace

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void
fill_uniforms_across(ReplicationLanes lanes, UniformBatch batch, std::span<double> out) noexcept {
    philox_uniforms<false, false>(lanes, batch, nullptr, 0, out.size(), out.data(), nullptr);
}

void fill_uniforms(const RandomStream& stream, UniformBatch batch, std::span<double> out) noexcept {
    fill_uniforms_across(one_lane(stream), batch, out);
}

void fill_uniforms_baseline(const RandomStream& stream, UniformBatch batch,
                            std::span<double> out) noexcept {
    philox_uniforms<false, false>(one_lane(stream), batch, nullptr, 0, out.size(), out.data(),
                                  nullptr);
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void
fill_uniform_pairs_across(ReplicationLanes lanes, UniformBatch batch, std::span<double> first,
                          std::span<double> second) noexcept {
    philox_uniforms<true, false>(lanes, batch, nullptr, 0, std::min(first.size(), second.size()),
                                 first.data(), second.data());
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void
fill_uniform_pairs_across_of(ReplicationLanes lanes, UniformBatch batch,
                             std::span<const std::uint32_t> flows, std::span<double> first,
                             std::span<double> second) noexcept {
    const std::size_t count =
        std::min({flows.size() << lanes.lanes_log2, first.size(), second.size()});
    philox_uniforms_of<true>(lanes, batch, flows.data(), first.data(), second.data(), count);
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void
fill_uniform_pairs_keyed(std::uint32_t seed, std::span<const std::uint32_t> replications,
                         std::span<const std::uint32_t> flows, UniformBatch batch,
                         std::span<double> first, std::span<double> second) noexcept {
    const std::size_t count =
        std::min({replications.size(), flows.size(), first.size(), second.size()});
    philox_uniforms<true, true, true>({.seed = seed}, batch, flows.data(), 0, count, first.data(),
                                      second.data(), replications.data());
}

} // namespace specflow::sim
