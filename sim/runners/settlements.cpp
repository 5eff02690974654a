// The settlements of the monthly cycle (DESIGN.md §6), each an event the year's
// SettlementSchedule put on the calendar: lead-ICB recharges, the arbiter's rulings on
// disputes, and risk pools; and the month-close check of the ledger against the observations.

#include "sim/rules/lead_icb.hpp"
#include "sim/rules/risk_pool.hpp"
#include "sim/runners/replication_cycle.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace specflow::sim::cycle {

using entities::Money;

// The host recharges each participant its fair share of what it paid the providers in the
// period, by the arrangement's basis; a participant under dispute withholds part of its due.
void Replication::settle_arrangement(entities::ArrangementId a, int month) {
    const auto& arrangement = scenario_->lead_arrangements[a.index()];
    const auto& participants = arrangement.participants;
    const auto& schedule = model_->settlements();
    auto& book = arrangements_[a];
    const auto host_at = schedule.host_at(a);
    std::vector<std::int64_t> activity;
    std::vector<std::int64_t> plan;
    std::vector<std::int64_t> budgets;
    for (std::size_t i = 0; i < participants.size(); ++i) {
        activity.push_back(book.participants[i].activity_milli);
        plan.push_back(book.participants[i].plan_milli);
        budgets.push_back(scenario_->icbs[participants[i].index()].budget.pence());
    }
    const auto& shares = arrangement.basis == entities::RechargeBasis::activity ? activity
                         : arrangement.basis == entities::RechargeBasis::plan   ? plan
                                                                                : budgets;
    const auto recharge = rules::recharge({book.host_paid, shares, host_at}, plan);
    for (std::size_t i = 0; i < participants.size(); ++i) {
        auto& participant = book.participants[i];
        Money withheld;
        if (i != host_at) {
            const auto withheld_bp = schedule.withheld_bp(a, static_cast<std::uint32_t>(i), month);
            if (withheld_bp > 0) {
                withheld = rules::dispute(recharge.due[i], withheld_bp).withheld;
            }
            move_budget(participants[i], arrangement.host, recharge.due[i] - withheld);
            participant.outstanding += withheld;
        }
        sink_.on_recharge({.replication = key_.replication,
                           .month = when(month),
                           .arrangement = a,
                           .participant = participants[i],
                           .host_paid = book.host_paid,
                           .due = recharge.due[i],
                           .paid = i == host_at ? Money{} : recharge.due[i] - withheld,
                           .withheld = withheld,
                           .outstanding = participant.outstanding,
                           .fell_back = recharge.fell_back});
        participant.activity_milli = 0;
        participant.plan_milli = 0;
    }
    book.host_paid = Money{};
}

// The arbiter's ruling: what a participant withheld under dispute is paid to the host.
void Replication::rule_on_dispute(const SettlementSchedule::Ruling& ruling, int month) {
    const auto& arrangement = scenario_->lead_arrangements[ruling.arrangement.index()];
    const auto participant = arrangement.participants[ruling.participant_at];
    auto& owed = arrangements_[ruling.arrangement].participants[ruling.participant_at].outstanding;
    if (owed.is_zero()) {
        return;
    }
    move_budget(participant, arrangement.host, owed);
    sink_.on_recharge({.replication = key_.replication,
                       .month = when(month),
                       .arrangement = ruling.arrangement,
                       .participant = participant,
                       .paid = owed});
    owed = Money{};
}

// Every ICB's month joins the settlement period of its pool.
void Replication::add_pool_period() {
    for (auto& icb : icbs_) {
        icb.pool_period_variance += icb.budget - icb.spend;
    }
}

void Replication::settle_pool(entities::PoolId p, int month) {
    const auto& pool = scenario_->risk_pools[p.index()];
    const auto account = pools_[p].account;
    std::vector<Money> variances;
    std::vector<std::int64_t> weights;
    for (const auto member : pool.members) {
        variances.push_back(icbs_[member].pool_period_variance);
        weights.push_back(scenario_->icbs[member.index()].budget.pence());
    }
    if (std::all_of(weights.begin(), weights.end(), [](std::int64_t w) { return w == 0; })) {
        std::fill(weights.begin(), weights.end(), 1); // no budgets: share equally
    }
    const auto transfers = rules::settle_risk_pool({variances, weights, pool.threshold, pool.cap});
    // Payers first, so the pool never lends what it has not received.
    for (const bool paying : {true, false}) {
        for (std::size_t i = 0; i < pool.members.size(); ++i) {
            const auto member = pool.members[i];
            if (transfers[i].is_negative() == paying && !transfers[i].is_zero()) {
                ledger_.transfer(account, holder(member), transfers[i]);
                icbs_[member].pool += transfers[i];
            }
        }
    }
    if (!ledger_.balance(account).is_zero()) {
        throw LedgerImbalance(
            fmt::format("{}: risk pool {} does not net to zero", when(month).label(), pool.code));
    }
    for (std::size_t i = 0; i < pool.members.size(); ++i) {
        sink_.on_pool_settlement(
            {key_.replication, when(month), p, pool.members[i], variances[i], transfers[i]});
        icbs_[pool.members[i]].pool_period_variance = Money{};
    }
}

// The ledger must agree with what the observations say: each provider's balance is its
// income less its costs to date; each region's, with its ICBs', is its ICBs' budgets less
// their spend, investments and released or reserved underspends, plus pool transfers, to date.
void Replication::check_cross_footing(int month) const {
    for (const auto& provider : providers_) {
        if (ledger_.balance(provider.account) != provider.net_to_date) {
            throw LedgerImbalance(fmt::format("{}: {} balance differs from income less cost",
                                              when(month).label(), ledger_.name(provider.account)));
        }
    }
    entities::IdVector<entities::RegionId, Money> held(regions_.size());
    entities::IdVector<entities::RegionId, Money> reported(regions_.size());
    for (const auto r : regions_.ids()) {
        held[r] = ledger_.balance(regions_[r]);
    }
    for (const auto i : icbs_.ids()) {
        const auto r = scenario_->icbs[i.index()].region;
        held[r] += ledger_.balance(icbs_[i].account);
        reported[r] += icbs_[i].net_to_date;
    }
    for (const auto r : regions_.ids()) {
        if (held[r] != reported[r]) {
            throw LedgerImbalance(
                fmt::format("{}: {} and its ICBs hold {} but their budgets less spend come to {}",
                            when(month).label(), ledger_.name(regions_[r]),
                            held[r].to_pounds_string(), reported[r].to_pounds_string()));
        }
    }
}

} // namespace specflow::sim::cycle
