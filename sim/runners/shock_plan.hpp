#pragma once

#include "entities/scenario.hpp"

namespace specflow::sim {

// The parts of shocks that are settled before a run, not month by month (sim/runners/model
// handles those): checks that every shock falls inside the run, adds the flows repatriated
// activity moves to, and applies the FY-start shocks — delegation changes and payment basis
// changes — to a year's scenario. Problems are InfeasiblePolicy errors at the shock's place.

// Every shock must start (and a dispute be settled) within the run's `years` financial years.
void check_shocks_within_run(const entities::Scenario& scenario, int years);

// Every ICB a shock names must exist in each of the run's FYs the shock is in force (to its end
// or the run's; a dispute to its settlement): a reconfiguration ends ICBs, and what a shock
// would do to one that has gone is not defined.
void check_shocks_within_icbs(const entities::Scenario& scenario, int years);

// Every activity shift must match some flow, every payment cut some contract and every cost
// shock some costs row: one that matched nothing would change nothing, which a user reads as
// "no effect" when a code was mistyped. (A shock on an ICB a reconfiguration forms later is
// left to that year.)
void check_shocks_match(const entities::Scenario& scenario);

// For each repatriation, the flow of the ICB's patients at the receiving provider (with no
// activity of its own, if it is new) and the contract that will pay for it.
void add_repatriation_flows(entities::Scenario& scenario);

// Delegation changes starting in this FY, for a scenario without allocations (with them the
// allocation plan applies them).
void apply_delegation_changes(entities::Scenario& scenario);

// Payment basis changes starting in the scenario's FY: the line's flows move to a contract of
// the new kind with the same payer and provider (a new one when the old covered other lines too;
// its value is the moved flows' planned value for fixed kinds).
void apply_payment_basis_changes(entities::Scenario& scenario);

} // namespace specflow::sim
