// Golden runs of the commissioning plan (DESIGN.md §5), the demand trend (§7) and NHS England's
// pass-through of high-cost drugs (§4.4), each on a small scenario with the arithmetic in a
// comment; then the plan's promise on the built-in England: in the expected-value run every
// budget holder spends its budget.

#include "scenarios/scenario_loader.hpp"
#include "sim/runners/replication.hpp"
#include "sim/runners/year_plan.hpp"
#include "tests/sim/runners/recording_sink.hpp"
#include "tests/support/scenario_builder.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <map>

namespace {

using namespace specflow::testing;
using specflow::entities::ContractKind;
using specflow::entities::FinancialYear;
using specflow::entities::Money;
using specflow::sim::Sampling;

Money pence(std::int64_t value) {
    return Money::from_pence(value);
}

// One ICB holding its whole allocation (no HCDD, all delegable), one trust P paid by a block
// for line L1 (£1,000 a case, 100 cases, £100,000) and one trust Q paid by activity for L2
// (£2,000 a case, 100 cases: £200,000). L1's demand grows 10% a year, L2's not at all. The
// allocation is £330,000 in 2024/25 and £350,000 in 2025/26; prices rise 3% − 1% = 2%; the
// second year holds half of what is left in reserve. No LVA threshold, so neither pair turns
// into an LVA in the second year.
ScenarioBuilder two_trusts() {
    ScenarioBuilder b;
    b.scenario().policy.lva_threshold = Money{};
    const auto region = b.region("Region");
    const auto icb = b.icb("ICB", region, Money{});
    const auto p = b.provider("P", icb);
    const auto q = b.provider("Q", icb);
    const auto l1 = b.line("L1", pounds(1'000));
    const auto l2 = b.line("L2", pounds(2'000));
    b.scenario().service_lines[l1.index()].demand_trend_bp = 1'000;
    b.cost(p, l1, pounds(0), pounds(500));
    b.cost(q, l2, pounds(0), pounds(1'000));
    b.flow(icb, p, l1, 100'000,
           b.contract(payer_icb(icb), p, ContractKind::block, pounds(100'000)));
    b.flow(icb, q, l2, 100'000, b.contract(payer_icb(icb), q, ContractKind::activity, Money{}));
    auto& allocation = b.scenario().allocation;
    allocation.baseline_total = pounds(300'000);
    allocation.delegable_share_bp = 10'000;
    for (int y = 0; y < 2; ++y) {
        specflow::entities::YearPolicy year;
        year.year = FinancialYear(2024 + y);
        year.budget = pounds(y == 0 ? 330'000 : 350'000);
        year.floor_growth_bp = -5'000;
        year.cap_growth_bp = 10'000;
        year.cost_uplift_bp = 300;
        year.efficiency_bp = 100;
        year.reserve_bp = y == 0 ? 0 : 5'000;
        allocation.years.push_back(year);
    }
    return b;
}

Money year_total(const RecordingSink& sink, int start_year, Money specflow::sim::IcbMonth::*what) {
    Money total;
    for (const auto& row : sink.icbs) {
        if (row.month.year.start_year() == start_year) {
            total += row.*what;
        }
    }
    return total;
}

} // namespace

TEST_CASE("commissioning plan: growth pays the price uplift, the demand trend, then investment") {
    auto b = two_trusts();
    const auto plans = specflow::sim::plan_years(b.scenario(), 2);
    REQUIRE(plans.size() == 2);
    SUBCASE("2024/25: the £30,000 the contracts leave is invested, buying 10% more of both") {
        // Rebased: block £100,000 + activity 100 × £2,000 = £300,000; budget £330,000; no
        // reserve: everything scales by 330/300 = 1.1. Cases 110 and 110; the activity contract
        // plans 110 × £2,000 = £220,000 and the block takes the rest, £110,000.
        const auto& plan = plans[0].commissioning[0];
        CHECK(plan.budget == pounds(330'000));
        CHECK(plan.committed == Money{});
        CHECK(plan.rebased == pounds(300'000));
        CHECK(plan.investment == pounds(30'000));
        CHECK(plan.reserve == Money{});
        CHECK(plan.planned() == pounds(330'000));
        const auto& s = plans[0].scenario;
        CHECK(s.contracts[0].annual_value == pounds(110'000));
        CHECK(s.flows[0].cases_per_year_milli == 110'000);
        CHECK(s.flows[1].cases_per_year_milli == 110'000);
    }
    SUBCASE("2025/26: prices +2%, L1's demand +10%, half the headroom held back") {
        // Prices £1,020 and £2,040. L1: 110 × 1.1 = 121 cases, £123,420, and the block rises
        // with its planned value: £110,000 × 123,420 / 110,000 = £123,420. L2: 110 cases,
        // £224,400. Rebased £347,820; budget £350,000 leaves £2,180, half of it (£1,090) in
        // reserve: the contracts share £348,910, a factor of 348,910 / 347,820. Cases:
        // 121,000 × that = 121,379.19 → 121,379 thousandths; 110,000 × that = 110,344.72 →
        // 110,345. Activity: 110.345 × £2,040 = £225,103.80; the block £348,910 − that =
        // £123,806.20.
        const auto& plan = plans[1].commissioning[0];
        CHECK(plan.budget == pounds(350'000));
        CHECK(plan.rebased == pounds(347'820));
        CHECK(plan.reserve == pounds(1'090));
        CHECK(plan.investment == pounds(1'090));
        CHECK(plan.planned() == pounds(348'910));
        const auto& s = plans[1].scenario;
        CHECK(s.service_lines[0].unit_price == pounds(1'020));
        CHECK(s.flows[0].cases_per_year_milli == 121'379);
        CHECK(s.flows[1].cases_per_year_milli == 110'345);
        CHECK(s.contracts[0].annual_value == pence(12'380'620));
    }
    SUBCASE("the expected-value run spends the budget less the reserve, to the penny") {
        const specflow::sim::RunModel model(plans, Sampling::expected_only);
        RecordingSink sink;
        specflow::sim::run_replication(model, {1, 0}, sink);
        CHECK(year_total(sink, 2024, &specflow::sim::IcbMonth::spend) == pounds(330'000));
        CHECK(year_total(sink, 2024, &specflow::sim::IcbMonth::variance) == Money{});
        CHECK(year_total(sink, 2025, &specflow::sim::IcbMonth::spend) == pounds(348'910));
        CHECK(year_total(sink, 2025, &specflow::sim::IcbMonth::variance) == pounds(1'090));
    }
}

TEST_CASE("commissioning plan: an ICB whose budget grows slower than its contracts cuts them") {
    // The same, with £270,000 in 2024/25: everything scales by 270/300 = 0.9. The activity
    // contract plans 90 × £2,000 = £180,000, the block £90,000; the trusts lose the cases.
    auto b = two_trusts();
    b.scenario().allocation.years[0].budget = pounds(270'000);
    const auto plans = specflow::sim::plan_years(b.scenario(), 1);
    const auto& plan = plans[0].commissioning[0];
    CHECK(plan.investment == pounds(-30'000));
    CHECK(plan.reserve == Money{}); // nothing is held back from a cut
    CHECK(plans[0].scenario.contracts[0].annual_value == pounds(90'000));
    CHECK(plans[0].scenario.flows[1].cases_per_year_milli == 90'000);
}

TEST_CASE("drugs: NHS England passes a trust's high-cost drugs through, following its activity") {
    // Budgets from the tables (no [allocation]): the ICB's £200,000 pays a block for 120 cases
    // of L at £1,000 (10 a month) at P. P's drugs for L cost £12,000 a year, growing 5%: a
    // cost per case of £12,000 / 120 = £100. The HCDD budget is the drugs table's total.
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto icb = b.icb("ICB", region, pounds(200'000));
    const auto p = b.provider("P", icb);
    const auto line = b.line("L", pounds(1'000));
    b.cost(p, line, pounds(12'000), pounds(600));
    b.flow(icb, p, line, 120'000,
           b.contract(payer_icb(icb), p, ContractKind::block, pounds(120'000)));
    b.scenario().drugs.push_back({p, line, pounds(12'000), 500});
    // The block happens to have the code the drugs contract would take: the drugs contract's
    // gets a "~" so that codes stay unique.
    b.scenario().contracts[0].code = "HCDD-" + b.scenario().providers[p.index()].code;
    const auto plans = specflow::sim::plan_years(b.scenario(), 1);
    const auto& s = plans[0].scenario;
    REQUIRE(s.contracts.size() == 2);
    CHECK(s.contracts[1].kind == ContractKind::drugs);
    CHECK(s.contracts[1].code == s.contracts[0].code + "~");
    CHECK(s.contracts[1].payer.is_nhse());
    CHECK(s.policy.hcdd_budget == pounds(12'000));
    const specflow::sim::RunModel model(plans, Sampling::poisson);
    SUBCASE("expected values: £1,000 a month, income and cost alike; nothing left in HCDD") {
        // Each month: block £10,000 and drugs 10 × £100 = £1,000 income; cost £1,000 fixed +
        // 10 × £600 + £1,000 drugs = £8,000; pressure −£3,000 as without the drugs.
        RecordingSink sink;
        specflow::sim::run_replication(model, {1, 0}, sink);
        for (int m = 1; m <= 12; ++m) {
            const auto& row = sink.provider(p.value(), m);
            CHECK(row.income == pounds(11'000));
            CHECK(row.cost == pounds(8'000));
            CHECK(row.pressure == pounds(-3'000));
        }
        Money drugs;
        for (const auto& row : sink.incomes) {
            if (row.kind == ContractKind::drugs) {
                CHECK(row.payer.is_nhse());
                drugs += row.amount;
            }
        }
        CHECK(drugs == pounds(12'000));
        Money budget;
        Money spend;
        for (const auto& row : sink.nationals) {
            budget += row.hcdd_budget;
            spend += row.hcdd_spend;
        }
        CHECK(budget == pounds(12'000));
        CHECK(spend == pounds(12'000));
    }
    SUBCASE("drawn activity: the drugs are £100 a case, income matching cost") {
        RecordingSink sink;
        specflow::sim::run_replication(model, {1, 3}, sink);
        for (int m = 1; m <= 12; ++m) {
            const auto& row = sink.provider(p.value(), m);
            // cost − block − drugs = £1,000 + cases × £600 − £10,000, so the drugs cancel:
            // income − £10,000 is the drugs, £100 a case, and cost carries the same.
            const Money drugs = row.income - pounds(10'000);
            CHECK(drugs.pence() % 10'000 == 0);
            const auto cases = drugs.pence() / 10'000;
            CHECK(row.cost == pounds(1'000) + pounds(600) * cases + drugs);
        }
    }
}

TEST_CASE("England, expected values over five years: every budget holder spends its budget") {
    // DESIGN.md §5: with no shocks and no reserve, planned spend is the budget, so each ICB's
    // annual variance is a few pence at most (the activity contracts' monthly rounding), and
    // NHS England's direct budget likewise; the HCDD budget's variance is what the drugs table
    // leaves of it.
    const auto scenario = specflow::scenarios::load_scenario(
        std::filesystem::path(SPECFLOW_SOURCE_DIR) / "scenarios/england-2024-25/scenario.toml");
    const specflow::sim::RunModel model(specflow::sim::plan_years(scenario, 5),
                                        Sampling::expected_only);
    RecordingSink sink;
    specflow::sim::run_replication(model, {scenario.seed, 0}, sink);
    std::map<std::pair<int, std::uint32_t>, Money> variance;
    for (const auto& row : sink.icbs) {
        variance[{row.month.year.start_year(), row.icb.value()}] += row.variance;
    }
    CHECK(variance.size() == 2 * 42 + 3 * 36); // 42 ICBs, then 36 from April 2026
    for (const auto& [key, amount] : variance) {
        CHECK(amount.pence() <= 12);
        CHECK(amount.pence() >= -12);
    }
    std::map<int, Money> direct;
    for (const auto& row : sink.nationals) {
        direct[row.month.year.start_year()] += row.direct_budget - row.direct_spend;
    }
    for (const auto& [year, amount] : direct) {
        CHECK(amount.pence() <= 12);
        CHECK(amount.pence() >= -12);
    }
}
