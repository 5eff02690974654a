#include "scenario_files.hpp"
#include "scenarios/builtin.hpp"
#include "scenarios/scenario_error.hpp"
#include "scenarios/scenario_loader.hpp"

#include <chrono>
#include <doctest/doctest.h>
#include <filesystem>
#include <string>

namespace {

namespace fs = std::filesystem;
using specflow::entities::ContractKind;
using specflow::entities::DelegationStatus;
using specflow::entities::PortfolioCategory;
using specflow::entities::ProviderKind;
using specflow::entities::Scenario;
using specflow::scenarios::load_scenario;
using specflow::scenarios::ScenarioError;
using specflow::scenarios::test::check_error;
using specflow::scenarios::test::k_minimal_files;
using specflow::scenarios::test::ScenarioFiles;

} // namespace

TEST_CASE("the minimal scenario loads with every number exact") {
    const ScenarioFiles files;
    const Scenario scenario = load_scenario(files.write());
    CHECK(scenario.name == "tiny");
    CHECK(scenario.title == "Tiny test scenario");
    CHECK(scenario.first_year.start_year() == 2024);
    CHECK(scenario.seed == 7);
    REQUIRE(scenario.regions.size() == 2);
    REQUIRE(scenario.icbs.size() == 3);
    REQUIRE(scenario.providers.size() == 3);
    REQUIRE(scenario.service_lines.size() == 2);
    REQUIRE(scenario.costs.size() == 4);
    REQUIRE(scenario.flows.size() == 5);
    REQUIRE(scenario.contracts.size() == 4);

    const auto& qhg = scenario.icbs[0];
    CHECK(qhg.code == "QHG");
    CHECK(qhg.name == "Bedfordshire, Luton and Milton Keynes");
    CHECK(qhg.region.value() == 0);
    CHECK(qhg.registered_population == 1'084'885);
    CHECK(qhg.need_index_micro == 925'000); // 0.925 × 1,000,000
    CHECK(qhg.dft_bp == -1111);             // -11.11% × 100
    CHECK(qhg.delegation == DelegationStatus::delegated);
    CHECK_FALSE(qhg.ringfenced);
    CHECK(qhg.budget.pence() == 123'450); // £1234.5
    CHECK(scenario.icbs[1].ringfenced);
    CHECK(scenario.icbs[1].delegation == DelegationStatus::joint);
    CHECK(scenario.icbs[2].region.value() == 1);
    CHECK(scenario.icbs[2].dft_bp == 0);

    CHECK(scenario.providers[2].name == "Local acute provider, Bedford");
    CHECK(scenario.providers[2].home_icb.value() == 0);
    CHECK(scenario.providers[2].kind == ProviderKind::acute);
    CHECK(scenario.service_lines[1].category == PortfolioCategory::hcdd);
    CHECK(scenario.service_lines[1].unit_price.pence() == 45'050); // £450.50
    CHECK(scenario.costs[3].marginal_per_case.pence() == 31'025);  // £310.25
    CHECK(scenario.costs[3].fixed_per_year.pence() == 15'000'000);
}

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

TEST_CASE("the policy section is optional and its defaults come from entities::Policy") {
    ScenarioFiles files;
    std::string toml = k_minimal_files.at("scenario.toml");
    toml.erase(toml.find("[policy]"));
    files.set("scenario.toml", toml);
    const Scenario scenario = load_scenario(files.write());
    const specflow::entities::Policy defaults;
    CHECK(scenario.policy.api_rate_below_bp == defaults.api_rate_below_bp);
    CHECK(scenario.policy.lva_threshold == defaults.lva_threshold);
    CHECK(scenario.policy.monthly_profile == defaults.monthly_profile);
    CHECK(scenario.contracts[0].api_rate_below_bp == defaults.api_rate_below_bp);
}

TEST_CASE("header errors: a missing column and an unknown column") {
    ScenarioFiles missing;
    missing.set("flows.csv", "icb_code,provider_code,service_line_code\nQHG,RGT,RTX\n");
    check_error(missing, {"flows.csv:1: field 'expected_cases_per_year': missing column",
                          "valid columns (in any order): icb_code,provider_code,"});

    ScenarioFiles extra;
    extra.replace("regions.csv", "region_code,region_name\nY61,East of England\nY56,London\n",
                  "region_code,region_name,notes\nY61,East of England,\nY56,London,x\n");
    check_error(extra, {"regions.csv:1:3: field 'notes': unknown column",
                        "valid columns (in any order): region_code,region_name"});
}

TEST_CASE("references to codes that do not exist") {
    ScenarioFiles flow_icb;
    flow_icb.replace("flows.csv", "QUE,RGT,RTX,30", "QXX,RGT,RTX,30");
    check_error(flow_icb, {"flows.csv:4:1: field 'icb_code': unknown ICB code 'QXX'",
                           "valid: a code from icbs.csv's icb_code column (QHG, QUE, QMJ)"});

    ScenarioFiles region;
    region.replace("icbs.csv", "Y56,1762827", "Y99,1762827");
    check_error(region, {"icbs.csv:4:3: field 'region_code': unknown region code 'Y99'"});

    ScenarioFiles payer;
    payer.replace("contracts.csv", "C2,QUE", "C2,QXX");
    check_error(payer,
                {"contracts.csv:3:2: field 'payer': unknown payer 'QXX'", "valid: NHSE, or"});

    ScenarioFiles line_list;
    line_list.replace("contracts.csv", "RTX;CHM", "RTX; CHX");
    check_error(line_list, {"contracts.csv:2:6: field 'service_lines': unknown service line "
                            "code 'CHX' in the list"});
}

TEST_CASE("negative and non-numeric values") {
    ScenarioFiles price;
    price.replace("service_lines.csv", "17000", "-17000");
    check_error(price, {"service_lines.csv:2:4: field 'unit_price_pounds': '-17000' is negative",
                        "valid: a decimal with at most 2 decimal places"});

    ScenarioFiles cases;
    cases.replace("flows.csv", "QMJ,RAL,RTX,40", "QMJ,RAL,RTX,abc");
    check_error(cases, {"flows.csv:5:4: field 'expected_cases_per_year': 'abc' is not a number "
                        "of cases"});

    ScenarioFiles comma;
    comma.replace("icbs.csv", "no,700000", "no,\"12,5\"");
    check_error(comma, {"icbs.csv:4:9: field 'budget_pounds': '12,5' is not an amount in pounds",
                        "without a pound sign or thousands separators"});

    ScenarioFiles pound_sign;
    pound_sign.replace("costs.csv", "RAL,RTX,500000", "RAL,RTX,£500000");
    check_error(pound_sign, {"costs.csv:4:3: field 'fixed_cost_pounds_per_year'"});

    ScenarioFiles exponent;
    exponent.replace("flows.csv", "QUE,RGT,RTX,30", "QUE,RGT,RTX,3e1");
    check_error(exponent, {"flows.csv:4:4: field 'expected_cases_per_year': '3e1' is not"});

    ScenarioFiles population;
    population.replace("icbs.csv", "1022472", "0");
    check_error(population, {"icbs.csv:3:4: field 'registered_population': '0' is not greater"});

    ScenarioFiles need;
    need.replace("icbs.csv", "0.884", "");
    check_error(need, {"icbs.csv:3:5: field 'need_index': an empty field is not a need index"});
}

TEST_CASE("decimal places: pounds take two, cases three, percentages two, need six") {
    ScenarioFiles pounds;
    pounds.replace("service_lines.csv", "450.50", "450.505");
    check_error(pounds, {"service_lines.csv:3:4: field 'unit_price_pounds': '450.505' has more "
                         "than 2 decimal places"});

    ScenarioFiles cases;
    cases.replace("flows.csv", "0.125", "0.1255");
    check_error(cases, {"flows.csv:2:4: field 'expected_cases_per_year': '0.1255' has more "
                        "than 3 decimal places"});

    ScenarioFiles percent;
    percent.replace("icbs.csv", "-11.11", "-11.111");
    check_error(percent, {"icbs.csv:2:6: field 'dft_pct': '-11.111' has more than 2 decimal"});

    ScenarioFiles need;
    need.replace("icbs.csv", "0.925", "0.9250001");
    check_error(need, {"icbs.csv:2:5: field 'need_index': '0.9250001' has more than 6 decimal"});

    ScenarioFiles exact;
    exact.replace("icbs.csv", "0.925", "1.000001");
    CHECK(load_scenario(exact.write()).icbs[0].need_index_micro == 1'000'001);
}

TEST_CASE("duplicated codes name both lines") {
    ScenarioFiles icb;
    icb.append("icbs.csv", "QHG,Again,Y56,1,1,0,joint,no,0\n");
    check_error(icb,
                {"icbs.csv:5:1: field 'icb_code': duplicate icb_code 'QHG' (first on line 2)"});

    ScenarioFiles contract;
    contract.replace("contracts.csv", "C4,NHSE", "C2,NHSE");
    check_error(contract,
                {"contracts.csv:5:1: field 'contract_code': duplicate contract_code 'C2' (first "
                 "on line 3)"});

    ScenarioFiles cost;
    cost.append("costs.csv", "RGT,CHM,1,1\n");
    check_error(cost, {"costs.csv:6:2: field 'service_line_code': duplicate costs for provider "
                       "RGT and service line CHM (first on line 3)"});

    ScenarioFiles flow;
    flow.append("flows.csv", "QUE,RGT,RTX,1\n");
    check_error(flow, {"flows.csv:7:3: field 'service_line_code': duplicate flow (QUE, RGT, RTX) "
                       "(first on line 4)"});
}

TEST_CASE("a missing table file names the path and the TOML key") {
    ScenarioFiles files;
    files.replace("scenario.toml", "costs = \"costs.csv\"", "costs = \"cost.csv\"");
    check_error(files, {"scenario.toml:13:9: field 'tables.costs': no such file", "cost.csv'"});

    ScenarioFiles removed;
    removed.remove("regions.csv");
    check_error(removed, {"scenario.toml:9:11: field 'tables.regions': no such file"});
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

TEST_CASE("bad enumerations list the valid values") {
    ScenarioFiles kind;
    kind.replace("contracts.csv", "block", "blok");
    check_error(kind, {"contracts.csv:3:4: field 'kind': 'blok' is not a valid value; valid: "
                       "block, api, activity, lva"});

    ScenarioFiles category;
    category.replace("service_lines.csv", "hcdd", "HCDD");
    check_error(category, {"service_lines.csv:3:3: field 'category': 'HCDD' is not a valid "
                           "value; valid: delegable, not_ready, retained, hcdd"});

    ScenarioFiles delegation;
    delegation.replace("icbs.csv", "joint", "jointly");
    check_error(delegation, {"icbs.csv:3:7: field 'delegation': 'jointly' is not a valid value; "
                             "valid: delegated, joint, retained"});

    ScenarioFiles ringfenced;
    ringfenced.replace("icbs.csv", "joint,yes", "joint,true");
    check_error(ringfenced, {"icbs.csv:3:8: field 'ringfenced': 'true' is not a valid value; "
                             "valid: yes, no"});

    ScenarioFiles provider_kind;
    provider_kind.replace("providers.csv", ",acute\n", ",tertiary\n");
    check_error(provider_kind, {"providers.csv:4:4: field 'provider_kind': 'tertiary' is not a "
                                "valid value; valid: specialist, acute"});
}

TEST_CASE("contract terms must fit the contract's kind") {
    ScenarioFiles rate_on_block;
    rate_on_block.replace("contracts.csv", "C2,QUE,RGT,block,1320000,*,,",
                          "C2,QUE,RGT,block,1320000,*,75,");
    check_error(rate_on_block, {"contracts.csv:3:7: field 'api_rate_above_pct': '75' given for "
                                "a block contract; valid: empty"});

    ScenarioFiles value_on_activity;
    value_on_activity.replace("contracts.csv", "activity,,", "activity,100,");
    check_error(value_on_activity, {"contracts.csv:4:5: field 'annual_value_pounds': '100' given "
                                    "for an activity contract; valid: 0 or empty"});

    ScenarioFiles zero_on_activity;
    zero_on_activity.replace("contracts.csv", "activity,,", "activity,0.00,");
    CHECK(load_scenario(zero_on_activity.write()).contracts[2].annual_value.is_zero());

    ScenarioFiles rate_too_high;
    rate_too_high.replace("contracts.csv", "RTX;CHM,75,", "RTX;CHM,75,100.01");
    check_error(rate_too_high, {"contracts.csv:2:8: field 'api_rate_below_pct': '100.01' is "
                                "above 100"});

    ScenarioFiles block_without_value;
    block_without_value.replace("contracts.csv", "block,1320000", "block,");
    check_error(block_without_value, {"contracts.csv:3:5: field 'annual_value_pounds': an empty "
                                      "field is not an amount in pounds"});
}

TEST_CASE("scenario section values: seed range, financial year, name") {
    ScenarioFiles negative_seed;
    negative_seed.replace("scenario.toml", "seed = 7", "seed = -1");
    check_error(negative_seed, {"scenario.toml:6:8: field 'scenario.seed': -1 is out of range; "
                                "valid: 0 .. 4294967295"});

    ScenarioFiles big_seed;
    big_seed.replace("scenario.toml", "seed = 7", "seed = 4294967296");
    check_error(big_seed, {"scenario.toml:6:8: field 'scenario.seed': 4294967296 is out of range"});

    ScenarioFiles max_seed;
    max_seed.replace("scenario.toml", "seed = 7", "seed = 4294967295");
    CHECK(load_scenario(max_seed.write()).seed == 4'294'967'295U);

    ScenarioFiles text_seed;
    text_seed.replace("scenario.toml", "seed = 7", "seed = \"7\"");
    check_error(text_seed, {"scenario.toml:6:8: field 'scenario.seed': expected a whole number, "
                            "found a string"});

    ScenarioFiles year;
    year.replace("scenario.toml", "\"2024/25\"", "\"2024-25\"");
    check_error(year, {"scenario.toml:5:18: field 'scenario.financial_year': '2024-25' is not a "
                       "financial year; valid: \"YYYY/YY\""});

    ScenarioFiles wrong_next;
    wrong_next.replace("scenario.toml", "\"2024/25\"", "\"2024/26\"");
    check_error(wrong_next, {"scenario.toml:5:18: field 'scenario.financial_year'"});

    ScenarioFiles name;
    name.replace("scenario.toml", "\"tiny\"", "\"tiny scenario\"");
    check_error(name, {"scenario.toml:3:8: field 'scenario.name': 'tiny scenario' is not a short "
                       "identifier"});
}

TEST_CASE("TOML structure: unknown keys and sections, missing keys, syntax") {
    ScenarioFiles unknown_key;
    unknown_key.replace("scenario.toml", "lva_threshold_pounds", "lva_threshold");
    check_error(unknown_key, {"scenario.toml:20:1: field 'policy.lva_threshold': unknown key; "
                              "valid: api_rate_above_plan_pct, api_rate_below_plan_pct, "
                              "lva_threshold_pounds, nhse_direct_budget_pounds, monthly_profile"});

    ScenarioFiles unknown_section;
    unknown_section.append("scenario.toml", "[shock]\nx = 1\n");
    check_error(unknown_section,
                {"scenario.toml:23:", "field 'shock': unknown section; valid: scenario, tables, "
                                      "policy, allocation, lead_icb, risk_pool, shocks"});

    ScenarioFiles missing_key;
    missing_key.replace("scenario.toml", "seed = 7\n", "");
    check_error(missing_key, {"scenario.toml:2:", "field 'scenario.seed': missing required key"});

    ScenarioFiles missing_table_key;
    missing_table_key.replace("scenario.toml", "flows = \"flows.csv\"\n", "");
    check_error(missing_table_key, {"field 'tables.flows': missing required key"});

    ScenarioFiles missing_section;
    std::string toml = k_minimal_files.at("scenario.toml");
    toml.erase(toml.find("[tables]"), toml.find("[policy]") - toml.find("[tables]"));
    missing_section.set("scenario.toml", toml);
    check_error(missing_section, {"scenario.toml: field 'tables': missing section"});

    ScenarioFiles syntax;
    syntax.replace("scenario.toml", "title = \"Tiny test scenario\"", "title = \"Tiny");
    check_error(syntax, {"scenario.toml:4:", "TOML syntax"});

    ScenarioFiles no_file;
    no_file.remove("scenario.toml");
    check_error(no_file, {"scenario.toml: cannot open the scenario file"});
}

TEST_CASE("policy section values: percentages and pounds as integers or two-decimal floats") {
    ScenarioFiles pounds;
    pounds.replace("scenario.toml", "250000.25", "250000.255");
    check_error(pounds, {"scenario.toml:21:29: field 'policy.nhse_direct_budget_pounds': has "
                         "more than two decimal places"});

    ScenarioFiles negative;
    negative.replace("scenario.toml", "500000", "-1");
    check_error(negative, {"scenario.toml:20:24: field 'policy.lva_threshold_pounds': negative"});

    ScenarioFiles rate;
    rate.replace("scenario.toml", "50.5", "150");
    check_error(rate, {"scenario.toml:19:27: field 'policy.api_rate_below_plan_pct': out of range; "
                       "valid: a percentage from 0 to 100"});

    ScenarioFiles rate_decimals;
    rate_decimals.replace("scenario.toml", "50.5", "50.125");
    check_error(rate_decimals, {"field 'policy.api_rate_below_plan_pct': has more than two"});

    ScenarioFiles rate_type;
    rate_type.replace("scenario.toml", "50.5", "\"50.5\"");
    check_error(rate_type, {"field 'policy.api_rate_below_plan_pct': expected a number, found a "
                            "string"});

    // 0.29 × 100 is 28.999999999999996 in binary floating point: still exactly 29 basis points.
    ScenarioFiles float_rate;
    float_rate.replace("scenario.toml", "50.5", "0.29");
    CHECK(load_scenario(float_rate.write()).policy.api_rate_below_bp == 29);
}

TEST_CASE("policy section monthly_profile: 12 non-negative whole numbers, one positive") {
    const std::string profile = "[100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 90]";

    ScenarioFiles short_profile;
    short_profile.replace("scenario.toml", profile, "[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]");
    check_error(short_profile, {"scenario.toml:22:19: field 'policy.monthly_profile': has 11 "
                                "weights; valid: 12 whole numbers"});

    ScenarioFiles negative;
    negative.replace("scenario.toml", profile, "[1, 1, -1, 1, 1, 1, 1, 1, 1, 1, 1, 1]");
    check_error(negative, {"scenario.toml:22:26: field 'policy.monthly_profile': weight 3 is not "
                           "a whole number >= 0"});

    ScenarioFiles fractional;
    fractional.replace("scenario.toml", profile, "[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.5]");
    check_error(fractional, {"field 'policy.monthly_profile': weight 12 is not a whole number"});

    ScenarioFiles zeros;
    zeros.replace("scenario.toml", profile, "[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]");
    check_error(zeros, {"scenario.toml:22:19: field 'policy.monthly_profile': every weight is 0"});

    ScenarioFiles not_array;
    not_array.replace("scenario.toml", profile, "100");
    check_error(not_array, {"field 'policy.monthly_profile': expected an array, found an integer"});
}

TEST_CASE("CSV syntax errors reach the caller with the table's path") {
    ScenarioFiles unterminated;
    unterminated.replace("providers.csv", "\"Local acute provider, Bedford\"",
                         "\"Local acute provider, Bedford");
    check_error(unterminated,
                {"providers.csv:4:2: field 'provider_name': unterminated quoted field"});

    ScenarioFiles ragged;
    ragged.replace("flows.csv", "QMJ,RAL,RTX,40", "QMJ,RAL,RTX,40,1");
    check_error(ragged, {"flows.csv:5:5: record has 5 fields but the header has 4"});
}

TEST_CASE("a name with a line break loads and later line numbers stay right") {
    ScenarioFiles files;
    files.replace("icbs.csv", "Cambridgeshire and Peterborough",
                  "\"Cambridgeshire\nand Peterborough\"");
    files.replace("icbs.csv", "1762827", "-1762827");
    // QMJ's record starts on physical line 5, after QUE's two-line name.
    check_error(files, {"icbs.csv:5:4: field 'registered_population': '-1762827' is negative"});
}

TEST_CASE("built-in scenarios are found by name and unknown names are listed") {
    try {
        (void)specflow::scenarios::builtin_scenario_path("no-such-scenario");
        FAIL("no error for an unknown built-in scenario");
    } catch (const ScenarioError& error) {
        const std::string message = error.what();
        CHECK(message.starts_with("field 'scenario': no built-in scenario named "
                                  "'no-such-scenario'; valid: "));
    }
    CHECK_THROWS_AS((void)specflow::scenarios::builtin_scenario_path("../scenarios"),
                    ScenarioError);

    const fs::path england =
        fs::path(SPECFLOW_SOURCE_DIR) / "scenarios" / "england-2024-25" / "scenario.toml";
    if (fs::exists(england)) {
        CHECK(
            fs::equivalent(specflow::scenarios::builtin_scenario_path("england-2024-25"), england));
    }
}

TEST_CASE("the built-in England scenario loads: 42 ICBs in 7 regions, every flow resolved") {
    const fs::path england =
        fs::path(SPECFLOW_SOURCE_DIR) / "scenarios" / "england-2024-25" / "scenario.toml";
    if (!fs::exists(england)) {
        MESSAGE("skipped: ", england.string(), " is not there yet");
        return;
    }
    const auto start = std::chrono::steady_clock::now();
    const Scenario scenario = load_scenario(england);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    MESSAGE("England loaded in ",
            std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count(),
            " us: ", scenario.flows.size(), " flows, ", scenario.contracts.size(), " contracts");
    CHECK(scenario.name == "england-2024-25");
    CHECK(scenario.icbs.size() == 42);
    CHECK(scenario.regions.size() == 7);
    CHECK_FALSE(scenario.flows.empty());
    // load_scenario already ran verify(); this states the property the test is about.
    for (const auto& flow : scenario.flows) {
        REQUIRE(flow.contract.index() < scenario.contracts.size());
        const auto& contract = scenario.contracts[flow.contract.index()];
        CHECK(contract.provider == flow.provider);
        CHECK(contract.covers(flow.service_line));
    }
}
