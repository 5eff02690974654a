#pragma once

#include <Random123/philox.h>
#include <cstdint>

namespace specflow::sim {

// Which stream: a run's seed and the replication number. Replication 0 is the expected-value
// run and draws nothing.
struct StreamKey {
    std::uint32_t seed = 0;
    std::uint32_t replication = 0;
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
    [[nodiscard]] double uniform(std::uint32_t flow, std::uint32_t month_index, std::uint32_t draw,
                                 std::uint32_t kind = 0) const noexcept {
        const r123::Philox4x32::ctr_type counter{{flow, month_index, draw, kind}};
        const auto bits = generator_(counter, key_);
        const std::uint64_t word = (static_cast<std::uint64_t>(bits[0]) << 32) | bits[1];
        return static_cast<double>(word >> 11) * 0x1.0p-53;
    }

private:
    r123::Philox4x32::key_type key_;
    r123::Philox4x32 generator_;
};

} // namespace specflow::sim
