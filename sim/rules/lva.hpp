#pragma once

#include "entities/contract.hpp"
#include "entities/money.hpp"
#include "sim/rules/activity_value.hpp"

#include <cstdint>
#include <span>
#include <stdexcept>

namespace specflow::sim::rules {

// Low-volume activity (DESIGN.md §5): a fixed payment of a twelfth of the LVA value each month
// (block.hpp's fixed_monthly_payment) and no other transactions in year. In the first year the
// value is an input; from the second it is the three-year rolling average of the pair's actual
// activity value, uplifted, the years before the first taken from the contract's lva_history.

// The LVA value of an ICB–provider pair for the coming FY: the mean of its actual activity value
// (cases × unit price) over the last three years, uplifted by cost uplift − efficiency. The mean
// is rounded to the nearest penny (ties to even), then the uplift likewise. Fewer than three
// years of history average what there is.
[[nodiscard]] inline entities::Money lva_value(std::span<const entities::Money> actual_values,
                                               std::int32_t uplift_bp) {
    if (actual_values.empty()) {
        throw std::invalid_argument("lva_value: at least one year of actual activity value");
    }
    const auto years = actual_values.size() < 3 ? actual_values.size() : std::size_t{3};
    entities::Money total;
    for (std::size_t i = actual_values.size() - years; i < actual_values.size(); ++i) {
        total += actual_values[i];
    }
    const auto mean =
        total.scale(1, static_cast<std::int64_t>(years), entities::Rounding::nearest_even);
    return mean.scale(10'000 + static_cast<std::int64_t>(uplift_bp), 10'000,
                      entities::Rounding::nearest_even);
}

// How a contract is paid in a financial year, and its annual value.
struct YearTerms {
    entities::ContractKind kind = entities::ContractKind::block;
    entities::Money annual_value;

    friend bool operator==(const YearTerms&, const YearTerms&) = default;
};

struct YearTermsInput {
    const entities::Contract& contract; // as planned for the year
    // How the contract was paid last year; its planned kind in its first year.
    entities::ContractKind previous_kind = entities::ContractKind::block;
    // Its actual activity value in each past FY (empty in its first year, or after a payment
    // basis change took lines off it).
    std::span<const entities::Money> history = {};
    // The year's planned activity at the year's prices, milli-pence.
    entities::Int128 planned_value_milli_pence = 0;
    std::int32_t uplift_bp = 0;    // cost uplift − efficiency
    entities::Money lva_threshold; // the FY's LVA threshold
};

// The year's terms: the plan's, except that an ICB–provider pair with a history whose value
// is under the LVA threshold is paid by LVA at the rolling average of its actual activity value,
// uplifted, and an LVA pair that has grown past it becomes a block at that value. The value
// tested is the rolling average for a pair paid by LVA last year, the planned activity value for
// an activity contract, and the annual value otherwise. NHS England's contracts keep their terms.
[[nodiscard]] inline YearTerms year_terms(const YearTermsInput& input) {
    const auto& contract = input.contract;
    if (contract.payer.is_nhse() || input.history.empty()) {
        return {contract.kind, contract.annual_value};
    }
    if (input.previous_kind != entities::ContractKind::lva) {
        // The rolling average only if the pair drops under the threshold (every replication
        // works the terms out at every FY's start, and most pairs stay as planned).
        const auto tested = contract.kind == entities::ContractKind::activity
                                ? pence_of_milli_pence(input.planned_value_milli_pence)
                                : contract.annual_value;
        if (tested < input.lva_threshold) {
            return {entities::ContractKind::lva, lva_value(input.history, input.uplift_bp)};
        }
        return {contract.kind, contract.annual_value};
    }
    const auto rolling = lva_value(input.history, input.uplift_bp);
    if (rolling < input.lva_threshold) {
        return {entities::ContractKind::lva, rolling};
    }
    return {entities::ContractKind::block, rolling};
}

} // namespace specflow::sim::rules
