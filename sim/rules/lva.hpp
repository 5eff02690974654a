#pragma once

#include "entities/contract.hpp"
#include "sim/rules/block.hpp"

namespace specflow::sim::rules {

// Low-volume activity: a fixed payment of a twelfth of the LVA value each month and no other
// transactions in year. In the first year the value is an input; from the second it is the
// three-year rolling average of the pair's actual activity value, uplifted.
[[nodiscard]] inline entities::Money lva_payment(const entities::Contract& contract, int month) {
    return fixed_monthly_payment(contract.annual_value, month);
}

} // namespace specflow::sim::rules
