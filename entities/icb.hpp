#pragma once

#include "entities/financial_month.hpp"
#include "entities/ids.hpp"
#include "entities/money.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace specflow::entities {

// Who holds the money for an ICB's delegable specialised services in a financial year.
enum class DelegationStatus {
    delegated, // the ICB holds the money
    joint,     // a joint committee; NHS England holds the money
    retained,  // NHS England commissions
};

[[nodiscard]] std::string_view to_string(DelegationStatus status);

// An integrated care board: a commissioner with a registered population.
struct Icb {
    IcbId id;
    std::string code; // ODS code, "QHG"
    std::string name;
    RegionId region;
    std::int64_t registered_population = 0;
    std::int64_t need_index_micro = 0; // need index × 1,000,000
    std::int64_t dft_bp = 0;           // published distance from target, basis points
    DelegationStatus delegation = DelegationStatus::joint;
    bool ringfenced = false;
    Money budget; // specialised budget for the FY when the scenario has no allocation section
    // Allocation inputs (all optional):
    std::int32_t hcdd_share_bp = 0;            // share of the allocation that funds HCDD centrally
    std::optional<Money> baseline;             // first FY baseline given directly, not from DfT
    std::optional<std::int64_t> target_weight; // replaces population × need index
    // The FYs it exists in, for a scenario with reconfigurations: from `from` (empty: the
    // scenario's first) up to, not including, `until` (empty: for ever).
    std::optional<FinancialYear> from;
    std::optional<FinancialYear> until;

    [[nodiscard]] bool exists_in(FinancialYear year) const {
        return (!from || *from <= year) && (!until || year < *until);
    }

    // The weight that shares out targets: the given one, or population × need index (×10^6).
    [[nodiscard]] std::int64_t weight() const {
        return target_weight ? *target_weight : registered_population * need_index_micro;
    }
};

} // namespace specflow::entities
