#pragma once

#include "entities/money.hpp"
#include "entities/rounding.hpp"

namespace specflow::sim::rules {

// Units of exact activity value: cases in thousandths × price in pence.
inline constexpr std::int64_t k_milli_pence_per_penny = 1000;

// A contract's activity in one month valued at unit prices, actual and planned, in
// thousandths of a penny (Σ cases_milli × price_pence). Exact: nothing is rounded yet.
struct ActivityValue {
    entities::Int128 actual_milli_pence = 0;
    entities::Int128 planned_milli_pence = 0;

    [[nodiscard]] entities::Int128 above_plan() const noexcept {
        return actual_milli_pence - planned_milli_pence;
    }
};

// Exact activity value in whole pence: to the nearest penny, ties to even.
[[nodiscard]] inline entities::Money pence_of_milli_pence(entities::Int128 milli_pence) {
    return entities::Money::from_pence(
        entities::narrow_checked(entities::divide_rounded(milli_pence, k_milli_pence_per_penny,
                                                          entities::Rounding::nearest_even),
                                 "activity value"));
}

} // namespace specflow::sim::rules
