#pragma once

#include "entities/scenario.hpp"
#include "scenarios/toml_reader.hpp"

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// A lead-ICB arrangement recharges its participants' delegated money and a risk pool shares its
// members' over- and underspends on it, so every participant and member must hold that money —
// be `delegated` — in every FY of the scenario (each [[allocation.years]] entry's, or the first
// alone). An ICB's status in a FY is its icbs.csv status, then the regions that FY's
// delegate_regions delegates, then the delegation_change shocks that start in it; after a
// reconfiguration an arrangement has the ICBs its ICBs map to, and an ICB it forms has its
// predecessors' status when they all had the same one. (When they differ it has the status of
// the one that brings it the most money, which is known only when allocations are worked out,
// so it is not checked here.) Throws ScenarioError at the ICB's code in the entry's
// participants or members, naming the FY, the status and where it came from, and the ICBs
// delegated that FY.
void check_arrangements_delegated(const TomlReader& toml, const toml::table& root,
                                  const entities::Scenario& scenario);

} // namespace specflow::scenarios::detail
