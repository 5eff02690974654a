#pragma once

#include "entities/money.hpp"
#include "entities/scenario.hpp"
#include "sim/runners/reconfiguration_plan.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace specflow::sim {

// What one budget holder (an ICB population's delegable money, or NHS England's direct budget)
// plans to spend in a FY (DESIGN.md §5). Before the plan, contract values have grown with the
// price uplift and the demand trend of their flows (`rebased`); LVA contracts follow their
// three-year rule and are `committed` at what the expected-value run will pay them. What is left
// of the budget (`budget − committed − rebased`; negative when the budget grows slower) less a
// reserve the scenario may set is the `investment`: the holder's block, API and activity
// contracts are scaled alike, their values and their flows' expected activity, so that an
// investment buys activity at price (and a cut gives it up).
struct HolderPlan {
    std::optional<entities::IcbId> icb; // empty: NHS England's direct budget
    entities::Money budget{};
    entities::Money committed{};  // LVA values (and LVA pairs grown into blocks)
    entities::Money rebased{};    // block, API and activity contracts after uplift and trend
    entities::Money investment{}; // added to them (negative: taken from them)
    entities::Money reserve{};    // held back from the investment
    // Planned spend: committed + rebased + investment = budget − reserve, to the penny, unless
    // the holder has no block or API contract to invest in, or too little to take from.
    [[nodiscard]] entities::Money planned() const { return committed + rebased + investment; }
};

// The commissioning plans of a run, year after year. It follows each contract's terms along the
// expected-value path (the LVA rule with the planned activity value as history), so that what
// it commits for LVA is what the expected-value run will pay.
class CommissioningPlans {
public:
    // Year end, before any change of payment basis: each contract's value rises with its planned
    // activity value (the price uplift and the demand trend of its flows, already carried into
    // `s`), or with the price uplift alone when it had no planned activity. `s.policy`'s price
    // uplift must be the new FY's.
    void rebase_values(entities::Scenario& s) const;

    // A reconfiguration's FY, after rebase_values: each contract's path carried to the contracts
    // of `s` (reconfigure's result), as the replication carries its books.
    void carry(const YearCarry& carry, const entities::Scenario& s);

    // Rebases the scenario's contract values for its FY (prices, costs and flows already carried
    // into the year, budgets set) and returns each holder's plan: ICBs in order, then NHS
    // England. `first` is the run's first FY, whose contract values are the scenario's own.
    std::vector<HolderPlan> plan_year(entities::Scenario& s, std::int32_t reserve_bp, bool first);

private:
    struct ContractPath {
        entities::ContractKind kind = entities::ContractKind::block;
        std::vector<entities::Money> history; // planned activity value per past FY
        std::vector<entities::ServiceLineId> covered;
        entities::Int128 last_planned = 0; // last FY's planned value, milli-pence
    };
    std::vector<ContractPath> paths_;
};

} // namespace specflow::sim
