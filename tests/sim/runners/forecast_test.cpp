// Golden runs of the forecast outturn (DESIGN.md §8): from the policy's forecast month, each ICB's
// and provider's forecast for the year is its actuals to date plus plan for the months to come.
//
// The scenario: one ICB with a budget of £2,400,000 (£200,000 a month) and one provider. A block
// contract of £1,200,000 (£100,000 a month) covers cardiac surgery, 120 cases a year at £1,000
// (10 a month); an activity contract covers renal transplants, 60 a year at £2,000 (5 a month,
// £10,000). The provider's costs: cardiac £600,000 a year fixed (£50,000 a month) + £900 a case,
// transplants £120,000 fixed (£10,000 a month) + £1,500 a case.
//
// A month's plan: ICB spend £100,000 + £10,000 = £110,000, budget £200,000; provider income
// £110,000, cost £50,000 + 10 × £900 + £10,000 + 5 × £1,500 = £76,500. The year's plan: spend
// and income 12 × £110,000 = £1,320,000; ICB variance £2,400,000 − £1,320,000 = £1,080,000;
// provider cost 12 × £76,500 = £918,000, pressure £918,000 − £1,320,000 = −£402,000.

#include "sim/rules/lva.hpp"
#include "sim/runners/replication.hpp"
#include "sim/runners/year_plan.hpp"
#include "tests/sim/runners/lva_pair.hpp"
#include "tests/sim/runners/recording_sink.hpp"
#include "tests/support/scenario_builder.hpp"

#include <doctest/doctest.h>

