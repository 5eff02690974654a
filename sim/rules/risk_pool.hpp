#pragma once

#include "entities/money.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace specflow::sim::rules {

// One settlement of a regional risk pool (DESIGN.md §6).
struct RiskPoolInput {
    // Per member: budget − spend for the settlement period (+ underspend, − overspend).
    std::span<const entities::Money> variances;
    // Per member, ≥ 0, at least one > 0: the basis the pooled result is shared by (allocations
    // in pence by default).
    std::span<const std::int64_t> basis_weights;
    // Each member bears alone the first `threshold` of its overspend and keeps the first
    // `threshold` of its underspend; only the part beyond enters the pool. Empty: no threshold.
    std::optional<entities::Money> threshold = std::nullopt;
    // No member's transfer, in or out, exceeds this in magnitude. Empty: no cap.
    std::optional<entities::Money> cap = std::nullopt;
};

// Settles a risk pool; returns one transfer per member: > 0 the member receives from the pool,
// < 0 it pays in. The transfers always sum to zero exactly: the pool creates no money.
//
// The rule, in order:
// 1. A member's pooled variance is the part of its variance beyond ±threshold, sign kept, and
//    zero if the variance lies within the threshold (all of it when there is no threshold).
// 2. The pool's result P is the sum of the pooled variances. Each member's share s_i of P is P
//    split by the basis weights, largest remainder, so that the shares sum to P exactly (a
//    negative P splits as the mirror of a positive one).
// 3. The transfer is s_i − pooled_i, so after settlement each member's pooled position equals
//    its basis share of the total.
// 4. With a cap, each transfer is clamped to [−cap, cap]. Clamping one side more than the other
//    leaves the transfers summing to some D ≠ 0; the side that is now too large (payers when
//    D < 0, receivers when D > 0) is scaled down in proportion to its transfers' magnitudes:
//    |D| is split over them by largest remainder and taken off each. Because |D| is at most that
//    side's total magnitude, no transfer crosses zero and none moves away from zero, so the cap
//    still holds and one pass restores a sum of zero.
//
// Throws std::invalid_argument on a programmer error (the loader validates user input): sizes
// that differ, a negative weight, all weights zero, a negative threshold or cap.
[[nodiscard]] std::vector<entities::Money> settle_risk_pool(const RiskPoolInput& input);

} // namespace specflow::sim::rules
