#pragma once

#include "entities/money.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace specflow::sim::rules {

// The basis (entities::RechargeBasis) decides what the shares are: actual or planned cases
// (milli-cases) or delegable budgets (pence); the rule only splits by them.
struct RechargeInput {
    // What the host paid the provider in the period.
    entities::Money host_payments;
    // Per participant, the host included, in the basis's unit; each ≥ 0.
    std::span<const std::int64_t> shares;
    // Which participant is the host.
    std::size_t host_index = 0;
};

struct Recharge {
    // Per participant; sums to host_payments exactly. due[host] is the host's own share.
    std::vector<entities::Money> due;
    // The shares were all zero, so the fallback shares (or the host alone) were used.
    bool fell_back = false;
};

// Shares the host's payments among the participants by largest remainder. When every share is
// zero (on the activity basis: no activity at all in the period) the fallback shares are used
// instead (the caller passes plan shares) and fell_back is set; when those are all zero too, the
// host bears everything. Throws std::invalid_argument on a programmer error: a host index out
// of range, a negative share, or fallback shares of another length when they are needed.
[[nodiscard]] Recharge recharge(const RechargeInput& input,
                                std::span<const std::int64_t> fallback_shares);

struct DisputeOutcome {
    entities::Money paid;     // paid to the host now
    entities::Money withheld; // carried by the host until arbitration
};

// A participant disputing `withheld_bp` basis points (0..10,000) of its due pays the rest now;
// the host carries the withheld sum until arbitration. withheld = due × bp / 10,000 to the
// nearest penny, ties to even; paid + withheld == due. Throws std::invalid_argument for a
// withheld_bp outside 0..10,000.
[[nodiscard]] DisputeOutcome dispute(entities::Money due, std::int32_t withheld_bp);

} // namespace specflow::sim::rules
