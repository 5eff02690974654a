#include "sim/runners/forecast.hpp"

#include "sim/rules/activity_value.hpp"
#include "sim/rules/block.hpp"
#include "sim/rules/provider_cost.hpp"

#include <algorithm>
#include <stdexcept>

namespace specflow::sim {

using entities::ContractId;
using entities::ContractKind;
using entities::Int128;
using entities::Money;

namespace {

// A month's planned payments, added to what the payer ICB spends and the provider receives.
// Block, LVA and the API fixed element: the year's twelfth at the replication's annual value
// (no payment cut: the plan is the contract's); the API variable element is planned at zero,
// since activity at plan moves it by nothing; activity contracts: planned cases at the month's
// price, to the penny.
//
// A payment is counted against the contract's payer, not the ICB whose budget pays it now: under
// a lead-ICB arrangement the host pays the provider, but the recharges move the cost back to the
// participant, so the payer is the ICB that bears it once recharged. (Between recharges the host
// carries its participants' share in its actuals to date.)
void add_contract_plans(const Model& model,
                        const entities::IdVector<ContractId, ContractBook>& terms, int month,
                        std::span<Money> icb_spend, std::span<Money> provider_income) {
    const auto& contracts = model.scenario().contracts;
    for (const auto id : entities::id_range<ContractId>(contracts.size())) {
        const auto& contract = contracts[id.index()];
        const auto& book = terms[id];
        if (book.kind == ContractKind::drugs) {
            continue; // with the cost: add_cost_plans
        }
        const Money planned =
            book.kind == ContractKind::activity
                ? rules::pence_of_milli_pence(model.contract_planned_value(id.index(), month))
                : rules::fixed_monthly_payment(book.annual_value, month, 0);
        provider_income[contract.provider.index()] += planned;
        if (!contract.payer.is_nhse()) {
            icb_spend[contract.payer.icb->index()] += planned;
        }
    }
}

// A month's planned cost per provider: the fixed cost rows (as the year's cost shocks leave
// them) and planned cases × marginal cost, summed exactly and rounded once per provider; and
// its high-cost drugs, planned cases × drug cost per case, both cost and pass-through income.
void add_cost_plans(const Model& model, int month, std::span<Int128> marginal_milli_pence,
                    std::span<Int128> drug_milli_pence, std::span<Money> provider_cost,
                    std::span<Money> provider_income) {
    for (std::size_t p = 0; p < provider_cost.size(); ++p) {
        provider_cost[p] += model.provider_fixed_cost(p, month);
    }
    std::fill(marginal_milli_pence.begin(), marginal_milli_pence.end(), Int128{0});
    std::fill(drug_milli_pence.begin(), drug_milli_pence.end(), Int128{0});
    for (std::size_t f = 0; f < model.flow_count(); ++f) {
        const auto p = model.flow_provider(f).index();
        marginal_milli_pence[p] +=
            static_cast<Int128>(model.planned_milli(f, month)) * model.marginal_pence(f, month);
        drug_milli_pence[p] +=
            static_cast<Int128>(model.planned_milli(f, month)) * model.drug_price_pence(f);
    }
    for (std::size_t p = 0; p < provider_cost.size(); ++p) {
        const Money drugs = rules::pence_of_milli_pence(drug_milli_pence[p]);
        provider_cost[p] += rules::pence_of_milli_pence(marginal_milli_pence[p]) + drugs;
        provider_income[p] += drugs;
    }
}

} // namespace

ForecastPlan ForecastPlan::of(const Model& model,
                              const entities::IdVector<ContractId, ContractBook>& terms) {
    const auto& scenario = model.scenario();
    const int from = scenario.policy.forecast_from_month;
    if (from < 1 || from > entities::k_months_per_year) {
        throw std::logic_error("ForecastPlan: the forecast month is a month of the FY, 1 .. 12");
    }
    if (terms.size() < scenario.contracts.size()) {
        throw std::logic_error("ForecastPlan: every contract of the year needs its terms");
    }
    ForecastPlan plan;
    plan.from_month_ = from;
    const auto slots = static_cast<std::size_t>(entities::k_months_per_year - from + 1);
    const auto sized = [slots](std::size_t count) {
        return Remaining{.count = count, .values = std::vector<Money>(slots * count)};
    };
    plan.icb_budget_ = sized(scenario.icbs.size());
    plan.icb_spend_ = sized(scenario.icbs.size());
    plan.provider_income_ = sized(scenario.providers.size());
    plan.provider_cost_ = sized(scenario.providers.size());
    std::vector<Int128> marginal(scenario.providers.size());
    std::vector<Int128> drugs(scenario.providers.size());
    // Backwards from the year's end, where nothing remains: what remains after month m − 1 is
    // what remains after m plus m's plan.
    for (int month = entities::k_months_per_year; month > from; --month) {
        const auto slot = static_cast<std::size_t>(month - 1 - from);
        for (auto* remaining :
             {&plan.icb_budget_, &plan.icb_spend_, &plan.provider_income_, &plan.provider_cost_}) {
            const auto later = remaining->slot(slot + 1);
            std::copy(later.begin(), later.end(), remaining->slot(slot).begin());
        }
        const auto budget = plan.icb_budget_.slot(slot);
        for (std::size_t i = 0; i < scenario.icbs.size(); ++i) {
            budget[i] += scenario.icbs[i].budget.split_part(entities::k_months_per_year, month - 1);
        }
        add_contract_plans(model, terms, month, plan.icb_spend_.slot(slot),
                           plan.provider_income_.slot(slot));
        add_cost_plans(model, month, marginal, drugs, plan.provider_cost_.slot(slot),
                       plan.provider_income_.slot(slot));
    }
    return plan;
}

std::optional<IcbForecast> ForecastPlan::icb(entities::IcbId icb, int month, Money budget_to_date,
                                             Money spend_to_date) const {
    if (month < from_month_) {
        return std::nullopt;
    }
    const Money budget = budget_to_date + icb_budget_.after(icb.index(), month, from_month_);
    const Money spend = spend_to_date + icb_spend_.after(icb.index(), month, from_month_);
    return IcbForecast{.spend = spend, .variance = budget - spend};
}

std::optional<ProviderForecast> ForecastPlan::provider(entities::ProviderId provider, int month,
                                                       Money income_to_date,
                                                       Money cost_to_date) const {
    if (month < from_month_) {
        return std::nullopt;
    }
    const Money income =
        income_to_date + provider_income_.after(provider.index(), month, from_month_);
    const Money cost = cost_to_date + provider_cost_.after(provider.index(), month, from_month_);
    return ProviderForecast{
        .income = income, .cost = cost, .pressure = rules::pressure(cost, income)};
}

} // namespace specflow::sim
