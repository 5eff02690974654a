#pragma once

#include "entities/provider_cost.hpp"

namespace specflow::sim::rules {

// A provider's fixed cost for a month: a twelfth of the annual fixed cost. It is incurred
// whether or not patients come (stranded when activity leaves). The marginal part,
// cases × marginal cost, is accrued exactly by the runner.
[[nodiscard]] inline entities::Money fixed_cost(const entities::ProviderCost& cost, int month) {
    return cost.fixed_per_year.split_part(12, month - 1);
}

// Pressure: the cost of the activity delivered minus the income for it; positive is a loss.
[[nodiscard]] inline entities::Money pressure(entities::Money cost, entities::Money income) {
    return cost - income;
}

} // namespace specflow::sim::rules
