#pragma once

#include "entities/scenario.hpp"
#include "sim/runners/allocation_plan.hpp"

#include <optional>
#include <vector>

namespace specflow::sim {

// The scenario as it stands in one financial year: budgets from that year's allocations,
// contract values rebased, prices and costs uplifted.
struct YearPlan {
    entities::Scenario scenario;              // first_year is this FY
    std::optional<YearAllocation> allocation; // empty when the scenario has no [allocation]
};

// The plan of each financial year of a run, worked out before any replication runs (nothing in
// it depends on random draws). Year 1 is the scenario as loaded, with allocation budgets when
// it has [allocation]. At each FY end (DESIGN.md §5): unit prices and provider costs rise by
// cost uplift − efficiency; each contract's value rises by the same, and a contract paid by an
// ICB is further scaled by that ICB's allocation growth relative to the national budget's, so
// an ICB whose allocation grows slower passes it on. Throws what plan_allocations throws.
[[nodiscard]] std::vector<YearPlan> plan_years(const entities::Scenario& scenario, int years);

} // namespace specflow::sim
