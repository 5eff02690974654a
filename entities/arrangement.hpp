#pragma once

#include "entities/allocation_policy.hpp"
#include "entities/ids.hpp"
#include "entities/money.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace specflow::entities {

// How a lead ICB's payments are shared among the participants (DESIGN.md §6).
enum class RechargeBasis {
    value,      // share of the actual activity valued at price (what the activity cost)
    activity,   // share of the actual case counts at the arrangement's providers
    plan,       // share of the planned activity's value
    allocation, // share of the participants' delegable budgets
};

enum class Settlement { monthly, quarterly, year_end };

[[nodiscard]] std::string_view to_string(RechargeBasis basis);
[[nodiscard]] std::string_view to_string(Settlement settlement);

// A lead-ICB (host) arrangement: the host pays the participants' contracts with the named
// providers (for the named service lines) and recharges each participant its fair share.
struct LeadArrangement {
    std::string code;
    IcbId host;
    std::vector<IcbId> participants; // includes the host
    std::vector<ProviderId> providers;
    std::vector<ServiceLineId> service_lines; // empty: every line
    RechargeBasis basis = RechargeBasis::value;
    Settlement settlement = Settlement::monthly; // monthly or quarterly
    // The hub's own cost (staff, systems) per FY: the host pays it in twelve instalments and
    // recharges it with the providers' payments, on the same basis.
    Money hosting_cost{};
    SourceRef source; // the [[lead_icb]] entry
    KeySources key_sources;

    [[nodiscard]] const SourceRef& source_of(std::string_view key) const {
        return key_sources.of(key, source);
    }
};

// A risk pool: members share their over- and underspends pro rata to their delegable budgets.
struct RiskPool {
    std::string code;
    std::vector<IcbId> members;
    Settlement settlement = Settlement::quarterly; // quarterly or year_end
    std::optional<Money> threshold; // each member bears alone this much of its own variance
    std::optional<Money> cap;       // no member's transfer exceeds this
    SourceRef source;
};

} // namespace specflow::entities
