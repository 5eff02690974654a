// The settlements of the monthly cycle (DESIGN.md §6), each an event the year's
// SettlementSchedule put on the calendar: lead-ICB recharges, the arbiter's rulings on
// disputes, and risk pools; and the month-close check of the ledger against the observations.

#include "sim/rules/activity_value.hpp"
#include "sim/rules/lead_icb.hpp"
#include "sim/rules/risk_pool.hpp"
#include "sim/runners/replication_cycle.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace specflow::sim::cycle {

using entities::Money;

namespace {

// Each participant's share of the open period by the arrangement's basis (DESIGN.md §6), in
// pence or milli-cases; and the plan's shares, the fallback when every share is zero.
struct PeriodShares {
    std::vector<std::int64_t> shares;
    std::vector<std::int64_t> plan;
};

PeriodShares period_shares(const entities::Scenario& scenario,
                           const entities::LeadArrangement& arrangement,
                           const ArrangementBook& book) {
    PeriodShares out;
    for (std::size_t i = 0; i < arrangement.participants.size(); ++i) {
        const auto& participant = book.participants[i];
        const auto plan = rules::pence_of_milli_pence(participant.plan_milli_pence).pence();
        out.plan.push_back(plan);
        switch (arrangement.basis) {
        case entities::RechargeBasis::value:
            out.shares.push_back(
                rules::pence_of_milli_pence(participant.value_milli_pence).pence());
            break;
        case entities::RechargeBasis::activity:
            out.shares.push_back(participant.activity_milli);
            break;
        case entities::RechargeBasis::plan:
            out.shares.push_back(plan);
            break;
        case entities::RechargeBasis::allocation:
            out.shares.push_back(scenario.icbs[arrangement.participants[i].index()].budget.pence());
            break;
        }
    }
    return out;
}

} // namespace

// The host recharges each participant its fair share of what it paid the providers in the
// period, by the arrangement's basis. A participant under dispute withholds part of its due in
// cash, but owes it all: its spend is the whole due (DESIGN.md §6).
void Replication::settle_arrangement(entities::ArrangementId a, int month) {
    const auto& arrangement = scenario_->lead_arrangements[a.index()];
    const auto& participants = arrangement.participants;
    const auto& schedule = model_->settlements();
    auto& book = arrangements_[a];
    const auto host_at = schedule.host_at(a);
    const auto shares = period_shares(*scenario_, arrangement, book);
    const auto recharge = rules::recharge({book.host_paid, shares.shares, host_at}, shares.plan);
    for (std::size_t i = 0; i < participants.size(); ++i) {
        auto& participant = book.participants[i];
        Money withheld;
        if (i != host_at) {
            const auto withheld_bp = schedule.withheld_bp(a, static_cast<std::uint32_t>(i), month);
            if (withheld_bp > 0) {
                withheld = rules::dispute(recharge.due[i], withheld_bp).withheld;
            }
            recharge_icb(participants[i], arrangement.host, recharge.due[i],
                         recharge.due[i] - withheld);
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
        participant.value_milli_pence = 0;
        participant.plan_milli_pence = 0;
    }
    book.host_paid = Money{};
}

// Each month, a host pays its hub's own cost, which joins what it recharges (on the same basis).
void Replication::pay_hosting_costs(int month) {
    for (const auto a : arrangements_.ids()) {
        const auto& arrangement = scenario_->lead_arrangements[a.index()];
        if (arrangement.hosting_cost.is_zero()) {
            continue;
        }
        const Money instalment = arrangement.hosting_cost.split_part(12, month - 1);
        ledger_.transfer(holder(arrangement.host), hosting_, instalment);
        icbs_[arrangement.host].spend += instalment;
        icbs_[arrangement.host].hosting += instalment;
        arrangements_[a].host_paid += instalment;
    }
}

// The cash each host carries for the other participants at a month's end: their shares of what
// it has paid in the open settlement period, and what they withhold under dispute.
Replication::IcbExposures Replication::host_exposures() const {
    IcbExposures exposure(icbs_.size());
    for (const auto a : arrangements_.ids()) {
        const auto& arrangement = scenario_->lead_arrangements[a.index()];
        const auto& book = arrangements_[a];
        Money carried;
        if (!book.host_paid.is_zero()) {
            const auto host_at = model_->settlements().host_at(a);
            const auto shares = period_shares(*scenario_, arrangement, book);
            const auto recharge =
                rules::recharge({book.host_paid, shares.shares, host_at}, shares.plan);
            carried += book.host_paid - recharge.due[host_at];
        }
        for (const auto& participant : book.participants) {
            carried += participant.outstanding;
        }
        exposure[arrangement.host] += carried;
    }
    return exposure;
}

// The arbiter's ruling: what a participant withheld under dispute is paid to the host. It was
// in the participant's spend since the settlement it was withheld at, so only cash moves now.
void Replication::rule_on_dispute(const SettlementSchedule::Ruling& ruling, int month) {
    const auto& arrangement = scenario_->lead_arrangements[ruling.arrangement.index()];
    const auto participant = arrangement.participants[ruling.participant_at];
    auto& owed = arrangements_[ruling.arrangement].participants[ruling.participant_at].outstanding;
    if (owed.is_zero()) {
        return;
    }
    if (holder(participant) != holder(arrangement.host)) {
        ledger_.transfer(holder(participant), holder(arrangement.host), owed);
    }
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
// their spend, investments and released or reserved underspends, plus pool transfers, to date,
// with what is owed under dispute still in the participants' cash rather than the hosts'.
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
    // A sum withheld under dispute is spent by the participant but still in its cash, and
    // earned by the host but not yet in its cash.
    for (const auto a : arrangements_.ids()) {
        const auto& arrangement = scenario_->lead_arrangements[a.index()];
        const auto host_region = scenario_->icbs[arrangement.host.index()].region;
        for (std::size_t k = 0; k < arrangement.participants.size(); ++k) {
            const Money owed = arrangements_[a].participants[k].outstanding;
            reported[scenario_->icbs[arrangement.participants[k].index()].region] += owed;
            reported[host_region] -= owed;
        }
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
