#pragma once

// Random scenarios for property tests: any shape the loader accepts, from a seed. Uses its own
// SplitMix64 generator so that the scenarios are the same on every standard library.

#include "scenario_builder.hpp"

#include <algorithm>
#include <cstdint>
#include <set>
#include <vector>

namespace specflow::testing {

using entities::Money;

class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in [low, high].
    std::int64_t between(std::int64_t low, std::int64_t high) {
        return low + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(high - low + 1));
    }

private:
    std::uint64_t state_;
};

// Regions, ICBs, providers and lines in random numbers; every (ICB, provider) pair with flows
// has one contract of a random kind (sometimes paid by NHS England); values, prices, costs,
// budgets and the monthly profile random, odd pennies included.
inline entities::Scenario random_scenario(std::uint64_t seed) {
    SplitMix64 rng(seed);
    ScenarioBuilder b;
    const auto regions = rng.between(1, 3);
    for (std::int64_t r = 0; r < regions; ++r) {
        (void)b.region("Region " + std::to_string(r));
    }
    const auto icbs = rng.between(1, 6);
    for (std::int64_t i = 0; i < icbs; ++i) {
        const entities::RegionId region(static_cast<std::uint32_t>(rng.between(0, regions - 1)));
        const auto icb = b.icb("ICB " + std::to_string(i), region,
                               Money::from_pence(rng.between(0, 2'000'000'000'00)));
        if (rng.between(0, 2) == 0) {
            b.scenario().icbs[icb.index()].delegation = entities::DelegationStatus::joint;
        }
    }
    const auto providers = rng.between(1, 5);
    const auto lines = rng.between(1, 4);
    for (std::int64_t l = 0; l < lines; ++l) {
        (void)b.line("Line " + std::to_string(l), Money::from_pence(rng.between(0, 5'000'000)));
    }
    for (std::int64_t p = 0; p < providers; ++p) {
        const entities::IcbId home(static_cast<std::uint32_t>(rng.between(0, icbs - 1)));
        const auto provider = b.provider("Provider " + std::to_string(p), home);
        for (std::int64_t l = 0; l < lines; ++l) {
            b.cost(provider, entities::ServiceLineId(static_cast<std::uint32_t>(l)),
                   Money::from_pence(rng.between(0, 50'000'000'00)),
                   Money::from_pence(rng.between(0, 4'000'000)));
        }
    }
    for (std::int64_t i = 0; i < icbs; ++i) {
        for (std::int64_t p = 0; p < providers; ++p) {
            if (rng.between(0, 3) == 0) {
                continue; // no flows for this pair
            }
            const auto kind = static_cast<entities::ContractKind>(rng.between(0, 3));
            const entities::IcbId icb(static_cast<std::uint32_t>(i));
            const entities::ProviderId provider(static_cast<std::uint32_t>(p));
            const auto payer = rng.between(0, 5) == 0 ? payer_nhse() : payer_icb(icb);
            const auto value = kind == entities::ContractKind::activity
                                   ? Money{}
                                   : Money::from_pence(rng.between(0, 3'000'000'000'00));
            const auto contract = b.contract(payer, provider, kind, value,
                                             static_cast<std::int32_t>(rng.between(0, 10'000)),
                                             static_cast<std::int32_t>(rng.between(0, 10'000)));
            for (std::int64_t l = 0; l < lines; ++l) {
                if (rng.between(0, 2) > 0) {
                    b.flow(icb, provider, entities::ServiceLineId(static_cast<std::uint32_t>(l)),
                           rng.between(0, 400'000), contract);
                }
            }
        }
    }
    auto& scenario = b.scenario();
    for (auto& weight : scenario.policy.monthly_profile) {
        weight = rng.between(0, 20);
    }
    scenario.policy.monthly_profile[static_cast<std::size_t>(rng.between(0, 11))] += 1;
    scenario.policy.nhse_direct_budget = Money::from_pence(rng.between(0, 1'000'000'000'00));
    scenario.seed = static_cast<std::uint32_t>(rng.next());
    return scenario;
}

// Gives each line a random demand trend (−5% to +10% a year) and about a third of the
// (provider, line) pairs with flows a drugs row: a random annual cost and growth (−5% to +15%).
inline void add_random_drugs_and_trends(entities::Scenario& scenario, std::uint64_t seed) {
    SplitMix64 rng(seed);
    for (auto& line : scenario.service_lines) {
        line.demand_trend_bp = static_cast<std::int32_t>(rng.between(-500, 1'000));
    }
    std::set<std::pair<std::uint32_t, std::uint32_t>> pairs;
    for (const auto& flow : scenario.flows) {
        if (flow.cases_per_year_milli > 0) {
            pairs.emplace(flow.provider.value(), flow.service_line.value());
        }
    }
    for (const auto& [provider, line] : pairs) {
        if (rng.between(0, 2) == 0) {
            scenario.drugs.push_back({entities::ProviderId(provider), entities::ServiceLineId(line),
                                      Money::from_pence(rng.between(0, 500'000'000'00)),
                                      static_cast<std::int32_t>(rng.between(-500, 1'500))});
        }
    }
}

// Adds a feasible [allocation] of `years` years to a random scenario: random policy, baseline
// total, shares, growth with a floor below and a cap above it, and some regions delegated later.
inline void add_random_allocation(entities::Scenario& scenario, std::uint64_t seed, int years) {
    SplitMix64 rng(seed);
    auto& a = scenario.allocation;
    a.policy = rng.between(0, 1) == 0 ? entities::ConvergencePolicy::level_up
                                      : entities::ConvergencePolicy::pace;
    a.baseline_total = Money::from_pence(rng.between(1'000'000'00, 5'000'000'000'00));
    a.delegable_share_bp = static_cast<std::int32_t>(rng.between(5'000, 10'000));
    a.not_ready_share_bp = static_cast<std::int32_t>(rng.between(0, 10'000 - a.delegable_share_bp));
    a.retained_share_bp = 10'000 - a.delegable_share_bp - a.not_ready_share_bp;
    for (auto& icb : scenario.icbs) {
        icb.hcdd_share_bp = static_cast<std::int32_t>(rng.between(0, 3'000));
        icb.dft_bp = rng.between(-2'000, 3'000);
    }
    Money budget = a.baseline_total;
    for (int y = 0; y < years; ++y) {
        entities::YearPolicy year;
        year.year = entities::FinancialYear(scenario.first_year.start_year() + y);
        const auto growth = rng.between(-200, 800);
        budget = budget.scale(10'000 + growth, 10'000, entities::Rounding::nearest_even);
        year.budget = budget;
        year.floor_growth_bp = static_cast<std::int32_t>(growth - rng.between(50, 400));
        year.cap_growth_bp = static_cast<std::int32_t>(growth + rng.between(50, 2'000));
        year.tolerance_bp = static_cast<std::int32_t>(rng.between(0, 500));
        year.pace_bp = static_cast<std::int32_t>(rng.between(0, 10'000));
        year.cost_uplift_bp = static_cast<std::int32_t>(rng.between(0, 500));
        year.efficiency_bp = static_cast<std::int32_t>(rng.between(0, 300));
        if (rng.between(0, 2) == 0 && !scenario.regions.empty()) {
            year.delegate_regions.push_back(entities::RegionId(static_cast<std::uint32_t>(
                rng.between(0, static_cast<std::int64_t>(scenario.regions.size()) - 1))));
        }
        a.years.push_back(std::move(year));
    }
    scenario.policy.nhse_direct_budget = Money{};
}

// Adds a random lead-ICB arrangement, a risk pool and a few shocks of every kind to a random
// scenario of `years` years. Everything it names exists; shocks fall inside the run.
inline void add_random_arrangements_and_shocks(entities::Scenario& s, std::uint64_t seed,
                                               int years) {
    SplitMix64 rng(seed);
    const auto icbs = static_cast<std::int64_t>(s.icbs.size());
    const auto pick_icb = [&] {
        return entities::IcbId(static_cast<std::uint32_t>(rng.between(0, icbs - 1)));
    };
    const auto pick_line = [&] {
        return entities::ServiceLineId(static_cast<std::uint32_t>(
            rng.between(0, static_cast<std::int64_t>(s.service_lines.size()) - 1)));
    };
    const auto month = [&] {
        return entities::FinancialMonth{
            entities::FinancialYear(s.first_year.start_year() +
                                    static_cast<int>(rng.between(0, years - 1))),
            static_cast<int>(rng.between(1, 12))};
    };
    // An arrangement takes some ICB's contract (one that took none would be refused): its
    // provider is that contract's, its payer a participant.
    std::vector<const entities::Contract*> icb_contracts;
    for (const auto& c : s.contracts) {
        if (!c.payer.is_nhse()) {
            icb_contracts.push_back(&c);
        }
    }
    if (icbs >= 2 && !icb_contracts.empty()) {
        const auto& taken = *icb_contracts[static_cast<std::size_t>(
            rng.between(0, static_cast<std::int64_t>(icb_contracts.size()) - 1))];
        entities::LeadArrangement a;
        a.code = "hub";
        for (std::int64_t i = 0; i < icbs; ++i) {
            const entities::IcbId icb(static_cast<std::uint32_t>(i));
            if (i == 0 || icb == *taken.payer.icb || rng.between(0, 1) == 0) {
                a.participants.push_back(icb);
            }
        }
        a.host = a.participants[static_cast<std::size_t>(
            rng.between(0, static_cast<std::int64_t>(a.participants.size()) - 1))];
        a.providers = {taken.provider};
        a.basis = static_cast<entities::RechargeBasis>(rng.between(0, 2));
        a.settlement = rng.between(0, 1) == 0 ? entities::Settlement::monthly
                                              : entities::Settlement::quarterly;
        s.lead_arrangements.push_back(a);
        entities::RiskPool pool;
        pool.code = "pool";
        for (std::int64_t i = 0; i < icbs; ++i) {
            if (rng.between(0, 2) > 0) {
                pool.members.push_back(entities::IcbId(static_cast<std::uint32_t>(i)));
            }
        }
        pool.settlement = rng.between(0, 1) == 0 ? entities::Settlement::quarterly
                                                 : entities::Settlement::year_end;
        if (rng.between(0, 1) == 0) {
            pool.threshold = Money::from_pence(rng.between(0, 50'000'000'00));
        }
        if (rng.between(0, 1) == 0) {
            pool.cap = Money::from_pence(rng.between(0, 50'000'000'00));
        }
        if (!pool.members.empty()) {
            s.risk_pools.push_back(pool);
        }
        if (a.participants.size() > 1) {
            const auto participant = a.participants[a.participants[0] == a.host ? 1 : 0];
            const auto start = month();
            auto settled = month();
            if (settled < start) {
                settled = start;
            }
            s.shocks.push_back(
                {"dispute",
                 start,
                 0,
                 std::nullopt,
                 entities::Dispute{0, participant,
                                   static_cast<std::int32_t>(rng.between(0, 10'000)), settled},
                 {},
                 {}});
        }
    }
    const auto add = [&](entities::ShockEffect effect) {
        const auto start = month();
        std::optional<entities::FinancialMonth> end;
        if (rng.between(0, 1) == 0) {
            end = month();
            if (*end < start) {
                end = start;
            }
        }
        s.shocks.push_back(
            {"shock", start, static_cast<std::int32_t>(rng.between(0, 4)), end, effect, {}, {}});
    };
    // Each shift, cut and cost shock matches something (one that matched nothing would be
    // refused): an ICB and line some flow has, an ICB that pays some contract, a provider with
    // costs.
    const auto pick = [&](const auto& items) -> const auto& {
        return items[static_cast<std::size_t>(
            rng.between(0, static_cast<std::int64_t>(items.size()) - 1))];
    };
    if (!s.flows.empty()) {
        const auto& flow = pick(s.flows);
        add(entities::ActivityShift{flow.icb, std::nullopt, flow.service_line,
                                    static_cast<std::int32_t>(rng.between(0, 30'000))});
    }
    add(entities::PriceChange{pick_line(), static_cast<std::int32_t>(rng.between(-5'000, 5'000))});
    if (!s.costs.empty()) {
        add(entities::CostShock{pick(s.costs).provider, std::nullopt,
                                static_cast<std::int32_t>(rng.between(-5'000, 5'000))});
    }
    std::vector<entities::Payer> payers;
    for (const auto& c : s.contracts) {
        if (!c.payer.is_nhse()) {
            payers.push_back(c.payer);
        }
    }
    if (!payers.empty()) {
        add(entities::PaymentCut{pick(payers), std::nullopt,
                                 static_cast<std::int32_t>(rng.between(0, 10'000))});
    }
    add(entities::UpstreamInvestment{pick_icb(), Money::from_pence(rng.between(0, 10'000'000)),
                                     pick_line(), static_cast<std::int32_t>(rng.between(0, 12)),
                                     static_cast<std::int32_t>(rng.between(0, 10'000))});
    // A repatriation of an existing flow to another provider that the ICB has a contract with
    // (every provider offers every line here, and ICB contracts cover every line).
    for (const auto& flow : s.flows) {
        const auto to =
            std::find_if(s.contracts.begin(), s.contracts.end(), [&](const entities::Contract& c) {
                return !c.payer.is_nhse() && *c.payer.icb == flow.icb &&
                       c.provider != flow.provider;
            });
        if (to != s.contracts.end()) {
            add(entities::Repatriation{flow.icb, flow.service_line, flow.provider, to->provider,
                                       static_cast<std::int32_t>(rng.between(0, 10'000))});
            break;
        }
    }
    const auto fy_start = [&] {
        return entities::FinancialMonth{
            entities::FinancialYear(s.first_year.start_year() +
                                    static_cast<int>(rng.between(0, years - 1))),
            1};
    };
    s.shocks.push_back(
        {"delegation",
         fy_start(),
         0,
         std::nullopt,
         entities::DelegationChange{pick_icb(), std::nullopt,
                                    static_cast<entities::DelegationStatus>(rng.between(0, 1))},
         {},
         {}});
    s.shocks.push_back({"basis",
                        fy_start(),
                        0,
                        std::nullopt,
                        entities::PaymentBasisChange{
                            pick_line(), static_cast<entities::ContractKind>(rng.between(0, 3)),
                            std::nullopt, std::nullopt},
                        {},
                        {}});
}

// Adds a random reconfiguration at the start of FY `year` (after the first): each ICB of the
// year before keeps its code, or ends; each gives its population to one to three ICBs of the
// new FY (itself, others that continue, or new ones in any region) by random shares adding up
// to exactly 1, and every new ICB takes some. ICBs in `keep` continue and keep a share.
inline void add_random_reconfiguration(entities::Scenario& s, std::uint64_t seed,
                                       entities::FinancialYear year,
                                       const std::set<std::uint32_t>& keep = {}) {
    SplitMix64 rng(seed);
    const entities::FinancialYear before(year.start_year() - 1);
    std::vector<std::uint32_t> old_icbs;
    for (const auto& icb : s.icbs) {
        if (icb.exists_in(before)) {
            old_icbs.push_back(icb.id.value());
        }
    }
    std::vector<std::uint32_t> new_icbs;
    for (const auto o : old_icbs) {
        if (keep.contains(o) || rng.between(0, 2) > 0) {
            new_icbs.push_back(o); // continues
        } else {
            s.icbs[o].until = year;
        }
    }
    const auto formed = rng.between(new_icbs.empty() ? 1 : 0, 2);
    for (std::int64_t k = 0; k < formed; ++k) {
        entities::Icb icb;
        icb.id = entities::IcbId(static_cast<std::uint32_t>(s.icbs.size()));
        icb.code = "N" + std::to_string(year.start_year()) + "_" + std::to_string(k);
        icb.name = "New ICB " + std::to_string(k);
        icb.region = entities::RegionId(static_cast<std::uint32_t>(
            rng.between(0, static_cast<std::int64_t>(s.regions.size()) - 1)));
        icb.registered_population = rng.between(100'000, 3'000'000);
        icb.need_index_micro = rng.between(800'000, 1'200'000);
        icb.from = year;
        new_icbs.push_back(icb.id.value());
        s.icbs.push_back(std::move(icb));
    }
    entities::Reconfiguration r;
    r.year = year;
    std::set<std::uint32_t> receiving;
    for (std::size_t k = 0; k < old_icbs.size(); ++k) {
        const auto o = old_icbs[k];
        std::vector<std::uint32_t> to;
        if (s.icbs[o].exists_in(year)) {
            to.push_back(o);
        }
        const auto extra = rng.between(to.empty() ? 1 : 0, 2);
        for (std::int64_t e = 0; e < extra; ++e) {
            const auto pick = new_icbs[static_cast<std::size_t>(
                rng.between(0, static_cast<std::int64_t>(new_icbs.size()) - 1))];
            if (std::find(to.begin(), to.end(), pick) == to.end()) {
                to.push_back(pick);
            }
        }
        // The last old ICBs give to every new ICB not yet given to, so none is left empty.
        if (k + 1 == old_icbs.size()) {
            for (const auto n : new_icbs) {
                if (!receiving.contains(n) && std::find(to.begin(), to.end(), n) == to.end()) {
                    to.push_back(n);
                }
            }
        }
        std::int64_t left = entities::k_share_whole;
        for (std::size_t j = 0; j < to.size(); ++j) {
            const auto share =
                j + 1 == to.size()
                    ? left
                    : rng.between(1, left - static_cast<std::int64_t>(to.size() - j - 1));
            left -= share;
            r.shares.push_back({entities::IcbId(o), entities::IcbId(to[j]), share});
            receiving.insert(to[j]);
        }
    }
    s.reconfigurations.push_back(std::move(r));
}

} // namespace specflow::testing
