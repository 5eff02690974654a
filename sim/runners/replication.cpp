#include "sim/runners/replication.hpp"

#include "entities/accrual.hpp"
#include "sim/kernel/event_calendar.hpp"
#include "sim/kernel/ledger.hpp"
#include "sim/rules/activity.hpp"
#include "sim/rules/api.hpp"
#include "sim/rules/block.hpp"
#include "sim/rules/lead_icb.hpp"
#include "sim/rules/lva_value.hpp"
#include "sim/rules/provider_cost.hpp"
#include "sim/rules/risk_pool.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

namespace specflow::sim {

using entities::Accrual;
using entities::ContractKind;
using entities::FinancialMonth;
using entities::Int128;
using entities::Money;
using entities::Rounding;

namespace {

// The steps of the monthly cycle; the phase of each is its value.
enum class Step : std::int32_t {
    year_start = 0,
    fixed_payments = 1,
    activity = 2,
    variable_payments = 3,
    settlements = 4, // lead-ICB recharges, disputes, risk pools
    month_close = 5,
    year_end = 6, // ringfence and release of underspends, LVA history
};

constexpr std::size_t k_kinds = 4;

Money pence_of(Int128 milli_pence) {
    return Money::from_pence(entities::narrow_checked(
        entities::divide_rounded(milli_pence, rules::k_milli_pence_per_penny, Rounding::nearest_even),
        "activity value"));
}

bool settles(entities::Settlement settlement, int month) {
    switch (settlement) {
    case entities::Settlement::monthly: return true;
    case entities::Settlement::quarterly: return month % 3 == 0;
    case entities::Settlement::year_end: return month == 12;
    }
    return false;
}

class Replication {
public:
    Replication(std::vector<const Model*> years, StreamKey key, ObservationSink& sink,
                const ReplicationOptions& options = {});
    void run();

private:
    void open_accounts();
    void index_income_pairs();
    void on_year_start(std::size_t year);
    void set_contract_terms(std::size_t year);
    void on_fixed_payments(int month);
    void on_activity(int month, std::uint32_t month_index);
    void on_variable_payments(int month);
    void on_settlements(int month);
    void settle_arrangement(std::size_t a, int month);
    void settle_disputes(int month);
    void settle_pool(std::size_t p, int month);
    void on_month_close(int month, std::int32_t month_index);
    void on_year_end();
    void emit_month(int month);
    void pay(std::size_t contract, Money amount);
    void move_budget(std::size_t from_icb, std::size_t to_icb, Money amount);
    void check_cross_footing(int month) const;
    [[nodiscard]] FinancialMonth when(int month) const { return {scenario_->first_year, month}; }
    [[nodiscard]] bool delegated(std::size_t icb) const {
        return scenario_->icbs[icb].delegation == entities::DelegationStatus::delegated;
    }
    // Who holds an ICB population's delegable money: the ICB when delegated, else its region.
    [[nodiscard]] AccountId holder(std::size_t icb) const {
        return delegated(icb) ? icb_accounts_[icb]
                              : region_accounts_[scenario_->icbs[icb].region.index()];
    }
    // The ICB whose budget a contract's payments come from: a lead arrangement's host, or the payer.
    [[nodiscard]] std::optional<std::size_t> paying_icb(std::size_t contract) const {
        const auto& c = scenario_->contracts[contract];
        if (c.payer.is_nhse()) {
            return std::nullopt;
        }
        if (const auto a = model_->contract_arrangement(contract)) {
            return scenario_->lead_arrangements[*a].host.index();
        }
        return c.payer.icb->index();
    }

    std::vector<const Model*> years_;
    const Model* model_;
    const entities::Scenario* scenario_;
    std::size_t year_ = 0;
    StreamKey key_;
    RandomStream stream_;
    ObservationSink& sink_;
    Ledger ledger_{"national budget"};

    AccountId nhse_ = 0;
    AccountId hcdd_ = 0;
    AccountId external_costs_ = 0;
    AccountId local_pathways_ = 0;
    AccountId reserves_ = 0;
    AccountId released_ = 0;
    std::vector<AccountId> region_accounts_;
    std::vector<AccountId> icb_accounts_;
    std::vector<AccountId> provider_accounts_;
    std::vector<AccountId> pool_accounts_;

