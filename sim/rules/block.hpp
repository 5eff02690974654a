#pragma once

#include "entities/contract.hpp"
#include "sim/rules/activity_value.hpp"

namespace specflow::sim::rules {

// Block contract: a twelfth of the annual value each month, whatever the activity. The
// provider carries the activity risk: activity above plan is unfunded.
[[nodiscard]] inline entities::Money block_payment(const entities::Contract& contract,
                                                   int month) {
    return contract.annual_value.split_part(12, month - 1);
}

// Value of the activity above plan that a fixed payment does not fund (≥ 0), milli-pence.
[[nodiscard]] inline entities::Int128 fixed_payment_unfunded(const ActivityValue& value) {
    return value.above_plan() > 0 ? value.above_plan() : 0;
}

} // namespace specflow::sim::rules
