#pragma once

#include "entities/contract.hpp"
#include "sim/rules/activity_value.hpp"
#include "sim/rules/block.hpp"

namespace specflow::sim::rules {

// Aligned payment and incentive: a fixed element paid in twelfths (block.hpp's
// fixed_monthly_payment), and a variable element of
// (actual − planned) activity value × rate, with one rate above plan and another below it.
// Variable units are milli-pence × basis points, exact.
inline constexpr std::int64_t k_api_units_per_penny =
    k_milli_pence_per_penny * entities::k_basis_points_per_unit;

// Variable element for a month in k_api_units_per_penny units; negative below plan.
[[nodiscard]] inline entities::Int128 api_variable_units(const entities::Contract& contract,
                                                         const ActivityValue& value) {
    const entities::Int128 difference = value.above_plan();
    const std::int32_t rate_bp =
        difference >= 0 ? contract.api_rate_above_bp : contract.api_rate_below_bp;
    return difference * rate_bp;
}

// Activity above plan that the rate above plan leaves unpaid, in k_api_units_per_penny units.
[[nodiscard]] inline entities::Int128 api_unfunded_units(const entities::Contract& contract,
                                                         const ActivityValue& value) {
    const entities::Int128 difference = value.above_plan();
    if (difference <= 0) {
        return 0;
    }
    return difference * (entities::k_basis_points_per_unit - contract.api_rate_above_bp);
}

} // namespace specflow::sim::rules
