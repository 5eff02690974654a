// Each flow's plan in a year, for the flow heat map: planned cases and their value at the
// year's prices, rounded to the penny.

#include "sim/runners/flow_plans.hpp"
#include "sim/runners/year_plan.hpp"
#include "tests/support/scenario_builder.hpp"

#include <doctest/doctest.h>

namespace {

using namespace specflow::testing;
using specflow::entities::ContractKind;
using specflow::entities::Money;
using specflow::sim::Sampling;

} // namespace

TEST_CASE("flow plans: cases and value per flow, with the value rounded to the penny") {
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto home = b.icb("Home", region, pounds(1'000'000));
    const auto away = b.icb("Away", region, pounds(1'000'000));
    const auto provider = b.provider("Provider", home);
    const auto transplant = b.line("Transplant", pounds(1'000));
    const auto dressing = b.line("Dressing", Money::from_pence(3));
    const auto swab = b.line("Swab", Money::from_pence(1));
    for (const auto line : {transplant, dressing, swab}) {
        b.cost(provider, line, pounds(0), pounds(0));
    }
    const auto home_contract =
        b.contract(payer_icb(home), provider, ContractKind::activity, Money{});
    const auto away_contract =
        b.contract(payer_icb(away), provider, ContractKind::activity, Money{});
    b.flow(home, provider, transplant, 120'000, home_contract);
    b.flow(away, provider, dressing, 1'500, away_contract);
    b.flow(away, provider, swab, 2'500, away_contract);
    const specflow::sim::RunModel model(specflow::sim::plan_years(b.scenario(), 1),
                                        Sampling::expected_only);

    const auto plans = specflow::sim::flow_plans(model);
    REQUIRE(plans.size() == 3);
    const auto fy = b.scenario().first_year.label();
    // 120 cases × £1,000 = £120,000, commissioned by the provider's home ICB.
    CHECK(plans[0].fy == fy);
    CHECK(plans[0].icb_code == "I0");
    CHECK(plans[0].provider_code == "P0");
    CHECK(plans[0].service_line_code == "S0");
    CHECK(plans[0].planned_cases_milli == 120'000);
    CHECK(plans[0].planned_value_pence == 12'000'000);
    CHECK_FALSE(plans[0].out_of_area);
    // 1.5 cases (125 thousandths a month) × 3p = 4.5p, which rounds half up to 5p.
    CHECK(plans[1].icb_code == "I1");
    CHECK(plans[1].service_line_code == "S1");
    CHECK(plans[1].planned_cases_milli == 1'500);
    CHECK(plans[1].planned_value_pence == 5);
    CHECK(plans[1].out_of_area);
    // 2.5 cases × 1p = 2.5p, which rounds half up to 3p.
    CHECK(plans[2].planned_cases_milli == 2'500);
    CHECK(plans[2].planned_value_pence == 3);
    CHECK(plans[2].out_of_area);
}
