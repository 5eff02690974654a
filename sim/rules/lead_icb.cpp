#include "sim/rules/lead_icb.hpp"

#include <algorithm>
#include <stdexcept>

namespace specflow::sim::rules {

using entities::Money;

namespace {

constexpr std::int32_t k_basis_points = 10'000;

// True when some share is positive; throws on a negative one.
bool any_positive(std::span<const std::int64_t> shares) {
    if (std::any_of(shares.begin(), shares.end(), [](std::int64_t s) { return s < 0; })) {
        throw std::invalid_argument("recharge: shares must not be negative");
    }
    return std::any_of(shares.begin(), shares.end(), [](std::int64_t s) { return s > 0; });
}

} // namespace

Recharge recharge(const RechargeInput& in, std::span<const std::int64_t> fallback_shares) {
    if (in.host_index >= in.shares.size()) {
        throw std::invalid_argument("recharge: the host index must name a participant");
    }
    if (any_positive(in.shares)) {
        return {.due = in.host_payments.split(in.shares), .fell_back = false};
    }
    if (fallback_shares.size() != in.shares.size()) {
        throw std::invalid_argument("recharge: one fallback share per participant is needed");
    }
    if (any_positive(fallback_shares)) {
        return {.due = in.host_payments.split(fallback_shares), .fell_back = true};
    }
    Recharge out{.due = std::vector<Money>(in.shares.size()), .fell_back = true};
    out.due[in.host_index] = in.host_payments;
    return out;
}

DisputeOutcome dispute(Money due, std::int32_t withheld_bp) {
    if (withheld_bp < 0 || withheld_bp > k_basis_points) {
        throw std::invalid_argument("dispute: withheld_bp must be in 0..10,000");
    }
    const Money withheld = due.scale(withheld_bp, k_basis_points, entities::Rounding::nearest_even);
    return {.paid = due - withheld, .withheld = withheld};
}

} // namespace specflow::sim::rules
