#pragma once

// What the payment rules' golden tests share: a fixed £1,000 unit price and whole cases.

#include "entities/contract.hpp"
#include "sim/rules/activity_value.hpp"
#include "sim/rules/api.hpp"

namespace specflow::sim::rules::testing {

inline constexpr std::int64_t k_price_pence = 1'000'00;

// Activity value in milli-pence for a number of whole cases at £1,000.
inline ActivityValue value_of(std::int64_t actual_cases, std::int64_t planned_cases) {
    return {static_cast<entities::Int128>(actual_cases) * 1000 * k_price_pence,
            static_cast<entities::Int128>(planned_cases) * 1000 * k_price_pence};
}

inline entities::Contract make_contract(entities::ContractKind kind, entities::Money value,
                                        std::int32_t above_bp = 10'000,
                                        std::int32_t below_bp = 10'000) {
    entities::Contract contract;
    contract.kind = kind;
    contract.annual_value = value;
    contract.api_rate_above_bp = above_bp;
    contract.api_rate_below_bp = below_bp;
    return contract;
}

// Whole pence from exact API units (milli-pence × basis points).
inline entities::Money api_pence(entities::Int128 units) {
    return entities::Money::from_pence(static_cast<std::int64_t>(units / k_api_units_per_penny));
}

} // namespace specflow::sim::rules::testing
