#include "reports/distribution_batch.hpp"

#include <array>
#include <span>
#include <utility>

namespace specflow::reports {

DistributionBatch::DistributionBatch(std::vector<Distribution> distributions)
    : distributions_(std::move(distributions)), waiting_(distributions_.size() * k_batch, 0),
      waiting_count_(distributions_.size(), 0) {
    full_.reserve(k_full_max);
}

void DistributionBatch::settle(std::size_t slot) {
    if (waiting_count_.at(slot) == k_batch) {
        add_full(); // it is among them
    }
    auto& count = waiting_count_[slot];
    if (count == 0) {
        return;
    }
    distributions_[slot].add_all(std::span<const std::int64_t>(&waiting_[slot * k_batch], count));
    count = 0;
}

void DistributionBatch::settle_all() {
    add_full();
    for (std::size_t slot = 0; slot < distributions_.size(); ++slot) {
        settle(slot);
    }
}

void DistributionBatch::add_full() {
    // Each Distribution's bins worked out (and fetched) k_ahead places before it is counted, and
    // the Distribution itself fetched before that.
    constexpr std::size_t k_ahead = 8;
    static_assert(k_batch <= Distribution::k_binned_max);
    std::array<std::array<std::uint32_t, k_batch>, k_ahead> bins;
    const auto values = [&](std::size_t slot) {
        return std::span<const std::int64_t>(&waiting_[slot * k_batch], k_batch);
    };
    const std::size_t n = full_.size();
    std::size_t added = 0;
    try {
        for (std::size_t i = 0; i < n + k_ahead; ++i) {
            if (i + k_ahead < n) {
                const auto* next =
                    reinterpret_cast<const char*>(&distributions_[full_[i + k_ahead]]);
                for (std::size_t line = 0; line < sizeof(Distribution); line += 64) {
                    __builtin_prefetch(next + line);
                }
            }
            // Counted first: its bins' place is the one the next bins go into.
            if (i >= k_ahead) {
                const std::uint32_t slot = full_[i - k_ahead];
                distributions_[slot].add_binned(values(slot), bins[i % k_ahead].data());
                waiting_count_[slot] = 0;
                ++added;
            }
            if (i < n) {
                distributions_[full_[i]].bins_of(values(full_[i]), bins[i % k_ahead].data());
            }
        }
    } catch (...) {
        // The ones added are no longer full; the one that threw, and those after it, still are.
        full_.erase(full_.begin(), full_.begin() + static_cast<std::ptrdiff_t>(added));
        throw;
    }
    full_.clear();
}

} // namespace specflow::reports
