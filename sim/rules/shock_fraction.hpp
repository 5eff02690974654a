#pragma once

#include "entities/financial_month.hpp"
#include "entities/shock.hpp"

#include <algorithm>
#include <cstdint>

namespace specflow::sim::rules {

// The fraction of a shock's effect in a month, in basis points: 0 before its start (pushed back
// by `delay_months`) and after its end, ramping linearly over ramp_months from its start, then
// whole.
[[nodiscard]] inline std::int64_t shock_fraction_bp(const entities::Shock& shock,
                                                    entities::FinancialMonth now,
                                                    std::int32_t delay_months = 0) {
    constexpr std::int64_t k_whole_bp = 10'000;
    const auto months_since_1900 = [](const entities::FinancialMonth& month) {
        return static_cast<std::int64_t>(month.year.start_year()) * 12 + month.month - 1;
    };
    const auto at = months_since_1900(now);
    const auto start = months_since_1900(shock.start) + delay_months;
    if (at < start || (shock.end && at > months_since_1900(*shock.end))) {
        return 0;
    }
    const auto elapsed = at - start + 1;
    return std::min<std::int64_t>(k_whole_bp, elapsed * k_whole_bp / (shock.ramp_months + 1));
}

} // namespace specflow::sim::rules
