// Properties that hold for any scenario: the books balance at every month close, money enters
// only from the national budget, every payment lands as provider income, and the year's last
// forecast outturn is its actual.

#include "sim/runners/replication.hpp"
#include "sim/runners/year_plan.hpp"
#include "tests/sim/runners/recording_sink.hpp"
#include "tests/support/random_simulation.hpp"

#include <cstdlib>
#include <doctest/doctest.h>
#include <map>
#include <set>
#include <type_traits>
#include <utility>
#include <variant>

namespace {

using specflow::entities::Money;
using specflow::testing::RecordingSink;

void check_properties(const specflow::entities::Scenario& scenario, const RecordingSink& sink) {
    REQUIRE(sink.closes.size() == 12);
    // The national budget entered at the start and nothing else ever did.
    for (const auto& close : sink.closes) {
        CHECK(close.ledger.issued_to_date == scenario.national_budget());
    }
    // What providers received is what ICBs spent plus what NHS England paid; NHS England paid
    // only on its own contracts, so ICB spend matches ICB-paid income exactly.
    Money income;
    Money income_from_icbs;
    for (const auto& row : sink.incomes) {
        income += row.amount;
        if (!row.payer.is_nhse()) {
            income_from_icbs += row.amount;
        }
    }
    Money provider_income;
    for (const auto& row : sink.providers) {
        provider_income += row.income;
        CHECK(row.pressure == row.cost - row.income);
    }
    Money icb_spend;
    Money icb_budget;
    for (const auto& row : sink.icbs) {
        icb_spend += row.spend;
        icb_budget += row.budget;
        CHECK(row.variance == row.budget - row.spend);
    }
    CHECK(provider_income == income);
    CHECK(icb_spend == income_from_icbs);
    CHECK(icb_budget == scenario.national_budget() - scenario.policy.nhse_direct_budget);
}

// The forecast outturn: none before the forecast month, one from it on, and in month 12 the
// year's actuals, entity by entity and year by year.
void check_forecasts(const RecordingSink& sink, int from_month) {
    std::map<std::uint32_t, std::pair<Money, Money>> provider_year; // income, cost
    for (const auto& row : sink.providers) {
        auto& [income, cost] = provider_year[row.provider.value()];
        if (row.month.month == 1) {
            income = cost = Money{};
        }
        income += row.income;
        cost += row.cost;
        REQUIRE(row.forecast.has_value() == (row.month.month >= from_month));
        if (row.month.month == 12) {
            CHECK(row.forecast->income == income);
            CHECK(row.forecast->cost == cost);
            CHECK(row.forecast->pressure == cost - income);
        }
    }
    std::map<std::uint32_t, std::pair<Money, Money>> icb_year; // budget, spend
    for (const auto& row : sink.icbs) {
        auto& [budget, spend] = icb_year[row.icb.value()];
        if (row.month.month == 1) {
            budget = spend = Money{};
        }
        budget += row.budget;
        spend += row.spend;
        REQUIRE(row.forecast.has_value() == (row.month.month >= from_month));
        if (row.month.month == 12) {
            CHECK(row.forecast->spend == spend);
            CHECK(row.forecast->variance == budget - spend);
        }
    }
}

// With no shocks and no arrangements, the expected-value run spends what each holder's
// commissioning plan planned, to within the pennies of the activity contracts' monthly rounding.
void check_spend_as_planned(const specflow::sim::RunModel& model, const RecordingSink& sink) {
    std::map<std::pair<int, std::uint32_t>, Money> spend;
    std::map<int, Money> direct;
    for (const auto& row : sink.icbs) {
        spend[{row.month.year.start_year(), row.icb.value()}] += row.spend;
    }
    for (const auto& row : sink.nationals) {
        direct[row.month.year.start_year()] += row.direct_spend;
    }
    for (std::size_t y = 0; y < model.year_count(); ++y) {
        const auto& plan = model.plan(y);
        const int year = plan.scenario.first_year.start_year();
        for (const auto& holder : plan.commissioning) {
            CAPTURE(year);
            const Money actual = holder.icb ? spend[{year, holder.icb->value()}] : direct[year];
            CHECK(std::llabs((actual - holder.planned()).pence()) <= 24);
        }
    }
}

// Year by year, the chain from the national budget to provider income closes to the penny:
// the budgets reported add up to the year's national budget, and provider income is that
// budget less what ICBs, NHS England's direct budget and the HCDD budget held back (or
// overspent) and what lead-ICB hubs cost to run (in the ICBs' spend, not paid to providers).
// What an ICB pays to local pathways is not in its spend: it is part of its variance.
void check_waterfall(const specflow::sim::RunModel& model, const RecordingSink& sink) {
    std::map<int, Money> budget;
    std::map<int, Money> held_back;
    std::map<int, Money> income;
    for (const auto& row : sink.icbs) {
        budget[row.month.year.start_year()] += row.budget;
        held_back[row.month.year.start_year()] += row.variance + row.hosting;
    }
    for (const auto& row : sink.nationals) {
        budget[row.month.year.start_year()] += row.direct_budget + row.hcdd_budget;
        held_back[row.month.year.start_year()] +=
            row.direct_budget - row.direct_spend + row.hcdd_budget - row.hcdd_spend;
    }
    for (const auto& row : sink.providers) {
        income[row.month.year.start_year()] += row.income;
    }
    for (std::size_t y = 0; y < model.year_count(); ++y) {
        const auto& scenario = model.plan(y).scenario;
        const int year = scenario.first_year.start_year();
        CHECK(budget[year] == scenario.national_budget());
        CHECK(income[year] == budget[year] - held_back[year]);
    }
}

} // namespace

