#pragma once

// What the settlement rule tests (lead_icb_test.cpp, risk_pool_test.cpp) share: amounts in
// pounds or pence, how many random cases the properties draw, and the sums they check.

#include "entities/money.hpp"

#include <cstdint>
#include <vector>

namespace specflow::testing {

inline constexpr int k_settlement_cases = 1'000;

inline entities::Money pence(std::int64_t value) {
    return entities::Money::from_pence(value);
}

inline entities::Money sum(const std::vector<entities::Money>& amounts) {
    entities::Money total;
    for (const auto amount : amounts) {
        total += amount;
    }
    return total;
}

inline entities::Money magnitude(entities::Money amount) {
    return amount.is_negative() ? -amount : amount;
}

} // namespace specflow::testing
