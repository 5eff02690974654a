#pragma once

#include "entities/ids.hpp"
#include "entities/money.hpp"

#include <cstdint>

namespace specflow::entities {

// High-cost drugs and devices one provider uses for one service line (DESIGN.md §4.4): NHS
// England's central HCDD budget reimburses them as pass-through income that matches the cost.
// The annual cost is the first FY's; each FY after it grows by the row's own rate, usually
// faster than tariff. Within a year the cost follows the line's activity at the provider: a
// cost per case, the year's cost over the year's planned cases.
struct DrugCost {
    ProviderId provider;
    ServiceLineId service_line;
    Money annual_cost;
    std::int32_t growth_bp = 0; // annual growth of the cost, basis points
};

} // namespace specflow::entities
