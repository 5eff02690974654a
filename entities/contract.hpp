#pragma once

#include "entities/ids.hpp"
#include "entities/money.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace specflow::entities {

// `drugs` is not a commissioner's contract: it is NHS England's pass-through reimbursement of a
// provider's high-cost drugs and devices from the central HCDD budget (DESIGN.md §4.4), added by
// the year plans from the scenario's drugs table; a contracts table cannot name it.
enum class ContractKind { block, api, activity, lva, drugs };

[[nodiscard]] std::string_view to_string(ContractKind kind);

// Who pays a contract: an ICB, or NHS England itself.
struct Payer {
    std::optional<IcbId> icb; // empty: NHS England

    [[nodiscard]] bool is_nhse() const noexcept { return !icb.has_value(); }
    friend bool operator==(const Payer&, const Payer&) = default;
};

inline constexpr std::int32_t k_basis_points_per_unit = 10'000;

// Payment terms between a payer and a provider for a set of service lines.
struct Contract {
    ContractId id;
    std::string code;
    Payer payer;
    ProviderId provider;
    ContractKind kind = ContractKind::block;
    Money annual_value; // block value, api fixed element, lva value; zero for activity
    std::vector<ServiceLineId> service_lines; // empty: every line
    std::int32_t api_rate_above_bp = k_basis_points_per_unit;
    std::int32_t api_rate_below_bp = k_basis_points_per_unit;
    // An ICB-paid pair's actual activity value in the FYs before the scenario's first, oldest
    // first (at most two): with the first FY's it makes the LVA rolling average of the second.
    std::vector<Money> lva_history;
    // Ended by a reconfiguration of its payer ICB (set in a year's plan): what it paid for
    // has moved to the new ICBs' contracts, and it pays nothing more.
    bool ended = false;

    [[nodiscard]] bool covers(ServiceLineId line) const;
};

} // namespace specflow::entities
