#include "sim/runners/replication.hpp"

#include "entities/accrual.hpp"
#include "sim/kernel/event_calendar.hpp"
#include "sim/kernel/ledger.hpp"
#include "sim/rules/activity.hpp"
#include "sim/rules/api.hpp"
#include "sim/rules/block.hpp"
#include "sim/rules/lva.hpp"
#include "sim/rules/provider_cost.hpp"

#include <fmt/format.h>

#include <stdexcept>

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
    month_close = 4,
};

class Replication {
public:
    Replication(std::vector<const Model*> years, StreamKey key, ObservationSink& sink);
    void run();

private:
    void open_accounts();
    void on_year_start(std::size_t year);
    void on_fixed_payments(int month);
    void on_activity(int month, std::uint32_t month_index);
    void on_variable_payments(int month);
    void on_month_close(int month, std::int32_t month_index);
    void pay(std::size_t contract, Money amount);
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

    std::vector<const Model*> years_;
    const Model* model_;
    const entities::Scenario* scenario_;
    StreamKey key_;
    RandomStream stream_;
    ObservationSink& sink_;
    Ledger ledger_{"national budget"};

    AccountId nhse_ = 0;
    AccountId hcdd_ = 0;
    AccountId external_costs_ = 0;
    std::vector<AccountId> region_accounts_;
    std::vector<AccountId> icb_accounts_;
    std::vector<AccountId> provider_accounts_;

    // Per contract: the month's actual activity value, and exact accruals for variable pay.
    std::vector<Int128> contract_actual_;
    std::vector<Accrual> contract_accruals_;
    // Per provider: marginal cost accrual and the month's figures.
    std::vector<Int128> provider_marginal_units_;
    std::vector<Accrual> provider_cost_accruals_;
    std::vector<Money> provider_income_;
    std::vector<Money> provider_cost_;
    std::vector<Int128> provider_unfunded_units_; // k_api_units_per_penny units
    std::vector<Money> provider_net_to_date_;     // income − cost, to cross-foot the ledger
    std::vector<Money> icb_budget_;
    std::vector<Money> icb_spend_;
    std::vector<Money> icb_net_to_date_; // budget − spend to date, wherever the money is held
    std::vector<Money> group_income_;
};

Replication::Replication(std::vector<const Model*> years, StreamKey key, ObservationSink& sink)
    : years_(std::move(years)), model_(years_.at(0)), scenario_(&model_->scenario()), key_(key),
      stream_(key), sink_(sink) {
    for (const auto* year : years_) {
        if (key.replication > 0 && year->sampling() != Sampling::poisson) {
            throw std::logic_error("run_replication: a stochastic replication needs Poisson tables");
        }
        const auto& s = year->scenario();
        if (s.icbs.size() != scenario_->icbs.size() || s.providers.size() != scenario_->providers.size() ||
            s.contracts.size() != scenario_->contracts.size() || s.regions.size() != scenario_->regions.size()) {
            throw std::logic_error("run_replication: every year must have the same entities");
        }
    }
    const auto contracts = scenario_->contracts.size();
    const auto providers = scenario_->providers.size();
    const auto icbs = scenario_->icbs.size();
    contract_actual_.assign(contracts, 0);
    contract_accruals_.assign(contracts, Accrual(rules::k_api_units_per_penny));
    provider_marginal_units_.assign(providers, 0);
    provider_cost_accruals_.assign(providers, Accrual(rules::k_milli_pence_per_penny));
    provider_income_.assign(providers, Money{});
    provider_cost_.assign(providers, Money{});
    provider_unfunded_units_.assign(providers, 0);
    provider_net_to_date_.assign(providers, Money{});
    icb_budget_.assign(icbs, Money{});
    icb_spend_.assign(icbs, Money{});
    icb_net_to_date_.assign(icbs, Money{});
    group_income_.assign(model_->income_groups().size(), Money{});
    open_accounts();
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
    hcdd_ = ledger_.open_account("HCDD central");
    external_costs_ = ledger_.open_account("providers' staff and suppliers");
}

void Replication::run() {
    EventCalendar<Step> calendar;
    const auto months = static_cast<std::int32_t>(years_.size()) * entities::k_months_per_year;
    for (std::int32_t m = 0; m < months; ++m) {
        if (m % entities::k_months_per_year == 0) {
            calendar.schedule({m, static_cast<std::int32_t>(Step::year_start)}, Step::year_start);
        }
        for (const auto step : {Step::fixed_payments, Step::activity, Step::variable_payments,
                                Step::month_close}) {
            calendar.schedule({m, static_cast<std::int32_t>(step)}, step);
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
        case Step::month_close: on_month_close(month, month_index); break;
        }
    }
}

// The year's national budget enters; NHS England passes the HCDD contributions to the central
// HCDD budget and keeps the rest, handing regions their ICBs' budgets month by month.
void Replication::on_year_start(std::size_t year) {
    model_ = years_[year];
    scenario_ = &model_->scenario();
    ledger_.issue(nhse_, scenario_->national_budget());
    ledger_.transfer(nhse_, hcdd_, scenario_->policy.hcdd_budget);
    for (auto& accrual : contract_accruals_) {
        accrual.reset();
    }
    for (auto& accrual : provider_cost_accruals_) {
        accrual.reset();
    }
}

void Replication::pay(std::size_t contract_index, Money amount) {
    const auto& contract = scenario_->contracts[contract_index];
    const auto provider = contract.provider.index();
    const AccountId payer = contract.payer.is_nhse() ? nhse_ : holder(contract.payer.icb->index());
    ledger_.transfer(payer, provider_accounts_[provider], amount);
    provider_income_[provider] += amount;
    group_income_[model_->contract_group(contract_index)] += amount;
    if (!contract.payer.is_nhse()) {
        icb_spend_[contract.payer.icb->index()] += amount;
    }
}

