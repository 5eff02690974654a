#pragma once

#include "entities/contract.hpp"
#include "sim/rules/activity_value.hpp"

namespace specflow::sim::rules {

// Block contract: a twelfth of the annual value each month, whatever the activity. The provider
// carries the activity risk: activity above plan is unfunded.
//
// A fixed payment (block, LVA, API fixed element): a twelfth of the annual value each month,
// whatever the activity, less the share a payment cut withholds (nearest penny, ties to even).
// The annual value is the year's: the contract's, or an LVA value recomputed at the year end.
[[nodiscard]] inline entities::Money fixed_monthly_payment(entities::Money annual_value, int month,
                                                           std::int32_t cut_bp = 0) {
    const entities::Money due = annual_value.split_part(12, month - 1);
    if (cut_bp == 0) {
        return due; // the usual case, without the cost of scaling by nothing
    }
    return due -
           due.scale(cut_bp, entities::k_basis_points_per_unit, entities::Rounding::nearest_even);
}

// Value of the activity above plan that a fixed payment does not fund (≥ 0), milli-pence.
[[nodiscard]] inline entities::Int128 fixed_payment_unfunded(const ActivityValue& value) {
    return value.above_plan() > 0 ? value.above_plan() : 0;
}

} // namespace specflow::sim::rules
