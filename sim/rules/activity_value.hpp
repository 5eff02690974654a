#pragma once

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

} // namespace specflow::sim::rules