namespace {

using namespace specflow::testing;
using specflow::entities::ContractKind;
using specflow::entities::FinancialMonth;
using specflow::entities::FinancialYear;
using specflow::entities::Money;
using specflow::sim::Model;
using specflow::sim::Sampling;

const FinancialYear k_fy{2024};
constexpr std::uint32_t k_icb = 0;
constexpr std::uint32_t k_provider = 0;
const Money k_month_spend = pounds(110'000);
const Money k_month_budget = pounds(200'000);
const Money k_month_cost = pounds(76'500);

ScenarioBuilder block_and_activity() {
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto icb = b.icb("Alpha", region, pounds(2'400'000));
    const auto provider = b.provider("Trust", icb);
    const auto cardiac = b.line("Cardiac surgery", pounds(1'000));
    const auto renal = b.line("Renal transplant", pounds(2'000));
    b.cost(provider, cardiac, pounds(600'000), pounds(900));
    b.cost(provider, renal, pounds(120'000), pounds(1'500));
    b.flow(icb, provider, cardiac, 120'000,
           b.contract(payer_icb(icb), provider, ContractKind::block, pounds(1'200'000)));
    b.flow(icb, provider, renal, 60'000,
           b.contract(payer_icb(icb), provider, ContractKind::activity, Money{}));
    return b;
}

RecordingSink run(const specflow::entities::Scenario& scenario, Sampling sampling,
                  std::uint32_t replication) {
    const Model model(scenario, sampling);
    RecordingSink sink;
    specflow::sim::run_replication(model, {42, replication}, sink);
    return sink;
}

// The ICB's and provider's actuals over months 1 .. month.
struct ToDate {
    Money budget;
    Money spend;
    Money income;
    Money cost;
};

ToDate to_date(const RecordingSink& sink, int month) {
    ToDate sums;
    for (int m = 1; m <= month; ++m) {
        sums.budget += sink.icb(k_icb, m).budget;
        sums.spend += sink.icb(k_icb, m).spend;
        sums.income += sink.provider(k_provider, m).income;
        sums.cost += sink.provider(k_provider, m).cost;
    }
    return sums;
}

} // namespace

TEST_CASE("forecast outturn: none before the forecast month, the plan year at plan") {
    // Replication 0 with no shock: every month is the plan, so from M9 on the forecast is the
    // year's plan, which is also the year's actual.
    auto b = block_and_activity();
    const auto sink = run(b.scenario(), Sampling::expected_only, 0);
    for (int month = 1; month <= 8; ++month) {
        CAPTURE(month);
        CHECK_FALSE(sink.icb(k_icb, month).forecast.has_value());
        CHECK_FALSE(sink.provider(k_provider, month).forecast.has_value());
    }
    for (int month = 9; month <= 12; ++month) {
        CAPTURE(month);
        const auto& icb = sink.icb(k_icb, month).forecast;
        const auto& provider = sink.provider(k_provider, month).forecast;
        REQUIRE(icb.has_value());
        REQUIRE(provider.has_value());
        CHECK(icb->spend == pounds(1'320'000));
        CHECK(icb->variance == pounds(1'080'000));
        CHECK(provider->income == pounds(1'320'000));
        CHECK(provider->cost == pounds(918'000));
        CHECK(provider->pressure == pounds(-402'000));
    }
    const auto year = to_date(sink, 12);
    CHECK(year.spend == pounds(1'320'000));
    CHECK(year.cost == pounds(918'000));
}

TEST_CASE("forecast outturn: a replication asked for none (a Monte Carlo one) has none") {
    const auto plans = specflow::sim::plan_years(block_and_activity().scenario(), 1);
    const specflow::sim::RunModel model(plans, Sampling::expected_only);
    RecordingSink sink;
    specflow::sim::run_replication(model, {42, 0}, sink, {.forecast = false});
    for (int month = 1; month <= 12; ++month) {
        CHECK_FALSE(sink.icb(k_icb, month).forecast.has_value());
        CHECK_FALSE(sink.provider(k_provider, month).forecast.has_value());
    }
    // The same run with forecasts, for contrast: December has one.
    RecordingSink with;
    specflow::sim::run_replication(model, {42, 0}, with);
    CHECK(with.icb(k_icb, 9).forecast.has_value());
}

TEST_CASE("forecast outturn: a shock from January shows in the forecast as its months close") {
    // Transplant activity rises by half from M10 (January): 7.5 cases a month, paid 7.5 ×
    // £2,000 = £15,000 and costing 7.5 × £1,500 = £11,250 at the margin, so the month costs
    // £50,000 + £9,000 + £10,000 + £11,250 = £80,250; the plan does not move.
    //   M9:  the plan year, as above (the shock has not happened yet).
    //   M10: spend 9 × £110,000 + £115,000 = £1,105,000 to date, + 2 × £110,000 planned =
    //        £1,325,000; variance £2,400,000 − £1,325,000 = £1,075,000. Provider cost
    //        9 × £76,500 + £80,250 = £768,750 to date, + 2 × £76,500 = £921,750; income
    //        £1,325,000; pressure £921,750 − £1,325,000 = −£403,250.
    //   M12: the actual year: spend and income 9 × £110,000 + 3 × £115,000 = £1,335,000;
    //        variance £1,065,000; cost 9 × £76,500 + 3 × £80,250 = £929,250; pressure
    //        £929,250 − £1,335,000 = −£405,750.
    auto b = block_and_activity();
    const specflow::entities::ServiceLineId renal(1);
    specflow::entities::Shock shift;
    shift.code = "more transplants";
    shift.start = FinancialMonth{k_fy, 10};
    shift.effect = specflow::entities::ActivityShift{
        .icb = std::nullopt, .provider = std::nullopt, .service_line = renal, .factor_bp = 15'000};
    b.scenario().shocks.push_back(shift);
    const auto sink = run(b.scenario(), Sampling::expected_only, 0);

    const auto nine = sink.icb(k_icb, 9).forecast.value();
    CHECK(nine.spend == pounds(1'320'000));
    CHECK(sink.provider(k_provider, 9).forecast.value().cost == pounds(918'000));

    const auto ten = sink.icb(k_icb, 10).forecast.value();
    CHECK(ten.spend == pounds(1'325'000));
    CHECK(ten.variance == pounds(1'075'000));
    const auto provider_ten = sink.provider(k_provider, 10).forecast.value();
    CHECK(provider_ten.income == pounds(1'325'000));
    CHECK(provider_ten.cost == pounds(921'750));
    CHECK(provider_ten.pressure == pounds(-403'250));

    const auto twelve = sink.icb(k_icb, 12).forecast.value();
    CHECK(twelve.spend == pounds(1'335'000));
    CHECK(twelve.variance == pounds(1'065'000));
    const auto provider_twelve = sink.provider(k_provider, 12).forecast.value();
    CHECK(provider_twelve.income == pounds(1'335'000));
    CHECK(provider_twelve.cost == pounds(929'250));
    CHECK(provider_twelve.pressure == pounds(-405'750));
}

TEST_CASE("forecast outturn: Poisson draws, actuals to date plus the plan to the penny") {
    // Whatever the draws, the forecast after month m is what the rows of months 1 .. m say plus
    // (12 − m) months of plan (£110,000 spend and income, £200,000 budget, £76,500 cost); in
    // month 12 it is the year's actual.
    auto b = block_and_activity();
    const auto sink = run(b.scenario(), Sampling::poisson, 5);
    for (int month = 9; month <= 12; ++month) {
        CAPTURE(month);
        const auto actual = to_date(sink, month);
        const std::int64_t left = 12 - month;
        const auto icb = sink.icb(k_icb, month).forecast.value();
        const auto provider = sink.provider(k_provider, month).forecast.value();
        const Money spend = actual.spend + k_month_spend * left;
        CHECK(icb.spend == spend);
        CHECK(icb.variance == actual.budget + k_month_budget * left - spend);
        CHECK(provider.income == actual.income + k_month_spend * left);
        CHECK(provider.cost == actual.cost + k_month_cost * left);
        CHECK(provider.pressure == provider.cost - provider.income);
    }
    const auto year = to_date(sink, 12);
    CHECK(sink.icb(k_icb, 12).forecast->spend == year.spend);
    CHECK(sink.provider(k_provider, 12).forecast->cost == year.cost);
    CHECK(year.cost != pounds(918'000)); // the draws moved the year off plan
}

TEST_CASE("forecast outturn: the forecast month is the policy's") {
    auto b = block_and_activity();
    SUBCASE("from M11") {
        b.scenario().policy.forecast_from_month = 11;
        const auto sink = run(b.scenario(), Sampling::expected_only, 0);
        CHECK_FALSE(sink.icb(k_icb, 10).forecast.has_value());
        CHECK_FALSE(sink.provider(k_provider, 10).forecast.has_value());
        CHECK(sink.icb(k_icb, 11).forecast.value().spend == pounds(1'320'000));
        CHECK(sink.provider(k_provider, 11).forecast.value().income == pounds(1'320'000));
    }
    SUBCASE("from M1: the first month's forecast is M1's actual + 11 months of plan") {
        b.scenario().policy.forecast_from_month = 1;
        const auto sink = run(b.scenario(), Sampling::poisson, 3);
        const auto& april = sink.provider(k_provider, 1);
        CHECK(april.forecast.value().cost == april.cost + k_month_cost * 11);
    }
    SUBCASE("from M12: only the year's actual") {
        b.scenario().policy.forecast_from_month = 12;
        const auto sink = run(b.scenario(), Sampling::poisson, 3);
        CHECK_FALSE(sink.icb(k_icb, 11).forecast.has_value());
        CHECK(sink.icb(k_icb, 12).forecast.value().spend == to_date(sink, 12).spend);
    }
}

TEST_CASE("forecast outturn: a hosted contract's plan counts against its payer, as recharged") {
    // A hosts an arrangement at one provider paid by activity at £1,000 a case: A plans 10 cases
    // a month, B 5. The host pays £15,000 a month and recharges B £5,000 monthly on the plan
    // basis, so A bears £10,000 a month and B £5,000: forecasts of 12 × £10,000 = £120,000 and
    // 12 × £5,000 = £60,000 from M9, as each one's actual year. (Counted against the host, A's
    // would be £135,000 and B's £45,000.)
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto a = b.icb("A", region, pounds(1'200'000));
    const auto bb = b.icb("B", region, pounds(600'000));
    const auto provider = b.provider("Provider", a);
    const auto line = b.line("Line", pounds(1'000));
    b.cost(provider, line, pounds(0), pounds(1));
    b.flow(a, provider, line, 120'000,
           b.contract(payer_icb(a), provider, ContractKind::activity, Money{}));
    b.flow(bb, provider, line, 60'000,
           b.contract(payer_icb(bb), provider, ContractKind::activity, Money{}));
    specflow::entities::LeadArrangement arrangement;
    arrangement.code = "hub";
    arrangement.host = a;
    arrangement.participants = {a, bb};
    arrangement.providers = {provider};
    arrangement.basis = specflow::entities::RechargeBasis::plan;
    arrangement.settlement = specflow::entities::Settlement::monthly;
    b.scenario().lead_arrangements.push_back(arrangement);
    const auto sink = run(b.scenario(), Sampling::expected_only, 0);
    CHECK(sink.icb(0, 9).forecast.value().spend == pounds(120'000));
    CHECK(sink.icb(0, 9).forecast.value().variance == pounds(1'080'000));
    CHECK(sink.icb(1, 9).forecast.value().spend == pounds(60'000));
    CHECK(sink.icb(1, 12).forecast.value().spend == pounds(60'000));
}

TEST_CASE("forecast outturn: an LVA contract is planned at the replication's own value") {
    // One ICB pays one provider by LVA for 12 transplants a year at £20,000 (£240,000); prices
    // rise 2% a year. In year 2 the LVA value is the replication's year-1 actual value × 1.02,
    // which the draws set: from M9 of year 2 the forecast income is that value, paid in twelfths,
    // not the contract's planned value.
    auto b = lva_transplant_pair(2);
    const specflow::sim::RunModel model(specflow::sim::plan_years(b.scenario(), 2),
                                        Sampling::poisson);
    RecordingSink sink;
    specflow::sim::run_replication(model, {9, 4}, sink);
    // The provider's cost is £1 a case: year 1's cases, valued at year 1's price.
    std::int64_t cases = 0;
    for (const auto& row : sink.providers) {
        cases += row.month.year == k_fy ? row.cost.pence() / 100 : 0;
    }
    const std::vector<Money> history{pounds(20'000) * cases};
    const Money lva = specflow::sim::rules::lva_value(history, 200);
    REQUIRE(lva != model.plan(1).scenario.contracts[0].annual_value);
    for (const auto& row : sink.providers) {
        if (row.month.year == FinancialYear{2025} && row.month.month >= 9) {
            CAPTURE(row.month.month);
            CHECK(row.forecast.value().income == lva);
        }
    }
    for (const auto& row : sink.icbs) {
        if (row.month.year == FinancialYear{2025} && row.month.month >= 9) {
            CHECK(row.forecast.value().spend == lva);
        }
    }
}