    // Per contract (contracts are only ever appended from one year to the next).
    std::vector<ContractKind> kind_;
    std::vector<Money> value_;
    std::vector<Int128> actual_;        // the month's activity value, milli-pence
    std::vector<std::int64_t> cases_;   // the month's cases, thousandths
    std::vector<Accrual> accruals_;
    std::vector<Money> income_month_;
    std::vector<Int128> year_value_;    // this FY's activity value, milli-pence
    std::vector<std::vector<Money>> history_; // actual activity value per past FY
    std::vector<std::vector<entities::ServiceLineId>> covered_; // the lines history_ is for
    std::vector<std::size_t> pair_;     // (provider, payer) pair of each contract
    std::vector<std::pair<entities::ProviderId, entities::Payer>> pairs_;
    std::vector<Money> group_income_;   // pair × kind
    std::vector<bool> group_present_;

    // Per provider.
    std::vector<Int128> marginal_units_;
    std::vector<Accrual> cost_accruals_;
    std::vector<Money> provider_income_;
    std::vector<Money> provider_cost_;
    std::vector<Int128> unfunded_units_;
    std::vector<Money> provider_net_to_date_;

    // Per ICB.
    std::vector<Money> icb_budget_;
    std::vector<Money> icb_spend_;
    std::vector<Money> icb_pool_;
    std::vector<Money> icb_investment_;
    std::vector<Money> icb_reserve_;
    std::vector<Money> icb_released_;
    std::vector<Money> icb_net_to_date_;  // what the ICB population's holdings should be
    std::vector<Money> icb_year_net_;     // this FY's budget − spend + pool transfers
    std::vector<Money> pool_period_variance_;

    // Per lead arrangement.
    std::vector<Money> host_paid_;                      // in the settlement period
    std::vector<std::vector<std::int64_t>> activity_;   // per participant, cases in the period
    std::vector<std::vector<std::int64_t>> plan_;       // per participant, planned cases
    std::vector<std::vector<Money>> outstanding_;       // withheld under dispute, per participant