TEST_CASE("ledger balances and money is conserved on 120 random scenarios") {
    for (std::uint64_t seed = 1; seed <= 120; ++seed) {
        CAPTURE(seed);
        const auto scenario = specflow::testing::random_scenario(seed);
        const specflow::sim::Model model(scenario, specflow::sim::Sampling::poisson);
        for (const std::uint32_t replication : {0U, 1U, 2U}) {
            CAPTURE(replication);
            RecordingSink sink;
            // run_replication throws LedgerImbalance if any month close finds the books out.
            REQUIRE_NOTHROW(
                specflow::sim::run_replication(model, {scenario.seed, replication}, sink));
            check_properties(scenario, sink);
            check_forecasts(sink, scenario.policy.forecast_from_month);
        }
    }
}

TEST_CASE("over a year, fixed payments add up to the annual values exactly") {
    for (std::uint64_t seed = 200; seed < 260; ++seed) {
        CAPTURE(seed);
        const auto scenario = specflow::testing::random_scenario(seed);
        const specflow::sim::Model model(scenario, specflow::sim::Sampling::expected_only);
        RecordingSink sink;
        specflow::sim::run_replication(model, {scenario.seed, 0}, sink);
        // Replication 0 runs to plan, so the API variable element is zero and a year's income
        // from block, API and LVA contracts is exactly the sum of their annual values.
        Money fixed_expected;
        for (const auto& contract : scenario.contracts) {
            if (contract.kind != specflow::entities::ContractKind::activity) {
                fixed_expected += contract.annual_value;
            }
        }
        Money fixed_paid;
        for (const auto& row : sink.incomes) {
            if (row.kind != specflow::entities::ContractKind::activity) {
                fixed_paid += row.amount;
            }
        }
        CHECK(fixed_paid == fixed_expected);
    }
}

TEST_CASE("three-year runs with random allocations balance every month on 100 scenarios") {
    for (std::uint64_t seed = 400; seed < 500; ++seed) {
        CAPTURE(seed);
        auto scenario = specflow::testing::random_scenario(seed);
        specflow::testing::add_random_allocation(scenario, seed * 7 + 1, 3);
        specflow::testing::add_random_drugs_and_trends(scenario, seed * 11 + 3);
        const specflow::sim::RunModel model(specflow::sim::plan_years(scenario, 3),
                                            specflow::sim::Sampling::poisson);
        Money budgets;
        for (std::size_t y = 0; y < model.year_count(); ++y) {
            const auto& plan = model.plan(y);
            budgets += plan.scenario.national_budget();
            // The year's budgets are exactly what the allocations gave out.
            CHECK(plan.scenario.national_budget() == plan.allocation->budget);
        }
        for (const std::uint32_t replication : {0U, 1U}) {
            RecordingSink sink;
            REQUIRE_NOTHROW(
                specflow::sim::run_replication(model, {scenario.seed, replication}, sink));
            REQUIRE(sink.closes.size() == 36);
            CHECK(sink.closes.back().ledger.issued_to_date == budgets);
            Money income;
            Money provider_income;
            for (const auto& row : sink.incomes) {
                income += row.amount;
            }
            for (const auto& row : sink.providers) {
                provider_income += row.income;
            }
            CHECK(income == provider_income);
            check_waterfall(model, sink);
            if (replication == 0) {
                check_spend_as_planned(model, sink);
            }
        }
    }
}

