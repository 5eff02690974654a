#pragma once

#include "sim/rules/activity_value.hpp"

namespace specflow::sim::rules {

// Activity (cost and volume) contract: actual cases × unit price, in milli-pence. The payer
// carries the activity risk; nothing is unfunded.
[[nodiscard]] inline entities::Int128 activity_payment_milli_pence(const ActivityValue& value) {
    return value.actual_milli_pence;
}

} // namespace specflow::sim::rules
