#pragma once

#include <Random123/philox.h>
#include <array>
#include <cstdint>

namespace specflow::sim {

// Which stream: a run's seed and the replication number. Replication 0 is the expected-value
// run and draws nothing.
struct StreamKey {
    std::uint32_t seed = 0;
    std::uint32_t replication = 0;
};

// The fourth counter word of a draw: what it is for.
enum StreamKind : std::uint32_t {
    k_flow_counts = 0,     // (flow, month index, draw)
    k_national_factor = 1, // (service line, year, draw)
    k_provider_factor = 2, // (provider × lines + line, year, draw)
    k_trend = 3,           // (service line, 0, draw): once per replication
};

// Counter-based uniform numbers (Random123 Philox4x32-10). The value for (key, flow, month,
// draw, kind) is a pure function of those numbers, so a replication's results do not depend on
// which thread or process computes it, or in what order. The key is (seed, replication), the
// counter (flow, month, draw, kind).
//
// `kind` separates streams that would otherwise share a counter: 0, the default, is the monthly
// flow counts (every result so far was drawn with it); other kinds are for draws of other
// things, such as a year's demand factors, which must not reuse a flow-month's uniform.
// fill_uniforms (uniform_batch.hpp) gives the same values for a run of flows at once.
class RandomStream {
public:
    explicit RandomStream(StreamKey key) noexcept : key_{{key.seed, key.replication}} {}

    [[nodiscard]] StreamKey key() const noexcept { return {key_[0], key_[1]}; }

    // A uniform double in [0, 1) with 53 random bits: the top 53 bits of the first two output
    // words, (word0 · 2³² + word1) >> 11, times 2⁻⁵³.
    // `kind`: StreamKind (0 a flow-month's count; the others the year-level factors of
    // DESIGN.md §7).
    [[nodiscard]] double uniform(std::uint32_t flow, std::uint32_t month_index, std::uint32_t draw,
                                 std::uint32_t kind = 0) const noexcept {
        const r123::Philox4x32::ctr_type counter{{flow, month_index, draw, kind}};
        const auto bits = generator_(counter, key_);
        const std::uint64_t word = (static_cast<std::uint64_t>(bits[0]) << 32) | bits[1];
        return static_cast<double>(word >> 11) * 0x1.0p-53;
    }

    // The two uniforms of one Philox call, from words (0, 1) and (2, 3): the first is
    // uniform(flow, month_index, draw, kind).
    [[nodiscard]] std::array<double, 2> uniform_pair(std::uint32_t flow, std::uint32_t month_index,
                                                     std::uint32_t draw,
                                                     std::uint32_t kind = 0) const noexcept {
        const r123::Philox4x32::ctr_type counter{{flow, month_index, draw, kind}};
        const auto bits = generator_(counter, key_);
        const std::uint64_t first = (static_cast<std::uint64_t>(bits[0]) << 32) | bits[1];
        const std::uint64_t second = (static_cast<std::uint64_t>(bits[2]) << 32) | bits[3];
        return {static_cast<double>(first >> 11) * 0x1.0p-53,
                static_cast<double>(second >> 11) * 0x1.0p-53};
    }

private:
    r123::Philox4x32::key_type key_;
    r123::Philox4x32 generator_;
};

// The uniforms of one flow-month (or one factor), in order: uniform i is word pair i mod 2 of the
// Philox call for draw i / 2, so each call serves two and uniform 0 is
// RandomStream::uniform(flow, month_index, 0, kind). Calls are made as the uniforms are asked for,
// past those already known (a batch, fill_uniform_pairs_across, may have given the first two or
// four).
class UniformSequence {
public:
    static constexpr std::uint32_t k_known_max = 4;

    UniformSequence(const RandomStream& stream, std::uint32_t flow, std::uint32_t month_index,
                    std::uint32_t kind = 0) noexcept
        : stream_(stream), flow_(flow), month_index_(month_index), kind_(kind) {}
    // When uniform 0 is already known.
    UniformSequence(const RandomStream& stream, std::uint32_t flow, std::uint32_t month_index,
                    std::uint32_t kind, double first) noexcept
        : UniformSequence(stream, flow, month_index, kind) {
        known_[0] = first;
        known_count_ = 1;
    }
    // When uniforms 0 … count − 1 are already known (count ≤ k_known_max).
    UniformSequence(const RandomStream& stream, std::uint32_t flow, std::uint32_t month_index,
                    std::uint32_t kind, const std::array<double, k_known_max>& known,
                    std::uint32_t count) noexcept
        : UniformSequence(stream, flow, month_index, kind) {
        known_ = known;
        known_count_ = count < k_known_max ? count : k_known_max;
    }

    [[nodiscard]] double operator()(std::uint32_t i) noexcept {
        if (i < known_count_) {
            return known_[i];
        }
        if (i / 2 != block_) {
            block_ = i / 2;
            pair_ = stream_.uniform_pair(flow_, month_index_, block_, kind_);
        }
        return pair_[i % 2];
    }

private:
    const RandomStream& stream_;
    std::uint32_t flow_;
    std::uint32_t month_index_;
    std::uint32_t kind_;
    std::uint32_t block_ = UINT32_MAX;
    std::array<double, 2> pair_{};
    std::array<double, k_known_max> known_{};
    std::uint32_t known_count_ = 0;
};

} // namespace specflow::sim
