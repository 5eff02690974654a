#pragma once

#include "entities/allocation_policy.hpp"
#include "entities/contract.hpp"
#include "entities/financial_month.hpp"
#include "entities/icb.hpp"
#include "entities/ids.hpp"
#include "entities/money.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace specflow::entities {

// An ICB moves a share of its patients' activity for a service line from one provider to
// another. The losing provider keeps its fixed costs.
struct Repatriation {
    IcbId icb;
    ServiceLineId service_line;
    ProviderId from_provider;
    ProviderId to_provider;
    std::int32_t share_bp = 0;
};

// A payer pays less than contracted on its fixed payments (block, API fixed, LVA).
struct PaymentCut {
    Payer payer;
    std::optional<ProviderId> provider; // empty: every provider it pays
    std::int32_t cut_bp = 0;
};

// Activity of the matching flows is multiplied (10,000 bp = unchanged).
struct ActivityShift {
    std::optional<IcbId> icb;
    std::optional<ProviderId> provider;
    std::optional<ServiceLineId> service_line;
    std::int32_t factor_bp = 10'000;
};

// A service line's unit price changes by a percentage (+ or −).
struct PriceChange {
    ServiceLineId service_line;
    std::int32_t change_bp = 0;
};

// A provider's costs (fixed and marginal) change by a percentage, for one line or all.
struct CostShock {
    ProviderId provider;
    std::optional<ServiceLineId> service_line;
    std::int32_t change_bp = 0;
};

// An ICB (or every ICB of a region) changes delegation status from the start of a FY.
struct DelegationChange {
    std::optional<IcbId> icb;
    std::optional<RegionId> region;
    DelegationStatus status = DelegationStatus::delegated;
};

// A participant of a lead-ICB arrangement withholds a share of its recharges; the host carries
// the gap until the settlement month, when the withheld sum is paid.
struct Dispute {
    std::size_t arrangement = 0; // index into Scenario::lead_arrangements
    IcbId participant;
    std::int32_t withheld_bp = 0;
    FinancialMonth settled{FinancialYear{2024}, 12};
};

// A service line moves, from the start of a FY, to another kind of payment for the matching
// contracts (e.g. renal transplants out of the LVA block onto activity).
struct PaymentBasisChange {
    ServiceLineId service_line;
    ContractKind to_kind = ContractKind::activity;
    std::optional<Payer> payer;
    std::optional<ProviderId> provider;
};

// An ICB invests in a local pathway: it spends a sum each month from the start, and after a lag
// its patients' activity for a service line falls by a share.
struct UpstreamInvestment {
    IcbId icb;
    Money monthly;
    ServiceLineId service_line;
    std::int32_t lag_months = 0;
    std::int32_t reduction_bp = 0;
};

using ShockEffect = std::variant<Repatriation, PaymentCut, ActivityShift, PriceChange, CostShock,
                                 DelegationChange, Dispute, PaymentBasisChange, UpstreamInvestment>;

// A scenario event: from `start` (with an optional linear ramp to full effect over
// `ramp_months`) until `end` (inclusive; empty: to the end of the run).
struct Shock {
    std::string code;
    FinancialMonth start{FinancialYear{2024}, 1};
    std::int32_t ramp_months = 0;
    std::optional<FinancialMonth> end;
    ShockEffect effect;
    SourceRef source; // the [[shocks]] entry
    KeySources key_sources;

    [[nodiscard]] const SourceRef& source_of(std::string_view key) const {
        return key_sources.of(key, source);
    }
};

} // namespace specflow::entities
