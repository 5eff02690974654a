#include "sim/runners/replication.hpp"

#include "sim/rules/activity.hpp"
#include "sim/rules/api.hpp"
#include "sim/rules/block.hpp"
#include "sim/rules/lva.hpp"
#include "sim/rules/provider_cost.hpp"
#include "sim/runners/replication_cycle.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace specflow::sim {

using entities::ContractKind;
using entities::Int128;
using entities::Money;

namespace cycle {

namespace {

constexpr std::int32_t phase(Step step) {
    return static_cast<std::int32_t>(step);
}

} // namespace

Replication::Replication(std::vector<const Model*> years, std::vector<const YearCarry*> carries,
                         const IncomePairs& pairs, StreamKey key, ObservationSink& sink,
                         const ReplicationOptions& options, const ActivityDraws* draws)
    : years_(std::move(years)), carries_(std::move(carries)), pairs_(pairs), model_(years_.at(0)),
      scenario_(&model_->scenario()), key_(key), draws_(draws), sink_(sink),
      watched_(options.watched_flows), forecast_wanted_(options.forecast) {
    carries_.resize(years_.size(), nullptr);
    watched_cases_.assign(watched_.size(), 0);
    watched_value_.assign(watched_.size(), 0);
    std::size_t contracts = 0;
    for (const auto* year : years_) {
        if (key.replication > 0 && year->sampling() != Sampling::poisson) {
            throw std::logic_error(
                "run_replication: a stochastic replication needs Poisson tables");
        }
        if (year->scenario().contracts.size() < contracts) {
            throw std::logic_error(
                "run_replication: contracts are only ever added from one year to the next");
        }
        contracts = year->scenario().contracts.size();
    }
    if (pairs_.pair_of_contract.size() != contracts) {
        throw std::logic_error("run_replication: the income pairs are of another run's contracts");
    }
    if (draws_ != nullptr && draws_->watched() != watched_) {
        throw std::logic_error("run_replication: the block's draws keep other flows' counts than "
                               "the replication watches");
    }
    if (key.replication > 0 && (draws_ == nullptr || !draws_->holds(key.seed, key.replication))) {
        own_draws_ = std::make_unique<ActivityDraws>(years_, watched_);
        own_draws_->draw(key.seed, key.replication, 1);
        draws_ = own_draws_.get();
    }
    contracts_.assign(contracts, ContractBook{});
    for (auto& book : contracts_) {
        // the years before the first and one value a FY: no reallocation at year ends
        book.history.reserve(years_.size() + 2);
    }
    if (key.replication == 0) { // the expected-value run adds up its own month's sums
        actual_value_milli_pence_.assign(contracts, 0);
        cases_milli_.assign(contracts, 0);
    }
    group_income_.assign(pairs_.pairs.size() * k_contract_kinds, Money{});
    group_present_.assign(pairs_.pairs.size() * k_contract_kinds, false);
    open_accounts();
}

// The accounts that live for the whole run; those of regions, ICBs, providers and pools open
// when their entity first appears (rebuild_books).
void Replication::open_accounts() {
    nhse_ = ledger_.open_account("NHS England");
    hcdd_ = ledger_.open_account("HCDD central");
    external_costs_ = ledger_.open_account("providers' staff and suppliers");
    local_pathways_ = ledger_.open_account("local pathways (upstream investment)");
    reserves_ = ledger_.open_account("ringfenced specialised reserves");
    released_ = ledger_.open_account("underspends released to ICBs' other budgets");
    const auto hosted = [](const Model* year) {
        const auto& arrangements = year->scenario().lead_arrangements;
        return std::any_of(arrangements.begin(), arrangements.end(),
                           [](const auto& a) { return !a.hosting_cost.is_zero(); });
    };
    if (std::any_of(years_.begin(), years_.end(), hosted)) {
        hosting_ = ledger_.open_account("lead ICBs' hosting costs");
    }
}

void Replication::run() {
    calendar_.schedule({0, phase(Step::year_start)}, {Step::year_start, 0});
    while (!calendar_.empty()) {
        const auto event = calendar_.pop();
        handle(event.payload, event.time.month_index);
    }
}

// A FY's events, from its start: the fixed steps of each month, and the settlements the year's
// model compiled for it; then the next FY's start.
void Replication::schedule_year(std::int32_t first_month_index) {
    const auto& settlements = model_->settlements();
    for (int month = 1; month <= entities::k_months_per_year; ++month) {
        const std::int32_t m = first_month_index + month - 1;
        const auto at = [m](Step step) { return EventTime{m, phase(step)}; };
        for (const auto step : {Step::fixed_payments, Step::activity, Step::variable_payments}) {
            calendar_.schedule(at(step), {step, 0});
        }
        for (const auto a : settlements.recharges(month)) {
            calendar_.schedule(at(Step::recharge), {Step::recharge, a.value()});
        }
        for (std::uint32_t r = 0; r < settlements.rulings(month).size(); ++r) {
            calendar_.schedule(at(Step::ruling), {Step::ruling, r});
        }
        calendar_.schedule(at(Step::pool_period), {Step::pool_period, 0});
        for (const auto p : settlements.pools(month)) {
            calendar_.schedule(at(Step::pool), {Step::pool, p.value()});
        }
        calendar_.schedule(at(Step::month_close), {Step::month_close, 0});
    }
    const std::int32_t last = first_month_index + entities::k_months_per_year - 1;
    calendar_.schedule({last, phase(Step::year_end)}, {Step::year_end, 0});
    if (year_ + 1 < years_.size()) {
        calendar_.schedule({last + 1, phase(Step::year_start)}, {Step::year_start, 0});
    }
}

void Replication::handle(const Event& event, std::int32_t month_index) {
    const int month = month_index % entities::k_months_per_year + 1;
    switch (event.step) {
    case Step::year_start:
        on_year_start(static_cast<std::size_t>(month_index / entities::k_months_per_year));
        schedule_year(month_index);
        break;
    case Step::fixed_payments:
        on_fixed_payments(month);
        break;
    case Step::activity:
        on_activity(month);
        break;
    case Step::variable_payments:
        on_variable_payments(month);
        break;
    case Step::recharge:
        settle_arrangement(entities::ArrangementId(event.index), month);
        break;
    case Step::ruling:
        rule_on_dispute(model_->settlements().rulings(month)[event.index], month);
        break;
    case Step::pool_period:
        add_pool_period();
        break;
    case Step::pool:
        settle_pool(entities::PoolId(event.index), month);
        break;
    case Step::month_close:
        on_month_close(month, month_index);
        break;
    case Step::year_end:
        on_year_end();
        break;
    }
}

// The year's national budget enters; NHS England passes the HCDD contributions to the central
// HCDD budget and keeps the rest, handing regions their ICBs' budgets month by month.
void Replication::on_year_start(std::size_t year) {
    year_ = year;
    model_ = years_[year];
    rebuild_books();
    if (const auto* carry = carries_[year]) {
        carry_icb_books(*carry);
        carry_contract_books(*carry);
    }
    ledger_.issue(nhse_, scenario_->national_budget());
    ledger_.transfer(nhse_, hcdd_, scenario_->policy.hcdd_budget);
    for (auto& contract : contracts_) {
        contract.accrual.reset();
    }
    for (auto& provider : providers_) {
        provider.cost_accrual.reset();
        provider.year_income = provider.year_cost = Money{};
    }
    for (auto& icb : icbs_) {
        icb.year_net = icb.year_budget = icb.year_spend = Money{};
    }
    set_contract_terms(year);
    if (key_.replication > 0) {
        factors_ = &draws_->factors(key_.replication, year);
    }
    if (forecast_wanted_) {
        forecast_ = ForecastPlan::of(*model_, contracts_);
    }
}

// Inline (used only in this file): the payment loops call it for every contract of every
// replication-month.
[[gnu::always_inline]] inline void Replication::pay(ContractId contract, Money amount) {
    auto& book = contracts_[contract];
    auto& provider = providers_[ProviderId(book.provider)];
    ledger_.transfer(book.payer_account, provider.account, amount);
    provider.income += amount;
    if (book.reported) {
        group_income_[book.group] += amount;
    }
    if (book.paying_icb < 0) {
        national_.direct_spend += amount;
    } else {
        icbs_[IcbId(static_cast<std::uint32_t>(book.paying_icb))].spend += amount;
        if (book.arrangement >= 0) {
            arrangements_[entities::ArrangementId(static_cast<std::uint32_t>(book.arrangement))]
                .host_paid += amount;
        }
    }
}

// NHS England's central HCDD budget reimburses a provider's high-cost drugs and devices: income
// that the drug cost matches to the penny.
[[gnu::always_inline]] inline void Replication::reimburse_drugs(ContractId contract, Money amount) {
    auto& provider = providers_[ProviderId(contracts_[contract].provider)];
    ledger_.transfer(hcdd_, provider.account, amount);
    provider.income += amount;
    if (const auto& book = contracts_[contract]; book.reported) {
        group_income_[book.group] += amount;
    }
    national_.hcdd_spend += amount;
    provider.cost += amount;
    ledger_.transfer(provider.account, external_costs_, amount);
}

// Money one ICB population's budget pays another's (recharges, settled disputes).
// A recharge: `due` moves from the host's spend to the participant's; `paid` of it moves in
// cash now (less than `due` under a dispute).
void Replication::recharge_icb(IcbId from, IcbId to, Money due, Money paid) {
    if (holder(from) != holder(to)) {
        ledger_.transfer(holder(from), holder(to), paid);
    }
    icbs_[from].spend += due;
    icbs_[to].spend -= due;
    icbs_[from].recharges += due;
    icbs_[to].recharges -= due;
}

// Phase 1: each ICB's budget instalment goes to its region, which passes it on to the ICB if
// delegated; upstream investments are paid; then the fixed payments of block, API and LVA
// contracts, less any payment cut.
void Replication::on_fixed_payments(int month) {
    for (const auto& icb : scenario_->icbs) {
        if (!exists(icb.id)) {
            icbs_[icb.id].budget = Money{};
            continue;
        }
        const Money instalment = icb.budget.split_part(12, month - 1);
        ledger_.transfer(nhse_, regions_[icb.region], instalment);
        if (delegated(icb.id)) {
            ledger_.transfer(regions_[icb.region], icbs_[icb.id].account, instalment);
        }
        icbs_[icb.id].budget = instalment;
    }
    national_.direct_budget = scenario_->policy.nhse_direct_budget.split_part(12, month - 1);
    national_.hcdd_budget = scenario_->policy.hcdd_budget.split_part(12, month - 1);
    pay_hosting_costs(month);
    for (const auto& investment : model_->investments(month)) {
        ledger_.transfer(icbs_[investment.icb].account, local_pathways_, investment.amount);
        icbs_[investment.icb].investment += investment.amount;
    }
    // Block, LVA and the API fixed element, at this year's value.
    for (const auto kind : {ContractKind::block, ContractKind::api, ContractKind::lva}) {
        for (const auto c : contracts_of_kind_[static_cast<std::size_t>(kind)]) {
            const auto& book = contracts_[ContractId(c)];
            if (book.ended) {
                continue;
            }
            pay(ContractId(c), rules::fixed_monthly_payment(book.annual_value, month,
                                                            model_->payment_cut_bp(c, month)));
        }
    }
}

// Phase 2: the month's cases per flow, valued at price for the contract and at marginal cost for
// the provider; then provider costs are posted. A drawn replication's sums come from its block
// (ActivityDraws, which adds them up for the whole block as it draws: ActivityTotals); the
// expected-value run adds up its expected cases here.
void Replication::on_activity(int month) {
    const bool expected = key_.replication == 0;
    if (expected) {
        const auto rows = model_->flow_rows(month);
        add_up_flows(
            rows, model_->flow_count(), [&](std::size_t f) { return rows.expected_milli[f]; },
            actual_value_milli_pence_.data(), cases_milli_.data(), marginal_units_.data());
        month_ = {};
        month_.wide = true;
        month_.cases_milli = cases_milli_;
        month_.wide_value_milli_pence = actual_value_milli_pence_;
        month_.wide_marginal_units = marginal_units_;
    } else {
        month_ = draws_->totals(key_.replication, year_, month);
        // The block's sums were added up long before: next month's are fetched now, while this
        // month's payments and books are worked out.
        if (month < entities::k_months_per_year) {
            draws_->fetch_totals(key_.replication, year_, month + 1);
        } else if (year_ + 1 < years_.size()) {
            draws_->fetch_totals(key_.replication, year_ + 1, 1);
        }
    }
    // Watched flows are the first FY's: a later FY's flows may be others (a reconfiguration).
    const std::span<const std::int64_t> drawn = expected || year_ > 0
                                                    ? std::span<const std::int64_t>{}
                                                    : draws_->cases(key_.replication, month);
    for (std::size_t w = 0; year_ == 0 && w < watched_.size(); ++w) {
        const auto f = watched_[w];
        const std::int64_t cases_milli =
            expected ? model_->expected_milli(f, month) : drawn[w] * entities::k_milli_per_case;
        watched_cases_[w] += cases_milli;
        watched_value_[w] += static_cast<Int128>(cases_milli) * model_->price_pence(f, month);
    }
    for (const auto p : providers_.ids()) {
        auto& book = providers_[p];
        book.cost += model_->provider_fixed_cost(p.index(), month);
        book.cost_accrual.add_units(month_.wide ? month_.wide_marginal_units[p.index()]
                                                : Int128{month_.marginal_units[p.index()]});
        book.cost += book.cost_accrual.settle();
        ledger_.transfer(book.account, external_costs_, book.cost);
    }
    std::fill(marginal_units_.begin(), marginal_units_.end(), 0); // the expected-value run's
}

// Phase 3: API variable elements and activity payments, accrued exactly, paid in pence; kind
// by kind (contracts_of_kind_), so that no contract waits on a choice of its kind the processor
// cannot predict. Every payment is a sum into the books, so their order changes nothing.
void Replication::on_variable_payments(int month) {
    // A contract's month: its actual and planned value, into its year and its lead arrangement's
    // period.
    const auto take_month = [&](ContractBook& book, std::size_t c) {
        const rules::ActivityValue value{month_value(c), model_->contract_planned_value(c, month)};
        book.year_value_milli_pence += value.actual_milli_pence;
        if (book.arrangement >= 0) {
            auto& participant =
                arrangements_[entities::ArrangementId(static_cast<std::uint32_t>(book.arrangement))]
                    .participants[book.participant_at];
            participant.activity_milli += month_.cases_milli[c];
            participant.value_milli_pence += value.actual_milli_pence;
            participant.plan_milli_pence += value.planned_milli_pence;
        }
        return value;
    };
    const auto unfunded_of = [&](const ContractBook& book) -> Int128& {
        return providers_[ProviderId(book.provider)].unfunded_units;
    };
    for (const auto kind : {ContractKind::block, ContractKind::lva}) {
        for (const auto c : contracts_of_kind_[static_cast<std::size_t>(kind)]) {
            auto& book = contracts_[ContractId(c)];
            const auto value = take_month(book, c);
            unfunded_of(book) +=
                rules::fixed_payment_unfunded(value) * entities::k_basis_points_per_unit;
        }
    }
    for (const auto c : contracts_of_kind_[static_cast<std::size_t>(ContractKind::api)]) {
        auto& book = contracts_[ContractId(c)];
        const auto value = take_month(book, c);
        const auto& contract = scenario_->contracts[c];
        book.accrual.add_units(rules::api_variable_units(contract, value));
        pay(ContractId(c), book.accrual.settle());
        unfunded_of(book) += rules::api_unfunded_units(contract, value);
    }
    for (const auto c : contracts_of_kind_[static_cast<std::size_t>(ContractKind::activity)]) {
        auto& book = contracts_[ContractId(c)];
        const auto value = take_month(book, c);
        book.accrual.add_units(rules::activity_payment_milli_pence(value) *
                               entities::k_basis_points_per_unit);
        pay(ContractId(c), book.accrual.settle());
    }
    for (const auto c : contracts_of_kind_[static_cast<std::size_t>(ContractKind::drugs)]) {
        auto& book = contracts_[ContractId(c)];
        const auto value = take_month(book, c);
        book.accrual.add_units(value.actual_milli_pence * entities::k_basis_points_per_unit);
        reimburse_drugs(ContractId(c), book.accrual.settle());
    }
    if (key_.replication == 0) { // the expected-value run's own sums, for next month's
        std::fill(actual_value_milli_pence_.begin(), actual_value_milli_pence_.end(), 0);
        std::fill(cases_milli_.begin(), cases_milli_.end(), 0);
    }
}

// Phase 8: close the books, check them against the month's observations, then report.
void Replication::on_month_close(int month, std::int32_t month_index) {
    for (auto& provider : providers_) {
        provider.net_to_date += provider.income - provider.cost;
    }
    for (auto& icb : icbs_) {
        const Money net = icb.budget - icb.spend + icb.pool;
        // What it paid local pathways came out of its specialised budget: its year's
        // underspend, kept or released at the year end, is after them.
        icb.net_to_date += net - icb.investment;
        icb.year_net += net - icb.investment;
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
    for (const auto i : icbs_.ids()) {
        auto& book = icbs_[i];
        const Money underspend = book.year_net;
        if (delegated(i) && underspend > Money{}) {
            const bool ringfenced = scenario_->icbs[i.index()].ringfenced;
            ledger_.transfer(book.account, ringfenced ? reserves_ : released_, underspend);
            (ringfenced ? book.reserve : book.released) = underspend;
            book.net_to_date -= underspend;
        }
    }
    check_cross_footing(entities::k_months_per_year);
    emit_month(entities::k_months_per_year);
    for (const auto id : entities::id_range<ContractId>(scenario_->contracts.size())) {
        auto& book = contracts_[id];
        if (scenario_->contracts[id.index()].ended) {
            continue;
        }
        book.history.push_back(rules::pence_of_milli_pence(book.year_value_milli_pence));
        book.year_value_milli_pence = 0;
    }
    for (std::size_t w = 0; year_ == 0 && w < watched_.size(); ++w) {
        const auto f = watched_[w];
        Int128 expected = 0;
        for (int m = 1; m <= entities::k_months_per_year; ++m) {
            expected +=
                static_cast<Int128>(model_->expected_milli(f, m)) * model_->price_pence(f, m);
        }
        const double factor = factors_ ? factors_->of_flow(f) : 1.0;
        const auto line = model_->flow_line(f).index();
        sink_.on_flow_year(
            {.replication = key_.replication,
             .year = scenario_->first_year,
             .flow = f,
             .cases_milli = watched_cases_[w],
             .value = rules::pence_of_milli_pence(watched_value_[w]),
             .expected_value = rules::pence_of_milli_pence(expected),
             .expected_value_given_factors = Money::from_pence(
                 std::llround(static_cast<double>(expected) * factor / entities::k_milli_per_case)),
             .national_factor = factors_ ? factors_->national(line) : 1.0,
             .provider_factor =
                 factors_ ? factors_->provider(model_->flow_provider(f).index(), line) : 1.0,
             .trend_factor = factors_ ? factors_->trend(line) : 1.0});
        watched_cases_[w] = 0;
        watched_value_[w] = 0;
    }
    sink_.on_year_close({key_.replication, scenario_->first_year});
}

void Replication::emit_month(int month) {
    const auto at = when(month);
    for (const auto p : providers_.ids()) {
        auto& book = providers_[p];
        const Money unfunded = Money::from_pence(entities::narrow_checked(
            entities::divide_rounded(book.unfunded_units, rules::k_api_units_per_penny,
                                     entities::Rounding::nearest_even),
            "unfunded activity"));
        book.year_income += book.income;
        book.year_cost += book.cost;
        sink_.on_provider_month({key_.replication, at, p, book.income, book.cost,
                                 rules::pressure(book.cost, book.income), unfunded,
                                 forecast_.provider(p, month, book.year_income, book.year_cost)});
        book.income = Money{};
        book.cost = Money{};
        book.unfunded_units = 0;
    }
    // Income by provider, payer and kind (added up as it is paid): only the groups paid this FY
    // are reported (a group no contract is in has none to report).
    for (const auto g : present_groups_) {
        const auto& [provider, payer] = pairs_.pairs[g / k_contract_kinds];
        sink_.on_income({key_.replication, at, provider, payer,
                         static_cast<ContractKind>(g % k_contract_kinds), group_income_[g]});
        group_income_[g] = Money{};
    }
    sink_.on_national_month({key_.replication, at, national_.direct_budget, national_.direct_spend,
                             national_.hcdd_budget, national_.hcdd_spend});
    national_ = NationalBook{};
    const auto exposures = host_exposures();
    for (const auto i : icbs_.ids()) {
        if (!exists(i)) {
            continue;
        }
        auto& book = icbs_[i];
        book.year_budget += book.budget;
        book.year_spend += book.spend;
        sink_.on_icb_month({.replication = key_.replication,
                            .month = at,
                            .icb = i,
                            .budget = book.budget,
                            .spend = book.spend,
                            .variance = book.budget - book.spend,
                            .held_by_icb = delegated(i),
                            .risk_pool = book.pool,
                            .local_investment = book.investment,
                            .reserve = book.reserve,
                            .released = book.released,
                            .forecast = forecast_.icb(i, month, book.year_budget, book.year_spend),
                            .recharges = book.recharges,
                            .host_exposure = exposures[i],
                            .hosting = book.hosting});
        book.spend = book.pool = book.investment = book.reserve = book.released = Money{};
        book.recharges = book.hosting = Money{};
    }
}

} // namespace cycle

void run_replication(const Model& model, StreamKey key, ObservationSink& sink) {
    const auto pairs = IncomePairs::of(model.scenario().contracts);
    cycle::Replication replication({&model}, {}, pairs, key, sink);
    replication.run();
}

void run_replication(const RunModel& model, StreamKey key, ObservationSink& sink,
                     const ReplicationOptions& options, const ActivityDraws* draws) {
    std::vector<const YearCarry*> carries;
    for (std::size_t y = 0; y < model.year_count(); ++y) {
        const auto& carry = model.plan(y).carry;
        carries.push_back(carry ? &*carry : nullptr);
    }
    cycle::Replication replication(model.years(), std::move(carries), model.income_pairs(), key,
                                   sink, options, draws);
    replication.run();
}

} // namespace specflow::sim
