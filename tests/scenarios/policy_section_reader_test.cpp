// The [policy] section.
#include "scenario_files.hpp"
#include "scenarios/scenario_loader.hpp"

#include <doctest/doctest.h>
#include <string>

namespace {

using specflow::entities::Scenario;
using specflow::scenarios::load_scenario;
using specflow::scenarios::test::check_error;
using specflow::scenarios::test::k_minimal_files;
using specflow::scenarios::test::relative_load_error;
using specflow::scenarios::test::ScenarioFiles;

} // namespace

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

TEST_CASE("policy section forecast_from_month: a month of the FY from 1 to 12, by default 9") {
    CHECK(load_scenario(ScenarioFiles().write()).policy.forecast_from_month == 9);
    ScenarioFiles march;
    march.append("scenario.toml", "forecast_from_month = 12\n");
    CHECK(load_scenario(march.write()).policy.forecast_from_month == 12);

    // The key goes on line 23, its value at column 23.
    const std::string valid =
        "valid: a month of the financial year, a whole number from 1 (April) to 12 (March)";
    const struct {
        std::string_view value;
        std::string problem;
    } bad[] = {{"0", "0 is out of range; "},
               {"13", "13 is out of range; "},
               {"\"December\"", "expected a whole number, found a string; "},
               {"9.5", "expected a whole number, found a floating-point number; "}};
    for (const auto& [value, problem] : bad) {
        CAPTURE(value);
        ScenarioFiles files;
        files.append("scenario.toml", "forecast_from_month = " + std::string(value) + "\n");
        CHECK(relative_load_error(files) ==
              "scenario.toml:23:23: field 'policy.forecast_from_month': " + problem + valid);
    }
}
