#pragma once

#include "entities/activity_variation.hpp"
#include "entities/ids.hpp"
#include "entities/money.hpp"

#include <array>
#include <cstdint>
#include <optional>
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
    // How its activity varies beyond the plan (DESIGN.md §7); a scenario file that says nothing
    // gets k_default_activity_variation from the loader.
    ActivityVariation variation{};
    // Twelve weights, April .. March, sharing a year's activity over its months; none: the
    // scenario's [policy] monthly_profile.
    std::optional<std::array<std::int64_t, 12>> monthly_profile;
};

} // namespace specflow::entities
