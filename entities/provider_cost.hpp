#pragma once

#include "entities/ids.hpp"
#include "entities/money.hpp"

namespace specflow::entities {

// What one service line costs one provider: a fixed annual cost that stays when activity
// leaves, and a marginal cost per case.
struct ProviderCost {
    ProviderId provider;
    ServiceLineId service_line;
    Money fixed_per_year;
    Money marginal_per_case;
};

} // namespace specflow::entities
