#include "sim/runners/allocation_plan.hpp"

#include "sim/rules/allocation/convergence.hpp"
#include "sim/rules/allocation/infeasible_policy.hpp"
#include "sim/rules/allocation/targets.hpp"

#include <fmt/format.h>
#include <stdexcept>
#include <variant>

namespace specflow::sim {

using entities::DelegationStatus;
using entities::Money;

namespace {

double ratio_minus_one(double numerator, double denominator) {
    return denominator > 0 ? numerator / denominator - 1 : 0.0;
}

// First-year baselines and the targets their DfTs are measured against. Derived from the
// published DfTs unless every ICB gives its baseline directly.
std::vector<Money> first_baselines(const entities::Scenario& s,
                                   std::vector<double>& target_before) {
    std::vector<std::int64_t> weights;
    std::vector<std::int64_t> dft;
    bool all_given = true;
    for (const auto& icb : s.icbs) {
        weights.push_back(icb.weight());
        dft.push_back(icb.dft_bp);
        all_given = all_given && icb.baseline.has_value();
    }
    std::vector<Money> baselines;
    double weighted = 0; // Σ w (1 + DfT) or Σ w
    if (all_given) {
        for (const auto& icb : s.icbs) {
            baselines.push_back(*icb.baseline);
        }
        for (const auto w : weights) {
            weighted += static_cast<double>(w);
        }
    } else {
        baselines = rules::baselines_from_dft(s.allocation.baseline_total, weights, dft);
        for (std::size_t i = 0; i < weights.size(); ++i) {
            weighted += static_cast<double>(weights[i]) * (1.0 + static_cast<double>(dft[i]) / 1e4);
        }
    }
    double total = 0;
    for (const auto b : baselines) {
        total += static_cast<double>(b.pence());
    }
    // k × w_i with k = ΣB / Σ w (1 + DfT): each derived baseline is k w_i (1 + DfT_i).
    for (const auto w : weights) {
        target_before.push_back(weighted > 0 ? total * static_cast<double>(w) / weighted : 0.0);
    }
    return baselines;
}

// Statuses for a FY: last year's, with the regions the year delegates, then any delegation
// change shocks starting in the year.
std::vector<DelegationStatus> statuses_for(const entities::Scenario& s,
                                           const entities::YearPolicy& year,
                                           std::vector<DelegationStatus> statuses) {
    for (const auto region : year.delegate_regions) {
        for (const auto& icb : s.icbs) {
            if (icb.region == region) {
                statuses[icb.id.index()] = DelegationStatus::delegated;
            }
        }
    }
    for (const auto& shock : s.shocks) {
        const auto* change = std::get_if<entities::DelegationChange>(&shock.effect);
        if (change == nullptr || shock.start.year != year.year) {
            continue;
        }
        for (const auto& icb : s.icbs) {
            if ((change->icb && *change->icb == icb.id) ||
                (change->region && *change->region == icb.region)) {
                statuses[icb.id.index()] = change->status;
            }
        }
    }
    return statuses;
}

// The error with its place: the year entry's key, numbered from 1 as the loader numbers them.
InfeasiblePolicy located(const InfeasiblePolicy& error, const entities::YearPolicy& year,
                         std::size_t entry) {
    const auto source = year.sources.find(error.parameter());
    return InfeasiblePolicy(fmt::format("allocation.years[{}].{}", entry + 1, error.parameter()),
                            fmt::format("{}: {}", year.year.label(), error.what()),
                            source == year.sources.end() ? entities::SourceRef{} : source->second);
}

} // namespace

std::vector<YearAllocation> plan_allocations(const entities::Scenario& s, int years) {
    const auto& policy = s.allocation;
    if (!policy.enabled()) {
        throw InfeasiblePolicy("years", "the scenario has no [allocation] section, so it has "
                                        "no allocations; valid: a scenario with [allocation]");
    }
    if (years < 1 || static_cast<std::size_t>(years) > policy.years.size()) {
        throw InfeasiblePolicy(
            "years",
            fmt::format(
                "the scenario defines allocation parameters for {} financial year(s), from {}; "
                "valid: --years 1 to {}",
                policy.years.size(), s.first_year.label(), policy.years.size()));
    }
    std::vector<double> target_before;
    std::vector<Money> baselines = first_baselines(s, target_before);
    std::vector<Money> remainders; // last year's remainders, for the HCDD cap
    for (std::size_t i = 0; i < s.icbs.size(); ++i) {
        remainders.push_back(baselines[i] - baselines[i].scale(s.icbs[i].hcdd_share_bp, 10'000,
                                                               entities::Rounding::nearest_even));
    }
    std::vector<DelegationStatus> statuses;
    std::vector<std::int64_t> weights;
    for (const auto& icb : s.icbs) {
        statuses.push_back(icb.delegation);
        weights.push_back(icb.weight());
    }

    std::vector<YearAllocation> result;
    for (int y = 0; y < years; ++y) {
        const auto& year = policy.years[static_cast<std::size_t>(y)];
        statuses = statuses_for(s, year, statuses);
        const auto targets = rules::targets(year.budget, weights);
        std::vector<Money> allocations;
        try {
            allocations = rules::converge({.policy = policy.policy,
                                           .baselines = baselines,
                                           .targets = targets,
                                           .budget = year.budget,
                                           .floor_growth_bp = year.floor_growth_bp,
                                           .cap_growth_bp = year.cap_growth_bp,
                                           .tolerance_bp = year.tolerance_bp,
                                           .pace_bp = year.pace_bp});
        } catch (const InfeasiblePolicy& error) {
            throw located(error, year, static_cast<std::size_t>(y));
        }
        YearAllocation out{year.year, year.budget, {}};
        for (std::size_t i = 0; i < s.icbs.size(); ++i) {
            IcbAllocation row;
            row.icb = s.icbs[i].id;
            row.baseline = baselines[i];
            row.target = targets[i];
            row.target_before = target_before[i];
            row.allocation = allocations[i];
            const auto base = static_cast<double>(baselines[i].pence());
            const auto alloc = static_cast<double>(allocations[i].pence());
            row.dft_before = ratio_minus_one(base, row.target_before);
            row.dft_after = ratio_minus_one(alloc, static_cast<double>(targets[i].pence()));
            row.growth = ratio_minus_one(alloc, base);
            const bool over_target = allocations[i] > targets[i];
            row.parts = rules::partition_allocation(
                {.allocation = allocations[i],
                 .hcdd_share_bp = s.icbs[i].hcdd_share_bp,
                 .remainder_cap = over_target ? std::optional(remainders[i].scale(
                                                    10'000 + year.cost_uplift_bp, 10'000,
                                                    entities::Rounding::down))
                                              : std::nullopt,
                 .delegable_share_bp = policy.delegable_share_bp,
                 .not_ready_share_bp = policy.not_ready_share_bp,
                 .retained_share_bp = policy.retained_share_bp});
            row.status = statuses[i];
            row.ringfenced = s.icbs[i].ringfenced;
            row.delegated =
                row.status == DelegationStatus::delegated ? row.parts.delegable : Money{};
            row.retained = row.parts.remainder - row.delegated;
            out.icbs.push_back(row);
            remainders[i] = row.parts.remainder;
            target_before[i] = static_cast<double>(targets[i].pence());
        }
        baselines = allocations;
        result.push_back(std::move(out));
    }
    return result;
}

} // namespace specflow::sim