TEST_CASE("arrangements and shocks: books balance every month on 220 random scenarios") {
    for (std::uint64_t seed = 1'000; seed < 1'220; ++seed) {
        CAPTURE(seed);
        auto scenario = specflow::testing::random_scenario(seed);
        const int years = 1 + static_cast<int>(seed % 3);
        specflow::testing::add_random_allocation(scenario, seed * 3 + 1, years);
        specflow::testing::add_random_arrangements_and_shocks(scenario, seed * 5 + 2, years);
        specflow::testing::add_random_drugs_and_trends(scenario, seed * 13 + 4);
        scenario.policy.forecast_from_month = 1 + static_cast<int>(seed % 12);
        const specflow::sim::RunModel model(specflow::sim::plan_years(scenario, years),
                                            specflow::sim::Sampling::poisson);
        for (const std::uint32_t replication : {0U, 1U}) {
            RecordingSink sink;
            REQUIRE_NOTHROW(
                specflow::sim::run_replication(model, {scenario.seed, replication}, sink));
            REQUIRE(sink.closes.size() == static_cast<std::size_t>(12 * years));
            check_forecasts(sink, scenario.policy.forecast_from_month);
            check_waterfall(model, sink);
            for (std::size_t i = 0; i < sink.pools.size();) {
                // Each settlement's transfers net to zero.
                Money sum;
                const auto month = sink.pools[i].month;
                for (; i < sink.pools.size() && sink.pools[i].month == month; ++i) {
                    sum += sink.pools[i].transfer;
                }
                CHECK(sum == Money{});
            }
        }
    }
}

namespace {

Money icb_contract_value(const specflow::entities::Scenario& s) {
    Money total;
    for (const auto& contract : s.contracts) {
        if (!contract.payer.is_nhse() && !contract.ended) {
            total += contract.annual_value;
        }
    }
    return total;
}

// What a reconfiguration does to a year's scenario conserves everything to the penny.
void check_reconfigured(specflow::entities::Scenario before,
                        const specflow::entities::Reconfiguration& r) {
    using specflow::sim::reconfigure;
    before.first_year = r.year;
    auto after = before;
    const auto carry = reconfigure(after, r);
    // Contract values: in all, and each old ICB's split among the ICBs it maps to.
    CHECK(icb_contract_value(after) == icb_contract_value(before));
    std::map<std::uint32_t, Money> value_from;
    std::map<std::uint32_t, Money> value_to;
    std::map<std::uint32_t, std::int64_t> cases_from;
    for (const auto& part : carry.moved) {
        value_from[part.from.value()] += part.contract_value;
        value_to[part.to.value()] += part.contract_value;
        cases_from[part.from.value()] += part.cases_milli;
    }
    for (const auto& contract : before.contracts) {
        if (!contract.payer.is_nhse() && !contract.ended) {
            value_from[contract.payer.icb->value()] -= contract.annual_value;
        }
    }
    for (const auto& [icb, left] : value_from) {
        CHECK(left == Money{});
    }
    for (const auto& contract : after.contracts) {
        if (!contract.payer.is_nhse() && !contract.ended) {
            value_to[contract.payer.icb->value()] -= contract.annual_value;
            CHECK(after.icbs[contract.payer.icb->index()].exists_in(r.year));
        }
    }
    for (const auto& [icb, left] : value_to) {
        CHECK(left == Money{});
    }
    // Expected activity: per (provider, line), and each old ICB's patients in all.
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::int64_t> cases;
    for (const auto& flow : before.flows) {
        cases[{flow.provider.value(), flow.service_line.value()}] += flow.cases_per_year_milli;
        cases_from[flow.icb.value()] -= flow.cases_per_year_milli;
    }
    for (const auto& flow : after.flows) {
        cases[{flow.provider.value(), flow.service_line.value()}] -= flow.cases_per_year_milli;
        CHECK(after.icbs[flow.icb.index()].exists_in(r.year));
    }
    for (const auto& [key, left] : cases) {
        CHECK(left == 0);
    }
    for (const auto& [icb, left] : cases_from) {
        CHECK(left == 0);
    }
    REQUIRE_NOTHROW(after.verify());
    // Pool memberships: the ICBs the old members map to, each once.
    for (std::size_t p = 0; p < before.risk_pools.size(); ++p) {
        std::set<std::uint32_t> expected;
        for (const auto member : before.risk_pools[p].members) {
            for (const auto& part : carry.icb_parts(member)) {
                expected.insert(static_cast<std::uint32_t>(part.to));
            }
        }
        std::set<std::uint32_t> members;
        for (const auto member : after.risk_pools[p].members) {
            CHECK(members.insert(member.value()).second);
        }
        CHECK(members == expected);
    }
    // LVA histories: random histories carried keep each year's total to the penny.
    std::vector<specflow::sim::ContractState> states;
    std::vector<Money> totals(3);
    for (std::size_t c = 0; c < before.contracts.size(); ++c) {
        specflow::sim::ContractState state;
        for (std::size_t y = 0; y < 3; ++y) {
            state.history.push_back(Money::from_pence(
                static_cast<std::int64_t>((c * 7'919 + y * 104'729) % 50'000'001) - 99));
            totals[y] += state.history.back();
        }
        states.push_back(state);
    }
    const auto carried = specflow::sim::carry_contracts(carry, std::move(states));
    std::vector<Money> carried_totals(3);
    for (std::size_t c = 0; c < carried.size(); ++c) {
        if (c < before.contracts.size() && after.contracts[c].ended) {
            continue; // what it had is in the contracts it went to
        }
        for (std::size_t y = 0; y < carried[c].history.size(); ++y) {
            carried_totals[y + 3 - carried[c].history.size()] += carried[c].history[y];
        }
    }
    CHECK(carried_totals == totals);
}

} // namespace

