#pragma once

#include "entities/ids.hpp"
#include "entities/money.hpp"

#include <string>
#include <string_view>

namespace specflow::entities {

// Portfolio category of a service line (DESIGN.md §2).
enum class PortfolioCategory { delegable, not_ready, retained, hcdd };

[[nodiscard]] std::string_view to_string(PortfolioCategory category);

// A commissioned specialised service with its national unit price.
struct ServiceLine {
    ServiceLineId id;
    std::string code;
    std::string name;
    PortfolioCategory category = PortfolioCategory::delegable;
    Money unit_price; // per case
    // Demand trend: annual growth of every flow's expected activity on the line, compounded by
    // FY from the second (DESIGN.md §7).
    std::int32_t demand_trend_bp = 0;
};

} // namespace specflow::entities
