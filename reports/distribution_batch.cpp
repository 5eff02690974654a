#include "reports/distribution_batch.hpp"

#include <span>
#include <utility>

namespace specflow::reports {

DistributionBatch::DistributionBatch(std::vector<Distribution> distributions)
    : distributions_(std::move(distributions)), waiting_(distributions_.size() * k_batch, 0),
      waiting_count_(distributions_.size(), 0) {}

void DistributionBatch::settle(std::size_t slot) {
    auto& count = waiting_count_.at(slot);
    if (count == 0) {
        return;
    }
    distributions_[slot].add_all(std::span<const std::int64_t>(&waiting_[slot * k_batch], count));
    count = 0;
}

void DistributionBatch::settle_all() {
    for (std::size_t slot = 0; slot < distributions_.size(); ++slot) {
        settle(slot);
    }
}

} // namespace specflow::reports
