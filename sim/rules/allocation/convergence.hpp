#pragma once

#include "entities/allocation_policy.hpp"
#include "entities/money.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace specflow::sim::rules {

// One financial year's convergence problem: move each ICB from its baseline towards its target
// within [floor, cap] growth so that the allocations add up to the budget exactly.
struct ConvergenceInput {
    entities::ConvergencePolicy policy = entities::ConvergencePolicy::level_up;
    std::span<const entities::Money> baselines;
    std::span<const entities::Money> targets; // sum to the budget
    entities::Money budget;
    std::int32_t floor_growth_bp = 0;
    std::int32_t cap_growth_bp = 0;
    std::int32_t tolerance_bp = 0;
    std::int32_t pace_bp = 0;
};

// Allocations in pence, summing to the budget exactly, each within the floor and cap of its
// baseline (to the penny: never below baseline × (1 + floor) rounded up, nor above baseline ×
// (1 + cap) rounded down). Both policies keep DESIGN.md §4.3's principles for any inputs.
//
// Distances are relative DfTs, d = (B / ΣB) / (T / ΣT) − 1: the national DfT is taken out, so
// that the band is centred on the average ICB. With t = T × budget / ΣT and g = budget / ΣB − 1
// (the average growth, between floor and cap whenever the policy is feasible), the allocation
// keep = B × (1 + g) = t × (1 + d) leaves an ICB's relative DfT where it was.
//
// Inside the band (|d| ≤ tolerance) every ICB gets keep: the common growth g, so it keeps its
// DfT and stays in the band. Outside it, growth is a continuous function of d alone that never
// rises with d, equal to g at the band's edges, so there is no cliff there and no overtaking
// (the order of DfTs after is the order before). Money moves only between the two sides:
//
// level_up ("levelling up, not redirecting"): ICBs below the band are lifted to a common
//   distance −X below target (never lowered, each limited by its cap); those above are pulled
//   down to +Y (never raised, each limited by its floor), so that their growth falls from g at
//   +Y towards the floor with distance above. X, Y ≥ tolerance: whichever side moves less money
//   at X = Y = tolerance moves exactly that, and the other side's distance is solved by
//   bisection so that what one side gives the other receives. A zero target counts as
//   infinitely far above: the floor, until everyone else above is back at keep.
// pace: ICBs below the band close a share of the gap between keep and the band's lower edge,
//   those above a share of their gap to the upper edge, growth clamped to [floor, cap]. The
//   side that moves less money at the full pace moves at the full pace; the other side's share
//   (at most the pace) is solved by bisection so that the money balances.
//
// The floor and cap enter the solve as whole pence (a zero baseline's are both zero), so the
// money they add or remove is balanced there; the real allocations are then rounded to whole
// pence within them, the last pennies handed out by largest remainder, ties to the earlier ICB.
//
// Throws InfeasiblePolicy, naming the parameter and the feasible range, when the floor is above
// the cap, the floor alone exceeds the budget, or the cap cannot spend it.
[[nodiscard]] std::vector<entities::Money> converge(const ConvergenceInput& input);

} // namespace specflow::sim::rules