TEST_CASE("reconfigurations conserve money to the penny on 300 random scenarios") {
    for (std::uint64_t seed = 3'000; seed < 3'300; ++seed) {
        CAPTURE(seed);
        auto scenario = specflow::testing::random_scenario(seed);
        constexpr int years = 3;
        specflow::testing::add_random_allocation(scenario, seed * 3 + 1, years);
        specflow::testing::add_random_drugs_and_trends(scenario, seed * 13 + 4);
        const specflow::entities::FinancialYear change(scenario.first_year.start_year() + 1 +
                                                       static_cast<int>(seed % 2));
        if (seed % 2 == 0) {
            specflow::testing::add_random_arrangements_and_shocks(scenario, seed * 5 + 2, years);
            // A dispute may not be open across the change.
            std::erase_if(scenario.shocks, [&](const specflow::entities::Shock& shock) {
                const auto* dispute = std::get_if<specflow::entities::Dispute>(&shock.effect);
                return dispute != nullptr && shock.start.year < change.next() &&
                       change <= dispute->settled.year;
            });
        }
        specflow::testing::add_random_reconfiguration(
            scenario, seed * 17 + 5, change, specflow::testing::icbs_named_by_shocks(scenario));
        // A third of those changing in the second FY change again in the third.
        if (seed % 6 == 0) {
            specflow::testing::add_random_reconfiguration(
                scenario, seed * 19 + 7, change.next(),
                specflow::testing::icbs_named_by_shocks(scenario));
        }
        const specflow::sim::RunModel model(specflow::sim::plan_years(scenario, years),
                                            specflow::sim::Sampling::poisson);
        const auto y =
            static_cast<std::size_t>(change.start_year() - scenario.first_year.start_year());
        // Allocations: each new ICB's baseline is what it takes of the old ICBs' allocations,
        // and each old ICB's allocation goes out whole.
        const auto& last_year = *model.plan(y - 1).allocation;
        const auto& this_year = *model.plan(y).allocation;
        std::map<std::uint32_t, Money> given;
        std::map<std::uint32_t, Money> taken;
        for (const auto& row : this_year.carried) {
            given[row.from.value()] += row.allocation;
            taken[row.to.value()] += row.allocation;
        }
        Money old_total;
        for (const auto& row : last_year.icbs) {
            CHECK(given[row.icb.value()] == row.allocation);
            old_total += row.allocation;
        }
        Money new_total;
        for (const auto& row : this_year.icbs) {
            CHECK(row.baseline == taken[row.icb.value()]);
            CHECK(scenario.icbs[row.icb.index()].exists_in(change));
            new_total += row.baseline;
        }
        CHECK(new_total == old_total);
        check_reconfigured(model.plan(y - 1).scenario, scenario.reconfigurations[0]);
        // The books balance at every month close, through the change.
        for (const std::uint32_t replication : {0U, 1U}) {
            CAPTURE(replication);
            RecordingSink sink;
            REQUIRE_NOTHROW(
                specflow::sim::run_replication(model, {scenario.seed, replication}, sink));
            REQUIRE(sink.closes.size() == static_cast<std::size_t>(12 * years));
            check_waterfall(model, sink);
            for (const auto& row : sink.icbs) {
                CHECK(scenario.icbs[row.icb.index()].exists_in(row.month.year));
            }
            if (replication == 0 && seed % 2 == 1) {
                check_spend_as_planned(model, sink);
            }
        }
    }
}
