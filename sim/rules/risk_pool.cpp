#include "sim/rules/risk_pool.hpp"

#include <algorithm>
#include <stdexcept>

namespace specflow::sim::rules {

using entities::Money;

namespace {

void validate(const RiskPoolInput& in) {
    if (in.variances.size() != in.basis_weights.size()) {
        throw std::invalid_argument("settle_risk_pool: one basis weight per member is needed");
    }
    bool any_positive = false;
    for (const auto weight : in.basis_weights) {
        if (weight < 0) {
            throw std::invalid_argument("settle_risk_pool: basis weights must not be negative");
        }
        any_positive = any_positive || weight > 0;
    }
    if (!any_positive) {
        throw std::invalid_argument("settle_risk_pool: at least one basis weight must be positive");
    }
    if (in.threshold && in.threshold->is_negative()) {
        throw std::invalid_argument("settle_risk_pool: the threshold must not be negative");
    }
    if (in.cap && in.cap->is_negative()) {
        throw std::invalid_argument("settle_risk_pool: the cap must not be negative");
    }
}

// The part of `variance` beyond ±threshold, sign kept; zero within the threshold.
Money pooled_part(Money variance, Money threshold) {
    if (variance > threshold) {
        return variance - threshold;
    }
    if (variance < -threshold) {
        return variance + threshold;
    }
    return Money{};
}

// Clamps every transfer to [−cap, cap], then takes the imbalance D off the side that is now too
// large, in proportion to that side's magnitudes (see the header for why one pass suffices).
void apply_cap(std::vector<Money>& transfers, Money cap) {
    Money sum;
    for (auto& transfer : transfers) {
        transfer = std::clamp(transfer, -cap, cap);
        sum += transfer;
    }
    if (sum.is_zero()) {
        return;
    }
    // sum < 0: payers pay in more than receivers take out, so payers are scaled down.
    const bool shrink_payers = sum.is_negative();
    std::vector<std::int64_t> magnitudes(transfers.size(), 0);
    for (std::size_t i = 0; i < transfers.size(); ++i) {
        const bool on_side = shrink_payers ? transfers[i].is_negative() : transfers[i] > Money{};
        if (on_side) {
            magnitudes[i] = shrink_payers ? -transfers[i].pence() : transfers[i].pence();
        }
    }
    const Money excess = shrink_payers ? -sum : sum;
    const auto reductions = excess.split(magnitudes);
    for (std::size_t i = 0; i < transfers.size(); ++i) {
        // Guards money, so it stays on in release builds (STYLE.md habit 5).
        if (reductions[i].pence() > magnitudes[i]) {
            throw std::logic_error("settle_risk_pool: a capped transfer would cross zero");
        }
        transfers[i] += shrink_payers ? reductions[i] : -reductions[i];
    }
}

} // namespace

std::vector<Money> settle_risk_pool(const RiskPoolInput& in) {
    validate(in);
    const Money threshold = in.threshold.value_or(Money{});
    std::vector<Money> pooled;
    pooled.reserve(in.variances.size());
    Money pool_total;
    for (const auto variance : in.variances) {
        pooled.push_back(pooled_part(variance, threshold));
        pool_total += pooled.back();
    }
    const auto shares = pool_total.split(in.basis_weights);
    std::vector<Money> transfers;
    transfers.reserve(pooled.size());
    for (std::size_t i = 0; i < pooled.size(); ++i) {
        transfers.push_back(shares[i] - pooled[i]);
    }
    if (in.cap) {
        apply_cap(transfers, *in.cap);
    }
    Money check;
    for (const auto transfer : transfers) {
        check += transfer;
    }
    if (!check.is_zero()) {
        throw std::logic_error("settle_risk_pool: the transfers do not net to zero");
    }
    return transfers;
}

} // namespace specflow::sim::rules
