#pragma once

#include "entities/money.hpp"

#include <cstdint>
#include <optional>

namespace specflow::sim::rules {

// What an ICB's converged allocation is for (Annex 2, para 10; DESIGN.md §4 items 4 and 5).
struct AllocationPartition {
    entities::Money hcdd;           // contribution to the central HCDD budget
    entities::Money remainder;      // allocation − HCDD
    entities::Money delegable;      // the remainder's delegable service lines
    entities::Money not_ready;      // ... suitable but not ready: NHS England keeps them
    entities::Money retained_lines; // ... retained nationally: NHS England keeps them
    bool remainder_capped = false;  // the over-target cap moved money into HCDD
};

struct PartitionInput {
    entities::Money allocation;
    std::int32_t hcdd_share_bp = 0;
    // For an over-target ICB: the most its remainder may be (last year's remainder × (1 +
    // gross cost uplift)); the excess goes to its HCDD contribution. Empty: no cap.
    std::optional<entities::Money> remainder_cap;
    std::int32_t delegable_share_bp = 10'000;
    std::int32_t not_ready_share_bp = 0;
    std::int32_t retained_share_bp = 0;
};

// HCDD = allocation × share (nearest penny, ties to even), raised if the remainder would exceed
// its cap; the remainder split by category shares (largest remainder). The parts always add
// up: hcdd + delegable + not_ready + retained_lines = allocation.
[[nodiscard]] AllocationPartition partition_allocation(const PartitionInput& input);

} // namespace specflow::sim::rules