    // Watched flows: this FY's cases and value so far.
    std::vector<std::size_t> watched_;
    std::vector<std::int64_t> watched_cases_;
    std::vector<Int128> watched_value_;
};

Replication::Replication(std::vector<const Model*> years, StreamKey key, ObservationSink& sink,
                         const ReplicationOptions& options)
    : years_(std::move(years)), model_(years_.at(0)), scenario_(&model_->scenario()), key_(key),
      stream_(key), sink_(sink), watched_(options.watched_flows) {
    watched_cases_.assign(watched_.size(), 0);
    watched_value_.assign(watched_.size(), 0);
    std::size_t contracts = 0;
    for (const auto* year : years_) {
        if (key.replication > 0 && year->sampling() != Sampling::poisson) {
            throw std::logic_error("run_replication: a stochastic replication needs Poisson tables");
        }
        const auto& s = year->scenario();
        if (s.icbs.size() != scenario_->icbs.size() || s.providers.size() != scenario_->providers.size() ||
            s.regions.size() != scenario_->regions.size() || s.contracts.size() < contracts) {
            throw std::logic_error("run_replication: every year must have the same entities");
        }
        contracts = s.contracts.size();
    }
    const auto providers = scenario_->providers.size();
    const auto icbs = scenario_->icbs.size();
    kind_.assign(contracts, ContractKind::block);
    value_.assign(contracts, Money{});
    actual_.assign(contracts, 0);
    cases_.assign(contracts, 0);
    accruals_.assign(contracts, Accrual(rules::k_api_units_per_penny));
    income_month_.assign(contracts, Money{});
    year_value_.assign(contracts, 0);
    history_.assign(contracts, {});
    covered_.resize(contracts);
    for (std::size_t c = 0; c < scenario_->contracts.size(); ++c) {
        covered_[c] = scenario_->contracts[c].service_lines;
    }
    marginal_units_.assign(providers, 0);
    cost_accruals_.assign(providers, Accrual(rules::k_milli_pence_per_penny));
    provider_income_.assign(providers, Money{});
    provider_cost_.assign(providers, Money{});
    unfunded_units_.assign(providers, 0);
    provider_net_to_date_.assign(providers, Money{});
    for (auto* v : {&icb_budget_, &icb_spend_, &icb_pool_, &icb_investment_, &icb_reserve_,
                    &icb_released_, &icb_net_to_date_, &icb_year_net_, &pool_period_variance_}) {
        v->assign(icbs, Money{});
    }
    for (const auto& arrangement : scenario_->lead_arrangements) {
        host_paid_.emplace_back();
        activity_.emplace_back(arrangement.participants.size(), 0);
        plan_.emplace_back(arrangement.participants.size(), 0);
        outstanding_.emplace_back(arrangement.participants.size(), Money{});
    }
    open_accounts();
    index_income_pairs();
}

void Replication::open_accounts() {
    nhse_ = ledger_.open_account("NHS England");
    for (const auto& region : scenario_->regions) {
        region_accounts_.push_back(ledger_.open_account("region " + region.name));
    }
    for (const auto& icb : scenario_->icbs) {
        icb_accounts_.push_back(ledger_.open_account("ICB " + icb.name));
    }
    for (const auto& provider : scenario_->providers) {
        provider_accounts_.push_back(ledger_.open_account("provider " + provider.name));
    }
    for (const auto& pool : scenario_->risk_pools) {
        pool_accounts_.push_back(ledger_.open_account("risk pool " + pool.code));
    }
    hcdd_ = ledger_.open_account("HCDD central");
    external_costs_ = ledger_.open_account("providers' staff and suppliers");
    local_pathways_ = ledger_.open_account("local pathways (upstream investment)");
    reserves_ = ledger_.open_account("ringfenced specialised reserves");
    released_ = ledger_.open_account("underspends released to ICBs' other budgets");
}

// Income is reported by (provider, payer, kind): pairs numbered in (provider, payer) order,
// NHS England first among payers, over every contract of every year.
void Replication::index_income_pairs() {
    using Key = std::pair<std::uint32_t, std::int64_t>;
    std::map<Key, std::size_t> index;
    const auto& contracts = years_.back()->scenario().contracts;
    const auto key_of = [](const entities::Contract& c) {
        return Key{c.provider.value(), c.payer.is_nhse() ? -1 : static_cast<std::int64_t>(c.payer.icb->value())};
    };
    for (const auto& contract : contracts) {
        index.try_emplace(key_of(contract), 0);
    }
    for (auto& [key, number] : index) {
        number = pairs_.size();
        pairs_.push_back({});
    }
    for (const auto& contract : contracts) {
        const auto number = index.at(key_of(contract));
        pairs_[number] = {contract.provider, contract.payer};
        pair_.push_back(number);
    }
    group_income_.assign(pairs_.size() * k_kinds, Money{});
    group_present_.assign(pairs_.size() * k_kinds, false);
}

void Replication::run() {
    EventCalendar<Step> calendar;
    const auto months = static_cast<std::int32_t>(years_.size()) * entities::k_months_per_year;
    for (std::int32_t m = 0; m < months; ++m) {
        if (m % entities::k_months_per_year == 0) {
            calendar.schedule({m, static_cast<std::int32_t>(Step::year_start)}, Step::year_start);
        }
        for (const auto step : {Step::fixed_payments, Step::activity, Step::variable_payments,
                                Step::settlements, Step::month_close}) {
            calendar.schedule({m, static_cast<std::int32_t>(step)}, step);
        }
        if (m % entities::k_months_per_year == entities::k_months_per_year - 1) {
            calendar.schedule({m, static_cast<std::int32_t>(Step::year_end)}, Step::year_end);
        }
    }
    while (!calendar.empty()) {
        const auto event = calendar.pop();
        const auto month_index = event.time.month_index;
        const int month = month_index % entities::k_months_per_year + 1;
        switch (event.payload) {
        case Step::year_start:
            on_year_start(static_cast<std::size_t>(month_index / entities::k_months_per_year));
            break;
        case Step::fixed_payments: on_fixed_payments(month); break;
        case Step::activity: on_activity(month, static_cast<std::uint32_t>(month_index)); break;
        case Step::variable_payments: on_variable_payments(month); break;
        case Step::settlements: on_settlements(month); break;
        case Step::month_close: on_month_close(month, month_index); break;
        case Step::year_end: on_year_end(); break;
        }
    }
}

// The year's national budget enters; NHS England passes the HCDD contributions to the central
// HCDD budget and keeps the rest, handing regions their ICBs' budgets month by month.
void Replication::on_year_start(std::size_t year) {
    year_ = year;
    model_ = years_[year];
    scenario_ = &model_->scenario();
    ledger_.issue(nhse_, scenario_->national_budget());
    ledger_.transfer(nhse_, hcdd_, scenario_->policy.hcdd_budget);
    for (auto& accrual : accruals_) {
        accrual.reset();
    }
    for (auto& accrual : cost_accruals_) {
        accrual.reset();
    }
    std::fill(icb_year_net_.begin(), icb_year_net_.end(), Money{});
    set_contract_terms(year);
}

// Each contract's kind and value for the year: the year plan's, except that from the second
// year an ICB–provider pair under the LVA threshold is paid by LVA at the rolling average of its
// actual activity value, uplifted, and an LVA pair that has grown past it becomes a block.
void Replication::set_contract_terms(std::size_t year) {
    std::fill(group_present_.begin(), group_present_.end(), false);
    for (std::size_t c = 0; c < scenario_->contracts.size(); ++c) {
        const auto& contract = scenario_->contracts[c];
        if (covered_[c] != contract.service_lines) {
            // A payment basis change took lines off the contract: its past activity no longer
            // describes it, so its rolling average starts afresh.
            history_[c].clear();
            covered_[c] = contract.service_lines;
        }
        const auto was = kind_[c];
        kind_[c] = contract.kind;
        value_[c] = contract.annual_value;
        if (year > 0 && !contract.payer.is_nhse() && !history_[c].empty()) {
            const auto rolling = rules::lva_value(history_[c], scenario_->policy.price_uplift_bp);
            Int128 planned = 0;
            for (int m = 1; m <= 12; ++m) {
                planned += model_->contract_planned_value(c, m);
            }
            const auto tested = was == ContractKind::lva ? rolling
                                : contract.kind == ContractKind::activity ? pence_of(planned)
                                                                          : contract.annual_value;
            if (tested < scenario_->policy.lva_threshold) {
                kind_[c] = ContractKind::lva;
                value_[c] = rolling;
            } else if (was == ContractKind::lva) {
                kind_[c] = ContractKind::block;
                value_[c] = rolling;
            }
        }
        group_present_[pair_[c] * k_kinds + static_cast<std::size_t>(kind_[c])] = true;
    }
}

void Replication::pay(std::size_t contract, Money amount) {
    const auto& c = scenario_->contracts[contract];
    const auto provider = c.provider.index();
    const auto icb = paying_icb(contract);
    ledger_.transfer(icb ? holder(*icb) : nhse_, provider_accounts_[provider], amount);
    provider_income_[provider] += amount;
    income_month_[contract] += amount;
    if (icb) {
        icb_spend_[*icb] += amount;
        if (const auto a = model_->contract_arrangement(contract)) {
            host_paid_[*a] += amount;
        }
    }
}

// Money one ICB population's budget pays another's (recharges, settled disputes).
void Replication::move_budget(std::size_t from_icb, std::size_t to_icb, Money amount) {
    if (holder(from_icb) != holder(to_icb)) {
        ledger_.transfer(holder(from_icb), holder(to_icb), amount);
    }
    icb_spend_[from_icb] += amount;
    icb_spend_[to_icb] -= amount;
}

// Phase 1: each ICB's budget instalment goes to its region, which passes it on to the ICB if
// delegated; upstream investments are paid; then the fixed payments of block, API and LVA
// contracts, less any payment cut.
void Replication::on_fixed_payments(int month) {
    for (const auto& icb : scenario_->icbs) {
        const Money instalment = icb.budget.split_part(12, month - 1);
        ledger_.transfer(nhse_, region_accounts_[icb.region.index()], instalment);
        if (delegated(icb.id.index())) {
            ledger_.transfer(region_accounts_[icb.region.index()], icb_accounts_[icb.id.index()],
                             instalment);
        }
        icb_budget_[icb.id.index()] = instalment;
    }
    for (const auto& investment : model_->investments(month)) {
        ledger_.transfer(icb_accounts_[investment.icb.index()], local_pathways_, investment.amount);
        icb_investment_[investment.icb.index()] += investment.amount;
    }
    for (std::size_t c = 0; c < scenario_->contracts.size(); ++c) {
        if (kind_[c] == ContractKind::activity) {
            continue;
        }
        // Block, LVA and the API fixed element, at this year's value.
        pay(c, rules::fixed_monthly_payment(value_[c], month, model_->payment_cut_bp(c, month)));
    }
}

// Phase 2: the month's cases per flow, valued at price for the contract and at marginal cost
// for the provider; then provider costs are posted.
void Replication::on_activity(int month, std::uint32_t month_index) {
    const bool expected = key_.replication == 0;
    // A flow's cases this month, in thousandths: a pure function of (seed, replication, flow,
    // month), so a watched flow below gets the same number as in the main loop.
    const auto cases_of = [&](std::size_t f) -> std::int64_t {
        return expected ? model_->expected_milli(f, month)
                        : model_->sampler(f, month).sample(stream_.uniform(
                              static_cast<std::uint32_t>(f), month_index, 0)) *
                              entities::k_milli_per_case;
    };
    for (std::size_t f = 0; f < model_->flow_count(); ++f) {
        const std::int64_t cases_milli = cases_of(f);
        const auto c = model_->flow_contract(f);
        actual_[c] += static_cast<Int128>(cases_milli) * model_->price_pence(f, month);
        cases_[c] += cases_milli;
        marginal_units_[model_->flow_provider(f)] +=
            static_cast<Int128>(cases_milli) * model_->marginal_pence(f, month);
    }
    for (std::size_t w = 0; w < watched_.size(); ++w) {
        const auto f = watched_[w];
        const std::int64_t cases_milli = cases_of(f);
        watched_cases_[w] += cases_milli;
        watched_value_[w] += static_cast<Int128>(cases_milli) * model_->price_pence(f, month);
    }
    for (std::size_t row = 0; row < scenario_->costs.size(); ++row) {
        provider_cost_[scenario_->costs[row].provider.index()] += model_->fixed_cost(row, month);
    }
    for (std::size_t p = 0; p < scenario_->providers.size(); ++p) {
        cost_accruals_[p].add_units(marginal_units_[p]);
        marginal_units_[p] = 0;
        provider_cost_[p] += cost_accruals_[p].settle();
        ledger_.transfer(provider_accounts_[p], external_costs_, provider_cost_[p]);
    }
}

// Phase 3: API variable elements and activity payments, accrued exactly, paid in pence.
void Replication::on_variable_payments(int month) {
    for (std::size_t c = 0; c < scenario_->contracts.size(); ++c) {
        const auto& contract = scenario_->contracts[c];
        const rules::ActivityValue value{actual_[c], model_->contract_planned_value(c, month)};
        year_value_[c] += actual_[c];
        if (const auto a = model_->contract_arrangement(c)) {
            const auto& participants = scenario_->lead_arrangements[*a].participants;
            const auto at = static_cast<std::size_t>(
                std::find(participants.begin(), participants.end(), *contract.payer.icb) -
                participants.begin());
            activity_[*a][at] += cases_[c];
            plan_[*a][at] += model_->contract_planned_cases(c, month);
        }
        actual_[c] = 0;
        cases_[c] = 0;
        auto& unfunded = unfunded_units_[contract.provider.index()];
        switch (kind_[c]) {
        case ContractKind::block:
        case ContractKind::lva:
            unfunded += rules::fixed_payment_unfunded(value) * entities::k_basis_points_per_unit;
            break;
        case ContractKind::api:
            accruals_[c].add_units(rules::api_variable_units(contract, value));
            pay(c, accruals_[c].settle());
            unfunded += rules::api_unfunded_units(contract, value);
            break;
        case ContractKind::activity:
            accruals_[c].add_units(rules::activity_payment_milli_pence(value) *
                                   entities::k_basis_points_per_unit);
            pay(c, accruals_[c].settle());
            break;
        }
    }
}

// Phase 4: lead-ICB recharges, disputes that reach their settlement, risk pools.
void Replication::on_settlements(int month) {
    for (std::size_t a = 0; a < scenario_->lead_arrangements.size(); ++a) {
        if (settles(scenario_->lead_arrangements[a].settlement, month)) {
            settle_arrangement(a, month);
        }
    }
    settle_disputes(month);
    for (std::size_t i = 0; i < scenario_->icbs.size(); ++i) {
        pool_period_variance_[i] += icb_budget_[i] - icb_spend_[i];
    }
    for (std::size_t p = 0; p < scenario_->risk_pools.size(); ++p) {
        if (settles(scenario_->risk_pools[p].settlement, month)) {
            settle_pool(p, month);
        }
    }
}

void Replication::settle_arrangement(std::size_t a, int month) {
    const auto& arrangement = scenario_->lead_arrangements[a];
    const auto& participants = arrangement.participants;
    const auto host_at = static_cast<std::size_t>(
        std::find(participants.begin(), participants.end(), arrangement.host) - participants.begin());
    std::vector<std::int64_t> budgets;
    for (const auto icb : participants) {
        budgets.push_back(scenario_->icbs[icb.index()].budget.pence());
    }
    const auto& shares = arrangement.basis == entities::RechargeBasis::activity ? activity_[a]
                         : arrangement.basis == entities::RechargeBasis::plan   ? plan_[a]
                                                                                : budgets;
    const auto recharge = rules::recharge({host_paid_[a], shares, host_at}, plan_[a]);
    for (std::size_t i = 0; i < participants.size(); ++i) {
        Money withheld;
        if (i != host_at) {
            for (const auto& shock : scenario_->shocks) {
                const auto* dispute = std::get_if<entities::Dispute>(&shock.effect);
                if (dispute && dispute->arrangement == a && dispute->participant == participants[i] &&
                    model_->shock_fraction_bp(shock, month) > 0 && when(month) < dispute->settled) {
                    withheld = rules::dispute(recharge.due[i], dispute->withheld_bp).withheld;
                }
            }
            move_budget(participants[i].index(), arrangement.host.index(), recharge.due[i] - withheld);
            outstanding_[a][i] += withheld;
        }
        sink_.on_recharge({key_.replication, when(month), a, participants[i], host_paid_[a],
                           recharge.due[i], i == host_at ? Money{} : recharge.due[i] - withheld,
                           withheld, outstanding_[a][i], recharge.fell_back});
        activity_[a][i] = 0;
        plan_[a][i] = 0;
    }
    host_paid_[a] = Money{};
}

// A dispute's withheld sums are paid to the host in its settlement month (the arbiter's ruling).
void Replication::settle_disputes(int month) {
    for (const auto& shock : scenario_->shocks) {
        const auto* dispute = std::get_if<entities::Dispute>(&shock.effect);
        if (dispute == nullptr || dispute->settled != when(month)) {
            continue;
        }
        const auto& arrangement = scenario_->lead_arrangements[dispute->arrangement];
        const auto& participants = arrangement.participants;
        const auto i = static_cast<std::size_t>(
            std::find(participants.begin(), participants.end(), dispute->participant) - participants.begin());
        auto& owed = outstanding_[dispute->arrangement][i];
        if (owed.is_zero()) {
            continue;
        }
        move_budget(dispute->participant.index(), arrangement.host.index(), owed);
        sink_.on_recharge({key_.replication, when(month), dispute->arrangement, dispute->participant,
                           Money{}, Money{}, owed, Money{}, Money{}, false});
        owed = Money{};
    }
}

void Replication::settle_pool(std::size_t p, int month) {
    const auto& pool = scenario_->risk_pools[p];
    std::vector<Money> variances;
    std::vector<std::int64_t> weights;
    for (const auto member : pool.members) {
        variances.push_back(pool_period_variance_[member.index()]);
        weights.push_back(scenario_->icbs[member.index()].budget.pence());
    }
    if (std::all_of(weights.begin(), weights.end(), [](std::int64_t w) { return w == 0; })) {
        std::fill(weights.begin(), weights.end(), 1); // no budgets: share equally
    }
    const auto transfers = rules::settle_risk_pool({variances, weights, pool.threshold, pool.cap});
    // Payers first, so the pool never lends what it has not received.
    for (const bool paying : {true, false}) {
        for (std::size_t i = 0; i < pool.members.size(); ++i) {
            const auto member = pool.members[i].index();
            if (transfers[i].is_negative() == paying && !transfers[i].is_zero()) {
                ledger_.transfer(pool_accounts_[p], holder(member), transfers[i]);
                icb_pool_[member] += transfers[i];
            }
        }
    }
    if (!ledger_.balance(pool_accounts_[p]).is_zero()) {
        throw LedgerImbalance(fmt::format("{}: risk pool {} does not net to zero", when(month).label(), pool.code));
    }
    for (std::size_t i = 0; i < pool.members.size(); ++i) {
        sink_.on_pool_settlement({key_.replication, when(month), p, pool.members[i], variances[i], transfers[i]});
        pool_period_variance_[pool.members[i].index()] = Money{};
    }
}

// The ledger must agree with what the observations say: each provider's balance is its
// income less its costs to date; each region's, with its ICBs', is its ICBs' budgets less
// their spend, investments and released or reserved underspends, plus pool transfers, to date.
void Replication::check_cross_footing(int month) const {
    for (std::size_t p = 0; p < provider_accounts_.size(); ++p) {
        if (ledger_.balance(provider_accounts_[p]) != provider_net_to_date_[p]) {
            throw LedgerImbalance(fmt::format("{}: {} balance differs from income less cost",
                                              when(month).label(), ledger_.name(provider_accounts_[p])));
        }
    }
    std::vector<Money> held(region_accounts_.size());
    std::vector<Money> reported(region_accounts_.size());
    for (std::size_t r = 0; r < region_accounts_.size(); ++r) {
        held[r] = ledger_.balance(region_accounts_[r]);
    }
    for (std::size_t i = 0; i < icb_accounts_.size(); ++i) {
        const auto r = scenario_->icbs[i].region.index();
        held[r] += ledger_.balance(icb_accounts_[i]);
        reported[r] += icb_net_to_date_[i];
    }
    for (std::size_t r = 0; r < region_accounts_.size(); ++r) {
        if (held[r] != reported[r]) {
            throw LedgerImbalance(fmt::format(
                "{}: {} and its ICBs hold {} but their budgets less spend come to {}",
                when(month).label(), ledger_.name(region_accounts_[r]),
                held[r].to_pounds_string(), reported[r].to_pounds_string()));
        }
    }
}

// Phase 5: close the books, check them against the month's observations, then report.
void Replication::on_month_close(int month, std::int32_t month_index) {
    for (std::size_t p = 0; p < scenario_->providers.size(); ++p) {
        provider_net_to_date_[p] += provider_income_[p] - provider_cost_[p];
    }
    for (std::size_t i = 0; i < scenario_->icbs.size(); ++i) {
        const Money net = icb_budget_[i] - icb_spend_[i] + icb_pool_[i];
        icb_net_to_date_[i] += net - icb_investment_[i];
        icb_year_net_[i] += net;
    }
    const auto report = ledger_.close_month(month_index);
    check_cross_footing(month);
    if (month < entities::k_months_per_year) {
        emit_month(month);
    }
    sink_.on_month_close({key_.replication, when(month), report});
}

// Year end: a delegated ICB's underspend for the year leaves the running budget — kept as
// specialised reserve if the ICB is ringfenced, released to its other budgets otherwise — and
// each contract's actual activity value joins its history for the LVA rolling average.
void Replication::on_year_end() {
    for (std::size_t i = 0; i < scenario_->icbs.size(); ++i) {
        const Money underspend = icb_year_net_[i];
        if (delegated(i) && underspend > Money{}) {
            const bool ringfenced = scenario_->icbs[i].ringfenced;
            ledger_.transfer(icb_accounts_[i], ringfenced ? reserves_ : released_, underspend);
            (ringfenced ? icb_reserve_ : icb_released_)[i] = underspend;
            icb_net_to_date_[i] -= underspend;
        }
    }
    check_cross_footing(entities::k_months_per_year);
    emit_month(entities::k_months_per_year);
    for (std::size_t c = 0; c < scenario_->contracts.size(); ++c) {
        history_[c].push_back(pence_of(year_value_[c]));
        year_value_[c] = 0;
    }
    for (std::size_t w = 0; w < watched_.size(); ++w) {
        sink_.on_flow_year({key_.replication, scenario_->first_year, watched_[w], watched_cases_[w],
                            pence_of(watched_value_[w])});
        watched_cases_[w] = 0;
        watched_value_[w] = 0;
    }
    sink_.on_year_close({key_.replication, scenario_->first_year});
}

void Replication::emit_month(int month) {
    const auto at = when(month);
    for (std::size_t p = 0; p < scenario_->providers.size(); ++p) {
        const Money unfunded = Money::from_pence(entities::narrow_checked(
            entities::divide_rounded(unfunded_units_[p], rules::k_api_units_per_penny,
                                     Rounding::nearest_even),
            "unfunded activity"));
        sink_.on_provider_month({key_.replication, at, entities::ProviderId(static_cast<std::uint32_t>(p)),
                                 provider_income_[p], provider_cost_[p],
                                 rules::pressure(provider_cost_[p], provider_income_[p]), unfunded});
        provider_income_[p] = Money{};
        provider_cost_[p] = Money{};
        unfunded_units_[p] = 0;
    }
    for (std::size_t c = 0; c < scenario_->contracts.size(); ++c) {
        group_income_[pair_[c] * k_kinds + static_cast<std::size_t>(kind_[c])] += income_month_[c];
        income_month_[c] = Money{};
    }
    for (std::size_t g = 0; g < group_income_.size(); ++g) {
        if (group_present_[g]) {
            const auto& [provider, payer] = pairs_[g / k_kinds];
            sink_.on_income({key_.replication, at, provider, payer,
                             static_cast<ContractKind>(g % k_kinds), group_income_[g]});
        }
        group_income_[g] = Money{};
    }
    for (std::size_t i = 0; i < scenario_->icbs.size(); ++i) {
        sink_.on_icb_month({key_.replication, at, entities::IcbId(static_cast<std::uint32_t>(i)),
                            icb_budget_[i], icb_spend_[i], icb_budget_[i] - icb_spend_[i],
                            delegated(i), icb_pool_[i], icb_investment_[i], icb_reserve_[i],
                            icb_released_[i]});
        for (auto* v : {&icb_spend_, &icb_pool_, &icb_investment_, &icb_reserve_, &icb_released_}) {
            (*v)[i] = Money{};
        }
    }
}

} // namespace

void run_replication(const Model& model, StreamKey key, ObservationSink& sink) {
    Replication replication({&model}, key, sink);
    replication.run();
}

RunModel::RunModel(std::vector<YearPlan> plans, Sampling sampling) : plans_(std::move(plans)) {
    for (const auto& plan : plans_) {
        models_.push_back(std::make_unique<Model>(plan.scenario, sampling));
    }
}

void run_replication(const RunModel& model, StreamKey key, ObservationSink& sink,
                     const ReplicationOptions& options) {
    std::vector<const Model*> years;
    for (std::size_t y = 0; y < model.year_count(); ++y) {
        years.push_back(&model.year(y));
    }
    Replication replication(std::move(years), key, sink, options);
    replication.run();
}

} // namespace specflow::sim
