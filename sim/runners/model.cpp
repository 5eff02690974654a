#include "sim/runners/model.hpp"

#include "entities/money.hpp"
#include "sim/kernel/count_sampler.hpp"
#include "sim/rules/allocation/infeasible_policy.hpp"
#include "sim/rules/provider_cost.hpp"
#include "sim/rules/shock_fraction.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <stdexcept>
#include <unordered_map>
#include <variant>

namespace specflow::sim {

using entities::Int128;
using entities::Money;
using entities::Rounding;

namespace {

constexpr std::int64_t k_bp = 10'000;

// Splits annual milli-cases over the months by the profile, largest remainder: the months
// sum back to the year exactly.
std::array<std::int64_t, 12> split_by_profile(std::int64_t annual_milli,
                                              const std::array<std::int64_t, 12>& profile) {
    const auto parts = Money::from_pence(annual_milli).split(profile);
    std::array<std::int64_t, 12> months{};
    for (std::size_t m = 0; m < 12; ++m) {
        months[m] = parts[m].pence();
    }
    return months;
}

// value × (1 + change × fraction), rounded to the nearest (ties to even).
std::int64_t changed(std::int64_t value, std::int64_t change_bp, std::int64_t fraction_bp) {
    const Int128 factor_bp2 =
        static_cast<Int128>(k_bp) * k_bp + static_cast<Int128>(change_bp) * fraction_bp;
    return static_cast<std::int64_t>(entities::divide_rounded(
        static_cast<Int128>(value) * factor_bp2, Int128{k_bp} * k_bp, Rounding::nearest_even));
}

} // namespace

Model::Model(const entities::Scenario& scenario, Sampling sampling)
    : scenario_((scenario.verify(), scenario)), sampling_(sampling), settlements_(scenario) {
    compile_flows();
    compile_shocks();
    compile_provider_costs();
    compile_contracts();
    compile_drugs();
    check_expected_counts();
    if (sampling_ == Sampling::poisson) {
        compile_samplers();
    }
}

std::int64_t Model::shock_fraction_bp(const entities::Shock& shock, int month,
                                      std::int32_t delay_months) const {
    return rules::shock_fraction_bp(shock, {scenario_.first_year, month}, delay_months);
}

void Model::compile_flows() {
    const auto& s = scenario_;
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> cost_rows;
    fixed_cost_.assign(s.costs.size() * 12, Money{});
    for (std::size_t row = 0; row < s.costs.size(); ++row) {
        cost_rows[{s.costs[row].provider.value(), s.costs[row].service_line.value()}] = row;
        for (int m = 1; m <= 12; ++m) {
            fixed_cost_[cost_at(row, m)] = rules::fixed_cost(s.costs[row], m);
        }
    }
    for (const auto& flow : s.flows) {
        flow_contract_.push_back(flow.contract.value());
        flow_provider_.push_back(flow.provider.value());
        flow_line_.push_back(flow.service_line.value());
        const auto& line = s.service_lines[flow.service_line.index()];
        flow_varies_.push_back(line.variation.varies_beyond_poisson() ? 1 : 0);
        any_varies_ = any_varies_ || flow_varies_.back() != 0;
        const double cv = line.variation.monthly_cv_bp / static_cast<double>(k_bp);
        flow_dispersion_.push_back(cv > 0.0 ? 1.0 / (cv * cv) : 0.0);
        provider_lines_with_flows_.push_back(static_cast<std::uint32_t>(
            flow.provider.index() * s.service_lines.size() + flow.service_line.index()));
    }
    std::sort(provider_lines_with_flows_.begin(), provider_lines_with_flows_.end());
    provider_lines_with_flows_.erase(
        std::unique(provider_lines_with_flows_.begin(), provider_lines_with_flows_.end()),
        provider_lines_with_flows_.end());
    plan_milli_.assign(s.flows.size() * 12, 0);
    price_.assign(s.flows.size() * 12, 0);
    marginal_.assign(s.flows.size() * 12, 0);
    for (std::size_t f = 0; f < s.flows.size(); ++f) {
        const auto& flow = s.flows[f];
        const auto cost = cost_rows.find({flow.provider.value(), flow.service_line.value()});
        if (cost == cost_rows.end()) {
            throw std::logic_error("Model: a flow has no cost row (the loader should refuse it)");
        }
        const auto& line = s.service_lines[flow.service_line.index()];
        const auto months = split_by_profile(
            flow.cases_per_year_milli, line.monthly_profile.value_or(s.policy.monthly_profile));
        for (int m = 1; m <= 12; ++m) {
            plan_milli_[flow_at(f, m)] = months[static_cast<std::size_t>(m - 1)];
            price_[flow_at(f, m)] = s.service_lines[flow.service_line.index()].unit_price.pence();
            marginal_[flow_at(f, m)] = s.costs[cost->second].marginal_per_case.pence();
        }
    }
    expected_milli_ = plan_milli_;
    cut_bp_.assign(s.contracts.size() * 12, 0);
}

namespace {

bool matches(const entities::Flow& flow, const entities::ActivityShift& shift) {
    return (!shift.icb || *shift.icb == flow.icb) &&
           (!shift.provider || *shift.provider == flow.provider) &&
           (!shift.service_line || *shift.service_line == flow.service_line);
}

} // namespace

// What the year's shocks do, month by month: multipliers on expected activity, prices and costs,
// payment cuts and investments first; then repatriations move shares of the resulting activity.
void Model::compile_shocks() {
    const auto& s = scenario_;
    for (const auto& shock : s.shocks) {
        for (int m = 1; m <= 12; ++m) {
            const auto fraction = shock_fraction_bp(shock, m);
            std::visit(
                [&](const auto& effect) {
                    using Effect = std::decay_t<decltype(effect)>;
                    for (std::size_t f = 0; f < s.flows.size(); ++f) {
                        const auto& flow = s.flows[f];
                        const auto i = flow_at(f, m);
                        if constexpr (std::is_same_v<Effect, entities::ActivityShift>) {
                            if (fraction > 0 && matches(flow, effect)) {
                                expected_milli_[i] =
                                    changed(expected_milli_[i], effect.factor_bp - k_bp, fraction);
                            }
                        } else if constexpr (std::is_same_v<Effect, entities::UpstreamInvestment>) {
                            const auto later = shock_fraction_bp(shock, m, effect.lag_months);
                            if (later > 0 && flow.icb == effect.icb &&
                                flow.service_line == effect.service_line) {
                                expected_milli_[i] =
                                    changed(expected_milli_[i], -effect.reduction_bp, later);
                            }
                        } else if constexpr (std::is_same_v<Effect, entities::PriceChange>) {
                            if (fraction > 0 && flow.service_line == effect.service_line) {
                                price_[i] = changed(price_[i], effect.change_bp, fraction);
                            }
                        } else if constexpr (std::is_same_v<Effect, entities::CostShock>) {
                            if (fraction > 0 && flow.provider == effect.provider &&
                                (!effect.service_line ||
                                 *effect.service_line == flow.service_line)) {
                                marginal_[i] = changed(marginal_[i], effect.change_bp, fraction);
                            }
                        }
                    }
                    if constexpr (std::is_same_v<Effect, entities::CostShock>) {
                        for (std::size_t row = 0; row < s.costs.size(); ++row) {
                            const auto& cost = s.costs[row];
                            if (fraction > 0 && cost.provider == effect.provider &&
                                (!effect.service_line ||
                                 *effect.service_line == cost.service_line)) {
                                auto& fixed = fixed_cost_[cost_at(row, m)];
                                fixed = Money::from_pence(
                                    changed(fixed.pence(), effect.change_bp, fraction));
                            }
                        }
                    } else if constexpr (std::is_same_v<Effect, entities::PaymentCut>) {
                        for (std::size_t c = 0; c < s.contracts.size(); ++c) {
                            const auto& contract = s.contracts[c];
                            if (fraction > 0 && contract.payer == effect.payer &&
                                (!effect.provider || *effect.provider == contract.provider)) {
                                auto& cut = cut_bp_[contract_at(c, m)];
                                cut = static_cast<std::int32_t>(std::min<std::int64_t>(
                                    k_bp, cut + effect.cut_bp * fraction / k_bp));
                            }
                        }
                    } else if constexpr (std::is_same_v<Effect, entities::UpstreamInvestment>) {
                        if (fraction > 0) {
                            investments_[static_cast<std::size_t>(m - 1)].push_back(
                                {effect.icb, effect.monthly});
                        }
                    }
                },
                shock.effect);
        }
    }
    for (const auto& shock : s.shocks) {
        if (const auto* move = std::get_if<entities::Repatriation>(&shock.effect)) {
            std::optional<std::size_t> from;
            std::optional<std::size_t> to;
            for (std::size_t f = 0; f < s.flows.size(); ++f) {
                const auto& flow = s.flows[f];
                if (flow.icb == move->icb && flow.service_line == move->service_line) {
                    from = flow.provider == move->from_provider ? std::optional(f) : from;
                    to = flow.provider == move->to_provider ? std::optional(f) : to;
                }
            }
            if (!from || !to) {
                throw std::logic_error(
                    "Model: a repatriation's flows must exist (plan_years adds them)");
            }
            for (int m = 1; m <= 12; ++m) {
                const auto fraction = shock_fraction_bp(shock, m);
                const auto moved = static_cast<std::int64_t>(entities::divide_rounded(
                    static_cast<Int128>(expected_milli_[flow_at(*from, m)]) * move->share_bp *
                        fraction,
                    Int128{k_bp} * k_bp, Rounding::nearest_even));
                expected_milli_[flow_at(*from, m)] -= moved;
                expected_milli_[flow_at(*to, m)] += moved;
            }
        }
    }
}

// Each provider's fixed costs month by month, as the year's cost shocks leave its rows: every
// replication posts them, and the forecast plans them.
void Model::compile_provider_costs() {
    const auto& s = scenario_;
    provider_fixed_cost_.assign(s.providers.size() * 12, Money{});
    for (int m = 1; m <= 12; ++m) {
        for (std::size_t row = 0; row < s.costs.size(); ++row) {
            provider_fixed_cost_[static_cast<std::size_t>(m - 1) * s.providers.size() +
                                 s.costs[row].provider.index()] += fixed_cost_[cost_at(row, m)];
        }
    }
}

void Model::compile_contracts() {
    const auto& s = scenario_;
    contract_planned_value_.assign(s.contracts.size() * 12, 0);
    for (std::size_t f = 0; f < s.flows.size(); ++f) {
        for (int m = 1; m <= 12; ++m) {
            const auto c = contract_at(flow_contract_[f], m);
            contract_planned_value_[c] +=
                static_cast<Int128>(plan_milli_[flow_at(f, m)]) * price_[flow_at(f, m)];
        }
    }
    contract_planned_year_value_.assign(s.contracts.size(), 0);
    for (std::size_t c = 0; c < s.contracts.size(); ++c) {
        for (int m = 1; m <= 12; ++m) {
            contract_planned_year_value_[c] += contract_planned_value_[contract_at(c, m)];
        }
    }
}

// Each drug row's year cost becomes a cost per case of its provider and line: the cost over
// the year's planned cases, to the nearest penny (DESIGN.md §4.4).
void Model::compile_drugs() {
    const auto& s = scenario_;
    drug_contract_.assign(s.flows.size(), k_no_drugs);
    drug_price_.assign(s.flows.size(), 0);
    if (s.drugs.empty()) {
        return;
    }
    std::map<std::uint32_t, std::uint32_t> contract_of; // provider → its drugs contract
    for (const auto& contract : s.contracts) {
        if (contract.kind == entities::ContractKind::drugs) {
            contract_of[contract.provider.value()] = contract.id.value();
        }
    }
    using Pair = std::pair<std::uint32_t, std::uint32_t>; // (provider, service line)
    std::map<Pair, std::int64_t> planned_milli;
    for (const auto& flow : s.flows) {
        planned_milli[{flow.provider.value(), flow.service_line.value()}] +=
            flow.cases_per_year_milli;
    }
    std::map<Pair, std::int64_t> price;
    for (const auto& drug : s.drugs) {
        const Pair pair{drug.provider.value(), drug.service_line.value()};
        const auto cases = planned_milli[pair];
        price[pair] =
            cases > 0
                ? static_cast<std::int64_t>(entities::divide_rounded(
                      static_cast<Int128>(drug.annual_cost.pence()) * entities::k_milli_per_case,
                      Int128{cases}, Rounding::nearest_even))
                : 0;
    }
    for (std::size_t f = 0; f < s.flows.size(); ++f) {
        const auto& flow = s.flows[f];
        const auto found = price.find({flow.provider.value(), flow.service_line.value()});
        if (found != price.end()) {
            drug_contract_[f] = contract_of.at(flow.provider.value());
            drug_price_[f] = found->second;
        }
    }
}

void Model::check_expected_counts() const {
    const auto limit_milli =
        static_cast<std::int64_t>(counts::k_mean_max) * entities::k_milli_per_case;
    for (std::size_t i = 0; i < expected_milli_.size(); ++i) {
        if (expected_milli_[i] <= limit_milli) {
            continue;
        }
        const auto& s = scenario_;
        const auto& flow = s.flows[i % flow_contract_.size()];
        throw InfeasiblePolicy(
            "expected_cases_per_year",
            fmt::format("the flow ({}, {}, {}) expects {} cases in {} M{:02} after growth, "
                        "investment and shocks; valid: at most {} cases in a month",
                        s.icbs[flow.icb.index()].code, s.providers[flow.provider.index()].code,
                        s.service_lines[flow.service_line.index()].code,
                        expected_milli_[i] / entities::k_milli_per_case, s.first_year.label(),
                        i / flow_contract_.size() + 1, limit_milli / entities::k_milli_per_case));
    }
}

void Model::compile_samplers() {
    // Many flow-months share an expected count (a flow's months with equal plans, say): they
    // share a guide table. Flows drawn around their factors (varies()) keep the table of mean 0,
    // unused. A year of England's tables takes about 7 MiB, too much to stay in cache for one
    // replication's pass over the year, so the Monte Carlo draws a block of replications'
    // counts at once (ActivityDraws): each flow-month's table serves the whole block.
    const auto mean_of = [&](std::size_t i) {
        return flow_varies_[i % flow_contract_.size()] != 0
                   ? 0
                   : std::max<std::int64_t>(0, expected_milli_[i]);
    };
    // The tables are laid down in the order the draws first need them, month by month and
    // flow by flow: a month's new tables lie together, so that the draws of a month stream
    // through memory instead of leaping about the year's.
    std::unordered_map<std::int64_t, std::uint32_t> table_of_mean;
    std::vector<PoissonSampler> samplers;
    table_of_.resize(expected_milli_.size());
    for (std::size_t i = 0; i < expected_milli_.size(); ++i) {
        const auto [at, added] =
            table_of_mean.emplace(mean_of(i), static_cast<std::uint32_t>(samplers.size()));
        if (added) {
            samplers.emplace_back(static_cast<double>(mean_of(i)) / 1000.0);
        }
        table_of_[i] = at->second;
    }
    const auto first = static_cast<std::uint32_t>(tables_.add_all(samplers));
    for (auto& table : table_of_) {
        table += first;
    }
    tables_.shrink_to_fit();
}

} // namespace specflow::sim
