#include "sim/runners/model.hpp"

#include "entities/money.hpp"

#include <map>
#include <stdexcept>
#include <tuple>

namespace specflow::sim {

using entities::Int128;

namespace {

// Splits annual milli-cases over the months by the profile, largest remainder: the months
// sum back to the year exactly.
std::array<std::int64_t, 12> split_by_profile(std::int64_t annual_milli,
                                              const std::array<std::int64_t, 12>& profile) {
    const auto parts = entities::Money::from_pence(annual_milli).split(profile);
    std::array<std::int64_t, 12> months{};
    for (std::size_t m = 0; m < 12; ++m) {
        months[m] = parts[m].pence();
    }
    return months;
}

} // namespace

Model::Model(const entities::Scenario& scenario, Sampling sampling)
    : scenario_(scenario), sampling_(sampling) {
    scenario_.verify();
    compile_flows();
    if (sampling_ == Sampling::poisson) {
        compile_tables();
    }
    compile_income_groups();
}

void Model::compile_flows() {
    const auto& s = scenario_;
    std::map<std::pair<std::uint32_t, std::uint32_t>, const entities::ProviderCost*> costs;
    for (const auto& cost : s.costs) {
        costs[{cost.provider.value(), cost.service_line.value()}] = &cost;
    }
    const std::size_t n = s.flows.size();
    flow_contract_.reserve(n);
    flow_provider_.reserve(n);
    flow_price_.reserve(n);
    flow_marginal_.reserve(n);
    plan_milli_.reserve(n * 12);
    contract_planned_.assign(s.contracts.size() * 12, 0);
    for (const auto& flow : s.flows) {
        const auto cost = costs.find({flow.provider.value(), flow.service_line.value()});
        if (cost == costs.end()) {
            throw std::logic_error("Model: a flow has no cost row (the loader should refuse it)");
        }
        flow_contract_.push_back(flow.contract.value());
        flow_provider_.push_back(flow.provider.value());
        const auto price = s.service_lines[flow.service_line.index()].unit_price.pence();
        flow_price_.push_back(price);
        flow_marginal_.push_back(cost->second->marginal_per_case.pence());
        const auto months = split_by_profile(flow.cases_per_year_milli, s.policy.monthly_profile);
        for (std::size_t m = 0; m < 12; ++m) {
            plan_milli_.push_back(months[m]);
            contract_planned_[flow.contract.index() * 12 + m] += static_cast<Int128>(months[m]) * price;
        }
    }
}

void Model::compile_tables() {
    // Months of a flow with the same plan share one table.
    table_index_.resize(plan_milli_.size());
    for (std::size_t f = 0; f < flow_count(); ++f) {
        for (std::size_t m = 0; m < 12; ++m) {
            const auto milli = plan_milli_[f * 12 + m];
            std::size_t same = m;
            for (std::size_t earlier = 0; earlier < m; ++earlier) {
                if (plan_milli_[f * 12 + earlier] == milli) {
                    same = earlier;
                    break;
                }
            }
            if (same != m) {
                table_index_[f * 12 + m] = table_index_[f * 12 + same];
                continue;
            }
            table_index_[f * 12 + m] = static_cast<std::uint32_t>(tables_.size());
            tables_.emplace_back(static_cast<double>(milli) / 1000.0);
        }
    }
}

void Model::compile_income_groups() {
    // Groups are numbered in (provider, payer, kind) order, NHS England first among payers,
    // so that reports list them in that order.
    using Key = std::tuple<std::uint32_t, std::int64_t, int>;
    const auto key_of = [](const entities::Contract& contract) {
        const std::int64_t payer = contract.payer.is_nhse() ? -1 : contract.payer.icb->value();
        return Key{contract.provider.value(), payer, static_cast<int>(contract.kind)};
    };
    std::map<Key, std::uint32_t> index;
    for (const auto& contract : scenario_.contracts) {
        if (index.try_emplace(key_of(contract), 0).second) {
            groups_.push_back({contract.provider, contract.payer, contract.kind});
        }
    }
    std::uint32_t next = 0;
    for (auto& [key, group] : index) {
        group = next++;
    }
    for (const auto& contract : scenario_.contracts) {
        groups_[index.at(key_of(contract))] = {contract.provider, contract.payer, contract.kind};
        contract_group_.push_back(index.at(key_of(contract)));
    }
}

} // namespace specflow::sim
