#include "sim/runners/year_plan.hpp"

#include "sim/rules/allocation/infeasible_policy.hpp"
#include "sim/runners/shock_plan.hpp"

#include <stdexcept>

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
    for (const auto& row : allocation.icbs) {
        auto& icb = s.icbs[row.icb.index()];
        icb.budget = row.parts.delegable;
        icb.delegation = row.status;
        nhse += row.parts.not_ready + row.parts.retained_lines;
        hcdd += row.parts.hcdd;
    }
    s.policy.nhse_direct_budget = nhse;
    s.policy.hcdd_budget = hcdd;
}

Money scaled(Money amount, Int128 numerator, Int128 denominator) {
    if (denominator <= 0) {
        return amount;
    }
    const Int128 exact = static_cast<Int128>(amount.pence()) * numerator;
    return Money::from_pence(entities::narrow_checked(
        entities::divide_rounded(exact, denominator, Rounding::nearest_even), "rebasing"));
}

// Year end: prices, costs and contract values carried into the next FY.
void rebase(entities::Scenario& s, const entities::YearPolicy& next, const YearAllocation& was,
            const YearAllocation& now) {
    const std::int64_t uplift_bp = 10'000 + next.cost_uplift_bp - next.efficiency_bp;
    for (auto& line : s.service_lines) {
        line.unit_price = line.unit_price.scale(uplift_bp, 10'000, Rounding::nearest_even);
    }
    for (auto& cost : s.costs) {
        cost.fixed_per_year = cost.fixed_per_year.scale(uplift_bp, 10'000, Rounding::nearest_even);
        cost.marginal_per_case =
            cost.marginal_per_case.scale(uplift_bp, 10'000, Rounding::nearest_even);
    }
    for (auto& contract : s.contracts) {
        contract.annual_value =
            contract.annual_value.scale(uplift_bp, 10'000, Rounding::nearest_even);
        if (!contract.payer.is_nhse()) {
            // × (A_now / A_was) / (budget_now / budget_was), each rounded to the penny.
            const auto i = contract.payer.icb->index();
            contract.annual_value =
                scaled(contract.annual_value,
                       static_cast<Int128>(now.icbs[i].allocation.pence()) * was.budget.pence(),
                       static_cast<Int128>(was.icbs[i].allocation.pence()) * now.budget.pence());
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
    entities::Scenario current = scenario;
    add_repatriation_flows(current);
    if (!scenario.allocation.enabled()) {
        apply_delegation_changes(current);
        apply_payment_basis_changes(current);
        return {YearPlan{current, std::nullopt}};
    }
    const auto allocations = plan_allocations(current, years);
    std::vector<YearPlan> plans;
    for (std::size_t y = 0; y < allocations.size(); ++y) {
        const auto& policy = scenario.allocation.years[y];
        if (y > 0) {
            current.first_year = allocations[y].year;
            rebase(current, policy, allocations[y - 1], allocations[y]);
        }
        apply_payment_basis_changes(current);
        apply_allocation(current, allocations[y]);
        current.policy.price_uplift_bp = policy.cost_uplift_bp - policy.efficiency_bp;
        if (policy.lva_threshold) {
            current.policy.lva_threshold = *policy.lva_threshold;
        }
        plans.push_back({current, allocations[y]});
    }
    return plans;
}

} // namespace specflow::sim
