#pragma once

#include "reports/distribution.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace specflow::reports {

// Many Distributions that take their values a few at a time: each keeps up to k_batch values
// waiting, and once it has k_batch it waits in turn until k_full_max Distributions are full (or
// one is read), when they are added together (Distribution::add_binned), the bins of the ones a
// few places on fetched while each is counted.
//
// Why: a Monte Carlo summary records one value per replication into each of thousands of
// Distributions (England over five years: about 10,000, tens of megabytes of bins), one after
// another, so that each add found its Distribution out of cache. Added k_batch at a time, its
// sums and its bins are fetched once for k_batch values; added many Distributions together, the
// fetches of the next ones overlap the counting of this one instead of each waiting on its own.
// The state is the same either way, since a Distribution's counts and sums do not depend on the
// order of its values.
class DistributionBatch {
public:
    static constexpr std::size_t k_batch = 8;
    static constexpr std::size_t k_full_max = 64;

    DistributionBatch() = default;
    explicit DistributionBatch(std::vector<Distribution> distributions);

    [[nodiscard]] std::size_t size() const noexcept { return distributions_.size(); }

    // Counts `value` into Distribution `slot` (< size(), the caller's to keep); throws
    // entities::MoneyOverflow as Distribution::add does, when the values are added.
    void record(std::size_t slot, std::int64_t value) {
        auto& count = waiting_count_[slot];
        if (count == k_batch) { // full and not yet added: make room
            add_full();
        }
        waiting_[slot * k_batch + count] = value;
        if (++count == k_batch) {
            full_.push_back(static_cast<std::uint32_t>(slot));
            if (full_.size() == k_full_max) {
                add_full();
            }
        }
    }
    // Distribution `slot` with every value recorded into it.
    [[nodiscard]] Distribution& settled(std::size_t slot) {
        settle(slot);
        return distributions_.at(slot);
    }
    // Adds every value still waiting; then the Distributions may be read directly.
    void settle_all();
    [[nodiscard]] std::vector<Distribution>& settled_all() {
        settle_all();
        return distributions_;
    }

private:
    void settle(std::size_t slot);
    // Adds the full Distributions' values, in the order they filled.
    void add_full();

    std::vector<Distribution> distributions_;
    std::vector<std::int64_t> waiting_;       // k_batch per Distribution
    std::vector<std::uint8_t> waiting_count_; // per Distribution
    std::vector<std::uint32_t> full_;         // the Distributions with k_batch waiting
};

} // namespace specflow::reports
