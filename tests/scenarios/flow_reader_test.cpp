// flows.csv: each flow's costs row and its one contract.
#include "scenario_files.hpp"
#include "scenarios/scenario_loader.hpp"

#include <cstdint>
#include <doctest/doctest.h>

namespace {

using specflow::entities::ContractKind;
using specflow::entities::Scenario;
using specflow::scenarios::load_scenario;
using specflow::scenarios::test::check_error;
using specflow::scenarios::test::ScenarioFiles;

} // namespace

TEST_CASE("flows resolve to their one contract and contracts take policy rates") {
    const ScenarioFiles files;
    const Scenario scenario = load_scenario(files.write());
    CHECK(scenario.flows[0].cases_per_year_milli == 125); // 0.125 cases
    CHECK(scenario.flows[1].cases_per_year_milli == 2'400'000);
    CHECK(scenario.flows[4].cases_per_year_milli == 3'250);
    const std::uint32_t expected_contracts[] = {0, 0, 1, 2, 3};
    for (std::size_t i = 0; i < scenario.flows.size(); ++i) {
        CHECK(scenario.flows[i].id.index() == i);
        CHECK(scenario.flows[i].contract.value() == expected_contracts[i]);
    }

    const auto& api = scenario.contracts[0];
    CHECK(api.kind == ContractKind::api);
    CHECK(api.annual_value.pence() == 21'250'000);
    CHECK(api.service_lines.size() == 2);
    CHECK(api.api_rate_above_bp == 7'500);              // its own 75%
    CHECK(api.api_rate_below_bp == 5'050);              // the policy's 50.5%
    CHECK(scenario.contracts[1].service_lines.empty()); // "*"
    CHECK(scenario.contracts[2].kind == ContractKind::activity);
    CHECK(scenario.contracts[2].annual_value.is_zero());
    CHECK(scenario.contracts[3].kind == ContractKind::lva);
    CHECK(scenario.contracts[3].payer.is_nhse());

    CHECK(scenario.policy.api_rate_above_bp == 10'000);
    CHECK(scenario.policy.api_rate_below_bp == 5'050);
    CHECK(scenario.policy.lva_threshold.pence() == 50'000'000);
    CHECK(scenario.policy.nhse_direct_budget.pence() == 25'000'025);
    CHECK(scenario.policy.monthly_profile[0] == 100);
    CHECK(scenario.policy.monthly_profile[11] == 90);
}

TEST_CASE("every flow is covered by exactly one contract and has a costs row") {
    ScenarioFiles none;
    none.replace("contracts.csv", "C3,QMJ,RAL,activity,,RTX,,\n", "");
    check_error(none, {"flows.csv:5:2: field 'provider_code': no contract covers the flow "
                       "(QMJ, RAL, RTX)",
                       "valid: exactly one contract in contracts.csv with provider_code RAL, "
                       "payer QMJ or NHSE"});

    // A contract paid by another ICB does not cover the flow.
    ScenarioFiles other_payer;
    other_payer.replace("contracts.csv", "C3,QMJ", "C3,QUE");
    check_error(other_payer, {"flows.csv:5:2: field 'provider_code': no contract covers"});

    ScenarioFiles two;
    two.append("contracts.csv", "C5,NHSE,RGT,block,100,RTX,,\n");
    check_error(two, {"flows.csv:2:2: field 'provider_code': the flow (QHG, RGT, RTX) is covered "
                      "by 2 contracts, C1 (line 2) and C5 (line 6)"});

    ScenarioFiles no_cost;
    no_cost.replace("costs.csv", "RAL,RTX,500000,9500\n", "");
    check_error(no_cost, {"flows.csv:5:3: field 'service_line_code': provider RAL has no costs "
                          "row for service line RTX"});
}
