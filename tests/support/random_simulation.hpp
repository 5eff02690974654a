#pragma once

// One random valid scenario for simulation testing, from a seed: the shapes of
// random_scenario.hpp combined, each feature present for some seeds and absent for others, so
// that every contract kind, lead-ICB arrangements, risk pools, every kind of shock, ICB
// reconfigurations and the activity model all meet over many seeds.

#include "random_scenario.hpp"

#include <algorithm>
#include <cstdint>
#include <set>
#include <type_traits>
#include <variant>
#include <vector>

namespace specflow::testing {

struct SimulationCase {
    entities::Scenario scenario;
    int years = 1;
    // What the seed drew, to say which features a failing seed had.
    bool allocation = false;
    bool arrangements_and_shocks = false;
    int reconfigurations = 0;
    bool activity_model = false;
};

// The ICBs a scenario's shocks name: they must exist while the shock is in force, so a random
// reconfiguration keeps them.
inline std::set<std::uint32_t> icbs_named_by_shocks(const entities::Scenario& s) {
    std::set<std::uint32_t> named;
    for (const auto& shock : s.shocks) {
        std::visit(
            [&](const auto& effect) {
                using Effect = std::decay_t<decltype(effect)>;
                if constexpr (std::is_same_v<Effect, entities::Repatriation> ||
                              std::is_same_v<Effect, entities::UpstreamInvestment>) {
                    named.insert(effect.icb.value());
                } else if constexpr (std::is_same_v<Effect, entities::ActivityShift> ||
                                     std::is_same_v<Effect, entities::DelegationChange>) {
                    if (effect.icb) {
                        named.insert(effect.icb->value());
                    }
                } else if constexpr (std::is_same_v<Effect, entities::Dispute>) {
                    named.insert(effect.participant.value());
                } else if constexpr (std::is_same_v<Effect, entities::PaymentCut>) {
                    if (!effect.payer.is_nhse()) {
                        named.insert(effect.payer.icb->value());
                    }
                }
            },
            shock.effect);
    }
    return named;
}

// Gives each service line a random activity model (DESIGN.md §7) within the ranges the loader
// accepts, plain Poisson chance (all zero) for about a third, and some lines a monthly profile
// of their own.
inline void add_random_activity_model(entities::Scenario& s, std::uint64_t seed) {
    SplitMix64 rng(seed);
    for (auto& line : s.service_lines) {
        if (rng.between(0, 2) > 0) {
            // Mostly the illustrative sizes, now and then up to the loader's limits.
            const bool wide = rng.between(0, 7) == 0;
            line.variation.monthly_cv_bp =
                static_cast<std::int32_t>(rng.between(0, wide ? 30'000 : 3'000));
            line.variation.national_cv_bp =
                static_cast<std::int32_t>(rng.between(0, wide ? 10'000 : 1'000));
            line.variation.provider_cv_bp =
                static_cast<std::int32_t>(rng.between(0, wide ? 10'000 : 2'000));
            line.variation.trend_sd_bp =
                static_cast<std::int32_t>(rng.between(0, wide ? 5'000 : 300));
        }
        if (rng.between(0, 3) == 0) {
            std::array<std::int64_t, 12> profile{};
            for (auto& weight : profile) {
                weight = rng.between(0, 150);
            }
            profile[static_cast<std::size_t>(rng.between(0, 11))] += 1;
            line.monthly_profile = profile;
        }
    }
}

// A random case of one to three financial years. A multi-year case always has an allocation; a
// one-year case has one for half the seeds (else ICB budgets from the table). Two thirds have an
// arrangement, a pool and shocks of every kind; a third of the multi-year cases reorganise their
// ICBs once or twice; two thirds vary activity beyond Poisson chance.
inline SimulationCase random_simulation_case(std::uint64_t seed) {
    SplitMix64 rng(seed ^ 0x5EED'CA5E'0000'0000ULL);
    SimulationCase c{.scenario = random_scenario(seed),
                     .years = static_cast<int>(rng.between(1, 3))};
    auto& s = c.scenario;
    c.allocation = c.years > 1 || rng.between(0, 1) == 0;
    if (c.allocation) {
        add_random_allocation(s, rng.next(), c.years);
    }
    add_random_drugs_and_trends(s, rng.next());
    c.arrangements_and_shocks = rng.between(0, 2) > 0;
    std::vector<entities::FinancialYear> changes;
    if (c.years > 1 && rng.between(0, 2) == 0) {
        changes.emplace_back(s.first_year.start_year() + 1 +
                             static_cast<int>(rng.between(0, c.years - 2)));
        if (changes[0].start_year() + 1 < s.first_year.start_year() + c.years &&
            rng.between(0, 1) == 0) {
            changes.push_back(changes[0].next());
        }
    }
    if (c.arrangements_and_shocks) {
        add_random_arrangements_and_shocks(s, rng.next(), c.years);
        // A dispute may not be open across a change of ICBs.
        for (const auto change : changes) {
            std::erase_if(s.shocks, [&](const entities::Shock& shock) {
                const auto* dispute = std::get_if<entities::Dispute>(&shock.effect);
                return dispute != nullptr && shock.start.year < change.next() &&
                       change <= dispute->settled.year;
            });
        }
    }
    for (const auto change : changes) {
        add_random_reconfiguration(s, rng.next(), change, icbs_named_by_shocks(s));
    }
    c.reconfigurations = static_cast<int>(changes.size());
    c.activity_model = rng.between(0, 2) > 0;
    if (c.activity_model) {
        add_random_activity_model(s, rng.next());
    }
    s.policy.forecast_from_month = static_cast<int>(rng.between(1, 12));
    return c;
}

} // namespace specflow::testing
