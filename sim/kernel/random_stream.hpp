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
// draw) is a pure function of those four numbers, so a replication's results do not depend on
// which thread or process computes it, or in what order.
class RandomStream {
public:
    explicit RandomStream(StreamKey key) noexcept : key_{{key.seed, key.replication}} {}

    // A uniform double in [0, 1) with 53 random bits.
    [[nodiscard]] double uniform(std::uint32_t flow, std::uint32_t month_index,
                                 std::uint32_t draw) const noexcept {
        const r123::Philox4x32::ctr_type counter{{flow, month_index, draw, 0}};
        const auto bits = generator_(counter, key_);
        const std::uint64_t word = (static_cast<std::uint64_t>(bits[0]) << 32) | bits[1];
        return static_cast<double>(word >> 11) * 0x1.0p-53;
    }

private:
    r123::Philox4x32::key_type key_;
    r123::Philox4x32 generator_;
};

} // namespace specflow::sim
