#include "sim/runners/commissioning_plan.hpp"

#include "sim/rules/activity_value.hpp"
#include "sim/rules/lva.hpp"

#include <algorithm>
#include <numeric>
#include <span>
#include <stdexcept>

namespace specflow::sim {

using entities::ContractKind;
using entities::Int128;
using entities::Money;

namespace {

// Each contract's planned activity value for the FY at the FY's prices, milli-pence: what the
// expected-value run's activity is worth when no shock moves it.
std::vector<Int128> planned_values(const entities::Scenario& s) {
    std::vector<Int128> planned(s.contracts.size(), 0);
    for (const auto& flow : s.flows) {
        planned[flow.contract.index()] +=
            static_cast<Int128>(flow.cases_per_year_milli) *
            s.service_lines[flow.service_line.index()].unit_price.pence();
    }
    return planned;
}

// value × numerator / denominator, to the nearest penny (ties to even).
Money scaled(Money value, Int128 numerator, Int128 denominator) {
    return Money::from_pence(entities::narrow_checked(
        entities::divide_rounded(static_cast<Int128>(value.pence()) * numerator, denominator,
                                 entities::Rounding::nearest_even),
        "contract rebasing"));
}

// A contract a budget holder plans for: not the HCDD pass-through, nor one a reconfiguration
// ended.
bool planned_by_holder(const entities::Contract& contract) {
    return contract.kind != ContractKind::drugs && !contract.ended;
}

// Which plan a contract's spend belongs to: its payer ICB's, or NHS England's (the last).
std::size_t holder_of(const entities::Scenario& s, const entities::Contract& contract) {
    return contract.payer.is_nhse() ? s.icbs.size() : contract.payer.icb->index();
}

// The year before the plan: each contract's value and each flow's expected activity after the
// price uplift and demand trend, and which contracts are committed at their LVA terms.
struct Rebased {
    std::vector<Money> values;       // per contract
    std::vector<std::int64_t> cases; // per flow, milli-cases
    std::vector<bool> committed;     // per contract: paid by the LVA rule, not planned
};

// Each holder's plan. A holder's block, API and activity contracts are where it invests: their
// values and their flows' expected activity are scaled alike by what the holder can spend on
// them over what they would cost as rebased, so an investment buys activity at price (and a
// cut gives it up); committed contracts keep their terms.
template <typename TermsOf>
std::vector<HolderPlan> plan_holders(entities::Scenario& s, const Rebased& before,
                                     std::int32_t reserve_bp, TermsOf terms_of) {
    std::vector<HolderPlan> plans(s.icbs.size() + 1);
    for (std::size_t i = 0; i < s.icbs.size(); ++i) {
        plans[i].icb = s.icbs[i].id;
        plans[i].budget = s.icbs[i].budget;
    }
    plans.back().budget = s.policy.nhse_direct_budget;
    std::vector<Int128> planned(s.contracts.size(), 0); // as rebased, milli-pence
    for (std::size_t f = 0; f < s.flows.size(); ++f) {
        const auto& flow = s.flows[f];
        planned[flow.contract.index()] +=
            static_cast<Int128>(before.cases[f]) *
            s.service_lines[flow.service_line.index()].unit_price.pence();
    }
    for (std::size_t c = 0; c < s.contracts.size(); ++c) {
        const auto& contract = s.contracts[c];
        if (!planned_by_holder(contract)) {
            continue; // paid from the HCDD budget, or ended
        }
        auto& plan = plans[holder_of(s, contract)];
        s.contracts[c].annual_value = before.values[c];
        if (before.committed[c]) {
            // At its terms: an LVA's rolling value, or an activity contract's planned value.
            const auto terms = terms_of(c);
            plan.committed += terms.kind == ContractKind::activity
                                  ? rules::pence_of_milli_pence(planned[c])
                                  : terms.annual_value;
        } else {
            plan.rebased += contract.kind == ContractKind::activity
                                ? rules::pence_of_milli_pence(planned[c])
                                : before.values[c];
        }
    }
    std::vector<Int128> target(plans.size());
    for (std::size_t h = 0; h < plans.size(); ++h) {
        auto& plan = plans[h];
        const Money headroom = plan.budget - plan.committed - plan.rebased;
        if (headroom > Money{}) {
            plan.reserve = headroom.scale(reserve_bp, 10'000, entities::Rounding::down);
        }
        target[h] = plan.rebased > Money{}
                        ? std::max(Money{}, plan.budget - plan.committed - plan.reserve).pence()
                        : 0;
    }
    // Flows of invested contracts: activity × target / rebased, to the nearest thousandth.
    std::vector<Int128> contract_value(s.contracts.size(), 0); // activity contracts', milli-pence
    for (std::size_t f = 0; f < s.flows.size(); ++f) {
        auto& flow = s.flows[f];
        const auto& contract = s.contracts[flow.contract.index()];
        flow.cases_per_year_milli = before.cases[f];
        const auto h = holder_of(s, contract);
        if (before.committed[flow.contract.index()] || plans[h].rebased <= Money{}) {
            continue;
        }
        flow.cases_per_year_milli = entities::narrow_checked(
            entities::divide_rounded(static_cast<Int128>(before.cases[f]) * target[h],
                                     Int128{plans[h].rebased.pence()},
                                     entities::Rounding::nearest_even),
            "planned activity");
        if (contract.kind == ContractKind::activity) {
            const Int128 value = static_cast<Int128>(flow.cases_per_year_milli) *
                                 s.service_lines[flow.service_line.index()].unit_price.pence();
            contract_value[flow.contract.index()] += value;
        }
    }
    // Block and API values share what the activity contracts leave, pro rata, to the penny.
    for (std::size_t h = 0; h < plans.size(); ++h) {
        auto& plan = plans[h];
        if (plan.rebased <= Money{}) {
            continue;
        }
        std::vector<std::size_t> fixed_value;
        std::vector<std::int64_t> weights;
        for (std::size_t c = 0; c < s.contracts.size(); ++c) {
            const auto& contract = s.contracts[c];
            if (planned_by_holder(contract) && holder_of(s, contract) == h &&
                !before.committed[c] && contract.kind != ContractKind::activity) {
                fixed_value.push_back(c);
                weights.push_back(before.values[c].pence());
            }
        }
        const Money total = Money::from_pence(static_cast<std::int64_t>(target[h]));
        // Each activity contract is paid its own value to the penny.
        Money activity;
        for (std::size_t c = 0; c < s.contracts.size(); ++c) {
            if (s.contracts[c].kind == ContractKind::activity &&
                holder_of(s, s.contracts[c]) == h && !before.committed[c]) {
                activity += rules::pence_of_milli_pence(contract_value[c]);
            }
        }
        if (!fixed_value.empty() &&
            std::accumulate(weights.begin(), weights.end(), std::int64_t{0}) > 0) {
            const auto values = std::max(Money{}, total - activity).split(weights);
            for (std::size_t k = 0; k < values.size(); ++k) {
                s.contracts[fixed_value[k]].annual_value = values[k];
            }
        }
        // What the contracts now plan: the fixed values absorb the activity's rounding to a
        // thousandth of a case; a holder with activity contracts only keeps it (pence).
        Money now;
        for (std::size_t c = 0; c < s.contracts.size(); ++c) {
            const auto& contract = s.contracts[c];
            if (planned_by_holder(contract) && holder_of(s, contract) == h &&
                !before.committed[c]) {
                now += contract.kind == ContractKind::activity
                           ? rules::pence_of_milli_pence(contract_value[c])
                           : contract.annual_value;
            }
        }
        plan.investment = now - plan.rebased;
    }
    return plans;
}

} // namespace

void CommissioningPlans::rebase_values(entities::Scenario& s) const {
    const auto planned = planned_values(s);
    for (std::size_t c = 0; c < s.contracts.size() && c < paths_.size(); ++c) {
        auto& contract = s.contracts[c];
        if (contract.kind == ContractKind::activity || contract.kind == ContractKind::drugs) {
            continue;
        }
        const auto& path = paths_[c];
        contract.annual_value =
            path.last_planned > 0
                ? scaled(contract.annual_value, planned[c], path.last_planned)
                : contract.annual_value.scale(10'000 + s.policy.price_uplift_bp, 10'000,
                                              entities::Rounding::nearest_even);
    }
}

void CommissioningPlans::carry(const YearCarry& carry, const entities::Scenario& s) {
    std::vector<ContractState> states;
    for (auto& path : paths_) {
        states.push_back({path.kind, std::move(path.history)});
    }
    const auto carried = carry_contracts(carry, std::move(states));
    const auto receives = carry.receiving();
    paths_.resize(carried.size());
    for (std::size_t c = 0; c < carried.size(); ++c) {
        paths_[c].kind = carried[c].kind;
        paths_[c].history = carried[c].history;
        if (receives[c]) {
            paths_[c].covered = s.contracts[c].service_lines;
        }
    }
}

std::vector<HolderPlan> CommissioningPlans::plan_year(entities::Scenario& s,
                                                      std::int32_t reserve_bp, bool first) {
    if (first) {
        paths_.clear();
    }
    if (paths_.size() > s.contracts.size()) {
        throw std::logic_error("CommissioningPlans: contracts are only ever added");
    }
    const auto planned = planned_values(s);
    for (std::size_t c = 0; c < s.contracts.size(); ++c) {
        const auto& contract = s.contracts[c];
        if (c == paths_.size()) {
            // The first FY's terms are the plan's; the years before it join the history.
            paths_.push_back(
                {.kind = contract.kind,
                 .history = first ? contract.lva_history : std::vector<entities::Money>{},
                 .covered = contract.service_lines,
                 .last_planned = 0});
        }
        auto& path = paths_[c];
        if (path.covered != contract.service_lines) {
            path.history.clear(); // as the replication does when lines leave a contract
            path.covered = contract.service_lines;
        }
    }
    const auto past = [&](std::size_t c) {
        return first ? std::span<const entities::Money>{}
                     : std::span<const entities::Money>{paths_[c].history};
    };
    const auto terms_of = [&](std::size_t c) {
        return rules::year_terms({.contract = s.contracts[c],
                                  .previous_kind = paths_[c].kind,
                                  .history = past(c),
                                  .planned_value_milli_pence = planned[c],
                                  .uplift_bp = s.policy.price_uplift_bp,
                                  .lva_threshold = s.policy.lva_threshold});
    };
    Rebased before;
    for (std::size_t c = 0; c < s.contracts.size(); ++c) {
        const auto& contract = s.contracts[c];
        before.values.push_back(contract.annual_value);
        before.committed.push_back(
            planned_by_holder(contract) &&
            (contract.kind == ContractKind::lva ||
             terms_of(c) != rules::YearTerms{contract.kind, contract.annual_value}));
    }
    for (const auto& flow : s.flows) {
        before.cases.push_back(flow.cases_per_year_milli);
    }

    std::vector<HolderPlan> plans;
    // A contract the plan would move across the LVA threshold is paid by the LVA rule, as the
    // replication will pay it: it is committed at those terms, and the plan made again.
    for (bool again = true; again;) {
        plans = plan_holders(s, before, reserve_bp, terms_of);
        again = false;
        const auto after = planned_values(s);
        for (std::size_t c = 0; c < s.contracts.size(); ++c) {
            const auto& contract = s.contracts[c];
            if (before.committed[c] || !planned_by_holder(contract)) {
                continue;
            }
            const auto terms = rules::year_terms({.contract = contract,
                                                  .previous_kind = paths_[c].kind,
                                                  .history = past(c),
                                                  .planned_value_milli_pence = after[c],
                                                  .uplift_bp = s.policy.price_uplift_bp,
                                                  .lva_threshold = s.policy.lva_threshold});
            if (terms != rules::YearTerms{contract.kind, contract.annual_value}) {
                before.committed[c] = true;
                again = true;
            }
        }
    }

    const auto after = planned_values(s);
    for (std::size_t c = 0; c < s.contracts.size(); ++c) {
        auto& path = paths_[c];
        if (s.contracts[c].ended) {
            continue;
        }
        path.kind = rules::year_terms({.contract = s.contracts[c],
                                       .previous_kind = path.kind,
                                       .history = past(c),
                                       .planned_value_milli_pence = after[c],
                                       .uplift_bp = s.policy.price_uplift_bp,
                                       .lva_threshold = s.policy.lva_threshold})
                        .kind;
        path.history.push_back(rules::pence_of_milli_pence(after[c]));
        path.last_planned = after[c];
    }
    return plans;
}

} // namespace specflow::sim