// Phase 1: each ICB's budget instalment goes to its region, which passes it on to the ICB if
// delegated and otherwise holds it; then the fixed payments of block, API and LVA contracts.
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
    for (std::size_t c = 0; c < scenario_->contracts.size(); ++c) {
        const auto& contract = scenario_->contracts[c];
        switch (contract.kind) {
        case ContractKind::block: pay(c, rules::block_payment(contract, month)); break;
        case ContractKind::lva: pay(c, rules::lva_payment(contract, month)); break;
        case ContractKind::api: pay(c, rules::api_fixed_payment(contract, month)); break;
        case ContractKind::activity: break;
        }
    }
}

// Phase 2: the month's cases per flow, valued at price for the contract and at marginal cost
// for the provider; then provider costs are posted.
void Replication::on_activity(int month, std::uint32_t month_index) {
    const bool expected = key_.replication == 0;
    for (std::size_t f = 0; f < model_->flow_count(); ++f) {
        const std::int64_t cases_milli =
            expected ? model_->planned_milli(f, month)
                     : model_->table(f, month).sample(stream_.uniform(
                           static_cast<std::uint32_t>(f), month_index, 0)) *
                           entities::k_milli_per_case;
        contract_actual_[model_->flow_contract(f)] +=
            static_cast<Int128>(cases_milli) * model_->flow_price_pence(f);
        provider_marginal_units_[model_->flow_provider(f)] +=
            static_cast<Int128>(cases_milli) * model_->flow_marginal_pence(f);
    }
    for (const auto& cost : scenario_->costs) {
        provider_cost_[cost.provider.index()] += rules::fixed_cost(cost, month);
    }
    for (std::size_t p = 0; p < scenario_->providers.size(); ++p) {
        provider_cost_accruals_[p].add_units(provider_marginal_units_[p]);
        provider_marginal_units_[p] = 0;
        provider_cost_[p] += provider_cost_accruals_[p].settle();
        ledger_.transfer(provider_accounts_[p], external_costs_, provider_cost_[p]);
    }
}

// Phase 3: API variable elements and activity payments, accrued exactly, paid in pence.
void Replication::on_variable_payments(int month) {
    for (std::size_t c = 0; c < scenario_->contracts.size(); ++c) {
        const auto& contract = scenario_->contracts[c];
        const rules::ActivityValue value{contract_actual_[c], model_->contract_planned_value(c, month)};
        contract_actual_[c] = 0;
        auto& unfunded = provider_unfunded_units_[contract.provider.index()];
        switch (contract.kind) {
        case ContractKind::block:
        case ContractKind::lva:
            unfunded += rules::fixed_payment_unfunded(value) * entities::k_basis_points_per_unit;
            break;
        case ContractKind::api:
            contract_accruals_[c].add_units(rules::api_variable_units(contract, value));
            pay(c, contract_accruals_[c].settle());
            unfunded += rules::api_unfunded_units(contract, value);
            break;
        case ContractKind::activity:
            contract_accruals_[c].add_units(rules::activity_payment_milli_pence(value) *
                                            entities::k_basis_points_per_unit);
            pay(c, contract_accruals_[c].settle());
            break;
        }
    }
}

// The ledger must agree with what the observations say: each provider's balance is its
// income less its costs to date; each region's, with its ICBs', is its ICBs' budgets less
// their spend to date (wherever the delegable money is held).
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

// Phase 4: close the books, then tell the sink what happened.
void Replication::on_month_close(int month, std::int32_t month_index) {
    const auto at = when(month);
    for (std::size_t p = 0; p < scenario_->providers.size(); ++p) {
        provider_net_to_date_[p] += provider_income_[p] - provider_cost_[p];
    }
    for (std::size_t i = 0; i < scenario_->icbs.size(); ++i) {
        icb_net_to_date_[i] += icb_budget_[i] - icb_spend_[i];
    }
    const auto report = ledger_.close_month(month_index);
    check_cross_footing(month);

    for (std::size_t p = 0; p < scenario_->providers.size(); ++p) {
        const Money unfunded = Money::from_pence(entities::narrow_checked(
            entities::divide_rounded(provider_unfunded_units_[p], rules::k_api_units_per_penny,
                                     Rounding::nearest_even),
            "unfunded activity"));
        sink_.on_provider_month({key_.replication, at, entities::ProviderId(static_cast<std::uint32_t>(p)),
                                 provider_income_[p], provider_cost_[p],
                                 rules::pressure(provider_cost_[p], provider_income_[p]), unfunded});
        provider_income_[p] = Money{};
        provider_cost_[p] = Money{};
        provider_unfunded_units_[p] = 0;
    }
    const auto& groups = model_->income_groups();
    for (std::size_t g = 0; g < groups.size(); ++g) {
        sink_.on_income({key_.replication, at, groups[g].provider, groups[g].payer, groups[g].kind,
                         group_income_[g]});
        group_income_[g] = Money{};
    }
    for (std::size_t i = 0; i < scenario_->icbs.size(); ++i) {
        sink_.on_icb_month({key_.replication, at, entities::IcbId(static_cast<std::uint32_t>(i)),
                            icb_budget_[i], icb_spend_[i], icb_budget_[i] - icb_spend_[i]});
        icb_spend_[i] = Money{};
    }
    sink_.on_month_close({key_.replication, at, report});
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

void run_replication(const RunModel& model, StreamKey key, ObservationSink& sink) {
    std::vector<const Model*> years;
    for (std::size_t y = 0; y < model.year_count(); ++y) {
        years.push_back(&model.year(y));
    }
    Replication replication(std::move(years), key, sink);
    replication.run();
}

} // namespace specflow::sim
