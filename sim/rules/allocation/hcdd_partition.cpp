#include "sim/rules/allocation/hcdd_partition.hpp"

#include <array>

namespace specflow::sim::rules {

using entities::Money;

AllocationPartition partition_allocation(const PartitionInput& in) {
    AllocationPartition out;
    out.hcdd = in.allocation.scale(in.hcdd_share_bp, 10'000, entities::Rounding::nearest_even);
    out.remainder = in.allocation - out.hcdd;
    if (in.remainder_cap && out.remainder > *in.remainder_cap) {
        out.hcdd += out.remainder - *in.remainder_cap;
        out.remainder = *in.remainder_cap;
        out.remainder_capped = true;
    }
    const std::array<std::int64_t, 3> shares{in.delegable_share_bp, in.not_ready_share_bp,
                                             in.retained_share_bp};
    const auto parts = out.remainder.split(shares);
    out.delegable = parts[0];
    out.not_ready = parts[1];
    out.retained_lines = parts[2];
    return out;
}

} // namespace specflow::sim::rules
