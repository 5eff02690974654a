// Properties that hold for any scenario: the books balance at every month close, money enters
// only from the national budget, every payment lands as provider income, and the year's last
// forecast outturn is its actual.

#include "sim/runners/replication.hpp"
#include "sim/runners/year_plan.hpp"
#include "tests/sim/runners/recording_sink.hpp"
#include "tests/support/random_scenario.hpp"

#include <cstdlib>
#include <doctest/doctest.h>
#include <map>
#include <utility>

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
// overspent). What an ICB pays to local pathways is part of its underspend.
void check_waterfall(const specflow::sim::RunModel& model, const RecordingSink& sink) {
    std::map<int, Money> budget;
    std::map<int, Money> held_back;
    std::map<int, Money> income;
    for (const auto& row : sink.icbs) {
        budget[row.month.year.start_year()] += row.budget;
        held_back[row.month.year.start_year()] += row.variance;
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
