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
// (1 + cap) rounded down). ICBs whose relative distance from target — (B / ΣB) / (T / ΣT) − 1 —
// lies within ±tolerance get the common growth.
//
// level_up: every ICB gets the common growth g (the floor while money is short); ICBs more
//   than the tolerance below target are lifted to a common distance −X below target, each
//   limited by the cap, X ≥ tolerance solved by bisection. If all of them reach −tolerance
//   and money is left, g rises above the floor for everyone until the budget is spent.
// pace: each ICB outside the band closes pace × its gap to the band's edge (against targets
//   scaled to the baseline total), plus a uniform growth u solved by bisection; growth is
//   clamped to [floor, cap].
//
// Throws InfeasiblePolicy, naming the parameter and the feasible range, when the floor is above
// the cap, the floor alone exceeds the budget, or the cap cannot spend it.
[[nodiscard]] std::vector<entities::Money> converge(const ConvergenceInput& input);

} // namespace specflow::sim::rules
