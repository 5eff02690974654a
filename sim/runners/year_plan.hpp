#pragma once

#include "entities/scenario.hpp"
#include "sim/runners/allocation_plan.hpp"
#include "sim/runners/commissioning_plan.hpp"
#include "sim/runners/reconfiguration_plan.hpp"

#include <optional>
#include <vector>

namespace specflow::sim {

// The scenario as it stands in one financial year: budgets from that year's allocations,
// contract values rebased, prices and costs uplifted.
struct YearPlan {
    entities::Scenario scenario;              // first_year is this FY
    std::optional<YearAllocation> allocation; // empty when the scenario has no [allocation]
    // Each budget holder's commissioning plan (ICBs in order, then NHS England's direct
    // budget); empty when the scenario has no [allocation].
    std::vector<HolderPlan> commissioning;
    // A reconfiguration's FY: what it carries from the year before (reconfiguration_plan.hpp).
    std::optional<YearCarry> carry;
};

// The plan of each financial year of a run, worked out before any replication runs (nothing in
// it depends on random draws). Year 1 is the scenario as loaded, with allocation budgets when
// it has [allocation]; a provider with high-cost drugs gets NHS England's pass-through `drugs`
// contract, paid from the HCDD budget. At each FY end: unit prices and provider costs rise by
// cost uplift − efficiency (DESIGN.md §5), every flow's expected activity by its line's demand
// trend (§7), and drug costs by their own growth (§4.4). With [allocation], each FY's
// commissioning plans (commissioning_plan.hpp) then rebase the contract values so that every
// budget holder plans to spend its budget. A reconfiguration at a FY start (DESIGN.md §8a)
// carries the flows, contracts, arrangements and pools to the new ICBs before the plans.
// Throws what plan_allocations and reconfigure throw, and InfeasiblePolicy for a shock that
// names an ICB in a FY it does not exist in.
[[nodiscard]] std::vector<YearPlan> plan_years(const entities::Scenario& scenario, int years);

} // namespace specflow::sim
