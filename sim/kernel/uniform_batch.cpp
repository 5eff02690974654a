#include "sim/kernel/uniform_batch.hpp"

#include <algorithm>
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
// words (and, when `second` is given, of the last two, uniform_pair's second). The counter's
// first word is batch.first_flow + i, or flows[i] when a list is given. The loop keeps to what
// vectorises: 32-bit lanes, 32 × 32 → 64-bit products, no branch. The conversion avoids 64-bit
// integer to double, which x86 has no vector instruction for before AVX-512DQ: with
// w = word0 · 2³² + word1, (w >> 11) · 2⁻⁵³ is (word0 >> 1) · 2⁻³¹ + ((word0 & 1) · 2²¹ +
// (word1 >> 11)) · 2⁻⁵³, both parts below 2³¹ (so converted exactly from signed 32-bit
// integers) and their sum exact, as it has 53 bits. Inlined into each caller so that every
// multi-versioned copy gets its own vector code.
template <bool Pairs, bool Listed>
[[gnu::always_inline]] inline void
philox_uniforms(std::uint32_t key0, std::uint32_t key1, UniformBatch batch,
                const std::uint32_t* __restrict flows, double* __restrict first,
                double* __restrict second, std::size_t count) noexcept {
    const auto uniform = [](std::uint32_t high_word, std::uint32_t low_word) {
        const auto high = static_cast<std::int32_t>(high_word >> 1);
        const auto low = static_cast<std::int32_t>(((high_word & 1u) << 21) | (low_word >> 11));
        return static_cast<double>(high) * 0x1.0p-31 + static_cast<double>(low) * 0x1.0p-53;
    };
    for (std::size_t i = 0; i < count; ++i) {
        std::uint32_t c0 = Listed ? flows[i] : batch.first_flow + static_cast<std::uint32_t>(i);
        std::uint32_t c1 = batch.month_index;
        std::uint32_t c2 = batch.draw;
        std::uint32_t c3 = batch.kind;
        std::uint32_t k0 = key0;
        std::uint32_t k1 = key1;
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

} // namespace

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void
fill_uniforms(const RandomStream& stream, UniformBatch batch, std::span<double> out) noexcept {
    const StreamKey key = stream.key();
    philox_uniforms<false, false>(key.seed, key.replication, batch, nullptr, out.data(), nullptr,
                                  out.size());
}

void fill_uniforms_baseline(const RandomStream& stream, UniformBatch batch,
                            std::span<double> out) noexcept {
    const StreamKey key = stream.key();
    philox_uniforms<false, false>(key.seed, key.replication, batch, nullptr, out.data(), nullptr,
                                  out.size());
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void
fill_uniform_pairs(const RandomStream& stream, UniformBatch batch, std::span<double> first,
                   std::span<double> second) noexcept {
    const StreamKey key = stream.key();
    philox_uniforms<true, false>(key.seed, key.replication, batch, nullptr, first.data(),
                                 second.data(), std::min(first.size(), second.size()));
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void
fill_uniform_pairs_of(const RandomStream& stream, UniformBatch batch,
                      std::span<const std::uint32_t> flows, std::span<double> first,
                      std::span<double> second) noexcept {
    const StreamKey key = stream.key();
    philox_uniforms<true, true>(key.seed, key.replication, batch, flows.data(), first.data(),
                                second.data(),
                                std::min({flows.size(), first.size(), second.size()}));
}

} // namespace specflow::sim
