#pragma once

#include "entities/money.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace specflow::sim::rules {

// Needs-based targets: the total shared in proportion to the weights (population × need),
// largest remainder, so that they sum to the total exactly.
[[nodiscard]] std::vector<entities::Money> targets(entities::Money total,
                                                   std::span<const std::int64_t> weights);

// First-year baselines from published distances from target: B_i = k × w_i × (1 + DfT_i) with
// k such that they sum to `total` (DESIGN.md §4 item 2). Each published DfT is then reproduced
// against the implied targets k × w_i, to a fraction of a penny.
[[nodiscard]] std::vector<entities::Money> baselines_from_dft(entities::Money total,
                                                              std::span<const std::int64_t> weights,
                                                              std::span<const std::int64_t> dft_bp);

} // namespace specflow::sim::rules
