#pragma once

#include "entities/scenario.hpp"
#include "sim/rules/allocation/hcdd_partition.hpp"

#include <vector>

namespace specflow::sim {

// One ICB's allocation in one financial year (DESIGN.md §4 outputs).
struct IcbAllocation {
    entities::IcbId icb;
    entities::Money baseline; // last FY's allocation (first FY: derived or given)
    entities::Money target;   // this FY's needs-based target (targets sum to the budget)
    double target_before = 0; // the target the DfT before is measured against, pence
    double dft_before = 0;    // baseline / target_before − 1
    double dft_after = 0;     // allocation / target − 1
    double growth = 0;        // allocation / baseline − 1
    entities::Money allocation;
    rules::AllocationPartition parts; // HCDD, delegable, not ready, retained lines
    entities::Money delegated;        // held by the ICB: the delegable part if it is delegated
    entities::Money retained;         // held by NHS England: everything else but HCDD
    entities::DelegationStatus status = entities::DelegationStatus::joint;
    bool ringfenced = false;
};

// A reconfiguration's FY: the part of an old ICB's allocation of the year before that a new ICB
// takes as baseline (the old ICB's population share of it, to the penny).
struct CarriedAllocation {
    entities::IcbId from;
    entities::IcbId to;
    std::int64_t share_micro = 0;
    entities::Money allocation;
};

struct YearAllocation {
    entities::FinancialYear year{2024};
    entities::Money budget;
    std::vector<IcbAllocation> icbs;        // the FY's ICBs, in the scenario's ICB order
    std::vector<CarriedAllocation> carried; // a reconfiguration's FY: in the mapping's order
};

// Runs the allocation pipeline for `years` financial years from the scenario's first: targets,
// baselines, convergence, HCDD partition and delegation; each year's allocations become the
// next year's baselines; a reconfiguration (DESIGN.md §8a) carries them to the new ICBs, whose
// targets are their own. Throws InfeasiblePolicy naming the parameter, its place in the
// scenario file and the feasible range — also (parameter "years") when the scenario defines
// fewer years than asked for, or has no [allocation].
[[nodiscard]] std::vector<YearAllocation> plan_allocations(const entities::Scenario& scenario,
                                                           int years);

} // namespace specflow::sim
