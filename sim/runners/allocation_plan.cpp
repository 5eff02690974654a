#include "sim/runners/allocation_plan.hpp"

#include "sim/rules/allocation/convergence.hpp"
#include "sim/rules/allocation/infeasible_policy.hpp"
#include "sim/rules/allocation/targets.hpp"
#include "sim/rules/reconfiguration.hpp"

#include <fmt/format.h>
#include <optional>
#include <stdexcept>
#include <variant>

namespace specflow::sim {

using entities::DelegationStatus;
using entities::Int128;
using entities::Money;

namespace {

double ratio_minus_one(double numerator, double denominator) {
    return denominator > 0 ? numerator / denominator - 1 : 0.0;
}

// Which ICBs exist in a FY, by run-wide index.
std::vector<bool> existing(const entities::Scenario& s, entities::FinancialYear year) {
    std::vector<bool> exists;
    for (const auto& icb : s.icbs) {
        exists.push_back(icb.exists_in(year));
    }
    return exists;
}

// The weight of each ICB's target in a FY: its population × need index that year (icb_needs),
// else its own; zero for an ICB that does not exist then.
std::vector<std::int64_t> weights_in(const entities::Scenario& s, entities::FinancialYear year) {
    std::vector<std::int64_t> weights;
    for (const auto& icb : s.icbs) {
        weights.push_back(icb.exists_in(year) ? icb.weight() : 0);
    }
    for (const auto& need : s.icb_needs) {
        if (need.year == year && !s.icbs[need.icb.index()].target_weight) {
            weights[need.icb.index()] = need.registered_population * need.need_index_micro;
        }
    }
    return weights;
}

// The entries of `all` at the indices `where` is set, in order.
template <typename T>
std::vector<T> compact(const std::vector<T>& all, const std::vector<bool>& where) {
    std::vector<T> out;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (where[i]) {
            out.push_back(all[i]);
        }
    }
    return out;
}

// `some` (one per set entry of `where`) back at their run-wide indices; zero elsewhere.
template <typename T>
std::vector<T> expand(const std::vector<T>& some, const std::vector<bool>& where) {
    std::vector<T> out(where.size());
    for (std::size_t i = 0, k = 0; i < where.size(); ++i) {
        if (where[i]) {
            out[i] = some.at(k++);
        }
    }
    return out;
}

// First-year baselines and the targets their DfTs are measured against, for the ICBs of the
// first FY (zero for those formed later). Derived from the published DfTs unless every ICB
// gives its baseline directly.
std::vector<Money> first_baselines(const entities::Scenario& s, const std::vector<bool>& exists,
                                   std::vector<double>& target_before) {
    const auto weights = compact(weights_in(s, s.first_year), exists);
    std::vector<std::int64_t> dft;
    std::vector<Money> given;
    bool all_given = true;
    for (const auto& icb : s.icbs) {
        if (icb.exists_in(s.first_year)) {
            dft.push_back(icb.dft_bp);
            all_given = all_given && icb.baseline.has_value();
            given.push_back(icb.baseline.value_or(Money{}));
        }
    }
    std::vector<Money> baselines;
    double weighted = 0; // Σ w (1 + DfT) or Σ w
    if (all_given) {
        baselines = given;
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
    std::vector<double> before;
    for (const auto w : weights) {
        before.push_back(weighted > 0 ? total * static_cast<double>(w) / weighted : 0.0);
    }
    target_before = expand(before, exists);
    return expand(baselines, exists);
}

// What the ICBs of the year before carry into a reconfiguration's FY (DESIGN.md §8a), by run-wide
// index: allocations become baselines, split by population share to the penny; so do the
// remainders that cap HCDD growth and the targets DfTs before are measured against. An ICB the
// reconfiguration forms takes the delegation status and ringfence of the predecessor that brings
// the most money, and an HCDD share weighted by what each brings.
struct Carried {
    std::vector<Money> baselines;
    std::vector<Money> remainders;
    std::vector<double> target_before;
    std::vector<std::int32_t> hcdd_share_bp;
    std::vector<DelegationStatus> statuses;
    std::vector<bool> ringfenced;
    std::vector<CarriedAllocation> rows;
};

Carried carry_allocations(const entities::Scenario& s, const entities::Reconfiguration& r,
                          Carried before) {
    const auto n = s.icbs.size();
    Carried after = before;
    after.baselines.assign(n, Money{});
    after.remainders.assign(n, Money{});
    after.target_before.assign(n, 0.0);
    after.rows.clear();
    std::vector<std::vector<rules::MappingShare>> parts(n);
    for (const auto& share : r.shares) {
        parts[share.from.index()].push_back(
            {share.from.index(), share.to.index(), share.share_micro});
    }
    std::vector<Int128> hcdd_weighted(n, 0);
    std::vector<std::optional<Money>> largest(n);
    for (std::size_t o = 0; o < n; ++o) {
        if (parts[o].empty()) {
            continue;
        }
        const auto baselines = rules::split_by_shares(before.baselines[o], parts[o]);
        const auto remainders = rules::split_by_shares(before.remainders[o], parts[o]);
        for (std::size_t k = 0; k < parts[o].size(); ++k) {
            const auto t = parts[o][k].to;
            after.baselines[t] += baselines[k];
            after.remainders[t] += remainders[k];
            after.target_before[t] += before.target_before[o] *
                                      static_cast<double>(parts[o][k].share_micro) /
                                      static_cast<double>(rules::k_share_whole);
            hcdd_weighted[t] += static_cast<Int128>(baselines[k].pence()) * before.hcdd_share_bp[o];
            if (s.icbs[t].from == r.year && (!largest[t] || baselines[k] > *largest[t])) {
                largest[t] = baselines[k];
                after.statuses[t] = before.statuses[o];
                after.ringfenced[t] = before.ringfenced[o];
                after.hcdd_share_bp[t] = before.hcdd_share_bp[o];
            }
            after.rows.push_back(
                {s.icbs[o].id, s.icbs[t].id, parts[o][k].share_micro, baselines[k]});
        }
    }
    for (std::size_t t = 0; t < n; ++t) {
        if (s.icbs[t].from == r.year && after.baselines[t] > Money{}) {
            after.hcdd_share_bp[t] = static_cast<std::int32_t>(
                entities::divide_rounded(hcdd_weighted[t], Int128{after.baselines[t].pence()},
                                         entities::Rounding::nearest_even));
        }
    }
    return after;
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
    auto exists = existing(s, s.first_year);
    Carried carried;
    carried.baselines = first_baselines(s, exists, carried.target_before);
    for (std::size_t i = 0; i < s.icbs.size(); ++i) {
        // Last year's remainders, for the HCDD cap.
        carried.remainders.push_back(carried.baselines[i] -
                                     carried.baselines[i].scale(s.icbs[i].hcdd_share_bp, 10'000,
                                                                entities::Rounding::nearest_even));
        carried.hcdd_share_bp.push_back(s.icbs[i].hcdd_share_bp);
        carried.statuses.push_back(s.icbs[i].delegation);
        carried.ringfenced.push_back(s.icbs[i].ringfenced);
    }

    std::vector<YearAllocation> result;
    for (int y = 0; y < years; ++y) {
        const auto& year = policy.years[static_cast<std::size_t>(y)];
        YearAllocation out{year.year, year.budget, {}, {}};
        for (const auto& reconfiguration : s.reconfigurations) {
            if (reconfiguration.year == year.year) {
                carried = carry_allocations(s, reconfiguration, std::move(carried));
                exists = existing(s, year.year);
                out.carried = carried.rows;
            }
        }
        carried.statuses = statuses_for(s, year, carried.statuses);
        const auto weights = compact(weights_in(s, year.year), exists);
        const auto targets = expand(rules::targets(year.budget, weights), exists);
        std::vector<Money> allocations;
        try {
            allocations = expand(rules::converge({.policy = policy.policy,
                                                  .baselines = compact(carried.baselines, exists),
                                                  .targets = compact(targets, exists),
                                                  .budget = year.budget,
                                                  .floor_growth_bp = year.floor_growth_bp,
                                                  .cap_growth_bp = year.cap_growth_bp,
                                                  .tolerance_bp = year.tolerance_bp,
                                                  .pace_bp = year.pace_bp}),
                                 exists);
        } catch (const InfeasiblePolicy& error) {
            throw located(error, year, static_cast<std::size_t>(y));
        }
        for (std::size_t i = 0; i < s.icbs.size(); ++i) {
            if (!exists[i]) {
                continue;
            }
            IcbAllocation row;
            row.icb = s.icbs[i].id;
            row.baseline = carried.baselines[i];
            row.target = targets[i];
            row.target_before = carried.target_before[i];
            row.allocation = allocations[i];
            const auto base = static_cast<double>(carried.baselines[i].pence());
            const auto alloc = static_cast<double>(allocations[i].pence());
            row.dft_before = ratio_minus_one(base, row.target_before);
            row.dft_after = ratio_minus_one(alloc, static_cast<double>(targets[i].pence()));
            row.growth = ratio_minus_one(alloc, base);
            const bool over_target = allocations[i] > targets[i];
            row.parts = rules::partition_allocation(
                {.allocation = allocations[i],
                 .hcdd_share_bp = carried.hcdd_share_bp[i],
                 .remainder_cap = over_target ? std::optional(carried.remainders[i].scale(
                                                    10'000 + year.cost_uplift_bp, 10'000,
                                                    entities::Rounding::down))
                                              : std::nullopt,
                 .delegable_share_bp = policy.delegable_share_bp,
                 .not_ready_share_bp = policy.not_ready_share_bp,
                 .retained_share_bp = policy.retained_share_bp});
            row.status = carried.statuses[i];
            row.ringfenced = carried.ringfenced[i];
            row.delegated =
                row.status == DelegationStatus::delegated ? row.parts.delegable : Money{};
            row.retained = row.parts.remainder - row.delegated;
            out.icbs.push_back(row);
            carried.remainders[i] = row.parts.remainder;
            carried.target_before[i] = static_cast<double>(targets[i].pence());
        }
        carried.baselines = allocations;
        result.push_back(std::move(out));
    }
    return result;
}

} // namespace specflow::sim
