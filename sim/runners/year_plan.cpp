#include "sim/runners/year_plan.hpp"

#include "sim/rules/allocation/infeasible_policy.hpp"
#include "sim/runners/settlement_schedule.hpp"
#include "sim/runners/shock_plan.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <stdexcept>
#include <string_view>

namespace specflow::sim {

using entities::Int128;
using entities::Money;
using entities::Rounding;

namespace {

// Budgets of a year from its allocations: each ICB population's delegable money (held by the
// ICB when delegated, by its region otherwise), NHS England's not-ready and retained lines,
// and the HCDD contributions.
void apply_allocation(entities::Scenario& s, const YearAllocation& allocation) {
    Money nhse;
    Money hcdd;
    for (auto& icb : s.icbs) {
        icb.budget = Money{}; // an ICB that does not exist this FY has none
    }
    for (const auto& row : allocation.icbs) {
        auto& icb = s.icbs[row.icb.index()];
        icb.budget = row.parts.delegable;
        icb.delegation = row.status;
        icb.ringfenced = row.ringfenced;
        nhse += row.parts.not_ready + row.parts.retained_lines;
        hcdd += row.parts.hcdd;
    }
    s.policy.nhse_direct_budget = nhse;
    s.policy.hcdd_budget = hcdd;
}

std::int64_t grown(std::int64_t value, std::int32_t growth_bp) {
    return entities::narrow_checked(
        entities::divide_rounded(static_cast<Int128>(value) * (10'000 + growth_bp), Int128{10'000},
                                 Rounding::nearest_even),
        "annual growth");
}

// NHS England's pass-through contract for each provider with high-cost drugs, in provider order,
// coded "HCDD-" + the provider's code (with "~" added while a scenario contract has that code).
// Its value is the year's drug cost, for reports: the payments follow the activity.
void add_drug_contracts(entities::Scenario& s) {
    const auto taken = [&s](const std::string& code) {
        return std::any_of(s.contracts.begin(), s.contracts.end(),
                           [&](const entities::Contract& c) { return c.code == code; });
    };
    for (const auto& provider : s.providers) {
        entities::Contract contract;
        contract.id = entities::ContractId(static_cast<std::uint32_t>(s.contracts.size()));
        contract.code = "HCDD-" + provider.code;
        while (taken(contract.code)) {
            contract.code += "~";
        }
        contract.provider = provider.id;
        contract.kind = entities::ContractKind::drugs;
        for (const auto& drug : s.drugs) {
            if (drug.provider == provider.id) {
                contract.service_lines.push_back(drug.service_line);
                contract.annual_value += drug.annual_cost;
            }
        }
        if (!contract.service_lines.empty()) {
            s.contracts.push_back(std::move(contract));
        }
    }
}

// Year end: prices, costs, expected activity and drug costs carried into the next FY.
void rebase(entities::Scenario& s, const entities::YearPolicy& next) {
    const std::int32_t uplift_bp = next.cost_uplift_bp - next.efficiency_bp;
    for (auto& line : s.service_lines) {
        line.unit_price = Money::from_pence(grown(line.unit_price.pence(), uplift_bp));
    }
    for (auto& cost : s.costs) {
        cost.fixed_per_year = Money::from_pence(grown(cost.fixed_per_year.pence(), uplift_bp));
        cost.marginal_per_case =
            Money::from_pence(grown(cost.marginal_per_case.pence(), uplift_bp));
    }
    for (auto& flow : s.flows) {
        flow.cases_per_year_milli = grown(
            flow.cases_per_year_milli, s.service_lines[flow.service_line.index()].demand_trend_bp);
    }
    for (auto& drug : s.drugs) {
        drug.annual_cost = Money::from_pence(grown(drug.annual_cost.pence(), drug.growth_bp));
    }
    for (auto& contract : s.contracts) {
        if (contract.kind == entities::ContractKind::drugs) {
            contract.annual_value = Money{};
            for (const auto& drug : s.drugs) {
                if (drug.provider == contract.provider) {
                    contract.annual_value += drug.annual_cost;
                }
            }
        }
    }
}

// Every lead-ICB arrangement must take some contract in some year of the run: one that took
// none would host nothing, and the run would say nothing of it.
void check_arrangements_take_contracts(const std::vector<YearPlan>& plans) {
    const auto& first = plans.front().scenario;
    for (std::size_t a = 0; a < first.lead_arrangements.size(); ++a) {
        const auto& arrangement = first.lead_arrangements[a];
        const bool takes_some = std::any_of(plans.begin(), plans.end(), [&](const YearPlan& plan) {
            const auto& s = plan.scenario;
            return std::any_of(s.lead_arrangements.begin(), s.lead_arrangements.end(),
                               [&](const entities::LeadArrangement& other) {
                                   return other.code == arrangement.code &&
                                          std::any_of(s.contracts.begin(), s.contracts.end(),
                                                      [&](const entities::Contract& c) {
                                                          return arrangement_takes(other, c);
                                                      });
                               });
        });
        if (!takes_some) {
            const std::string_view field =
                arrangement.service_lines.empty() ? "providers" : "service_lines";
            throw InfeasiblePolicy(
                fmt::format("lead_icb[{}].{}", a + 1, field),
                fmt::format("lead ICB arrangement '{}' takes no contract, so it would host "
                            "nothing; valid: an arrangement takes a contract whole, when its payer "
                            "is a participant, its provider one of the arrangement's providers and "
                            "every line it covers one of the arrangement's lines (name them all, "
                            "or leave service_lines out for every line)",
                            arrangement.code),
                arrangement.source_of(field));
        }
    }
}

} // namespace

std::vector<YearPlan> plan_years(const entities::Scenario& scenario, int years) {
    if (!scenario.allocation.enabled() && years != 1) {
        throw InfeasiblePolicy(
            "years", "the scenario has no [allocation] section, so it covers one financial "
                     "year; valid: --years 1");
    }
    check_shocks_within_run(scenario, years);
    check_shocks_within_icbs(scenario, years);
    entities::Scenario current = scenario;
    add_repatriation_flows(current);
    add_drug_contracts(current);
    check_shocks_match(current);
    if (!scenario.allocation.enabled()) {
        apply_delegation_changes(current);
        apply_payment_basis_changes(current);
        // With budgets given table by table, NHS England funds the drugs as they are planned.
        for (const auto& drug : current.drugs) {
            current.policy.hcdd_budget += drug.annual_cost;
        }
        std::vector<YearPlan> plans{YearPlan{current, std::nullopt, {}, std::nullopt}};
        check_arrangements_take_contracts(plans);
        return plans;
    }
    const auto allocations = plan_allocations(current, years);
    CommissioningPlans commissioning;
    std::vector<YearPlan> plans;
    for (std::size_t y = 0; y < allocations.size(); ++y) {
        const auto& policy = scenario.allocation.years[y];
        current.policy.price_uplift_bp = policy.cost_uplift_bp - policy.efficiency_bp;
        std::optional<YearCarry> carry;
        if (y > 0) {
            current.first_year = allocations[y].year;
            rebase(current, policy);
            commissioning.rebase_values(current);
            for (const auto& reconfiguration : scenario.reconfigurations) {
                if (reconfiguration.year == current.first_year) {
                    carry = reconfigure(current, reconfiguration);
                    commissioning.carry(*carry, current);
                }
            }
        }
        apply_payment_basis_changes(current);
        apply_allocation(current, allocations[y]);
        current.policy.price_uplift_bp = policy.cost_uplift_bp - policy.efficiency_bp;
        if (policy.lva_threshold) {
            current.policy.lva_threshold = *policy.lva_threshold;
        }
        auto holders = commissioning.plan_year(current, policy.reserve_bp, y == 0);
        plans.push_back({current, allocations[y], std::move(holders), std::move(carry)});
    }
    check_arrangements_take_contracts(plans);
    return plans;
}

} // namespace specflow::sim
