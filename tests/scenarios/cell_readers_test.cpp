// Typed values from CSV cells: numbers, decimals and choices.
#include "scenario_files.hpp"
#include "scenarios/scenario_loader.hpp"

#include <doctest/doctest.h>

namespace {

using specflow::scenarios::load_scenario;
using specflow::scenarios::test::check_error;
using specflow::scenarios::test::ScenarioFiles;

} // namespace

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

// Found through the load_fuzz harness: a population or need index large enough for their product
// (the ICB's target weight) to overflow, and a distance from target of -100% or less (a baseline of
// nothing or less), once reached the allocation as undefined arithmetic or a programmer's error.
TEST_CASE("populations, need indices and distances from target within their bounds") {
    ScenarioFiles population;
    population.replace("icbs.csv", "1022472", "9000000000000000000");
    check_error(population, {"icbs.csv:3:4: field 'registered_population': "
                             "'9000000000000000000' is out of range; valid: a whole number, at "
                             "most 100000000, greater than 0, e.g. 1084885"});

    ScenarioFiles need;
    need.replace("icbs.csv", "0.884", "9000000000");
    check_error(need, {"icbs.csv:3:5: field 'need_index': '9000000000' is out of range; valid: a "
                       "decimal with at most 6 decimal places and no exponent, at most 100, "
                       "greater than 0, e.g. 0.925"});

    ScenarioFiles dft;
    dft.replace("icbs.csv", "-11.11", "-100");
    check_error(dft, {"icbs.csv:2:6: field 'dft_pct': '-100' is out of range; valid: a decimal "
                      "with at most 2 decimal places and no exponent, greater than -100 and at "
                      "most 1000, e.g. -11.11"});

    ScenarioFiles dft_high;
    dft_high.replace("icbs.csv", "11.14", "1000.01");
    check_error(dft_high, {"icbs.csv:3:6: field 'dft_pct': '1000.01' is out of range"});

    // The bounds themselves are valid.
    ScenarioFiles largest;
    largest.replace("icbs.csv", "1022472,0.884,11.14", "100000000,100,1000");
    largest.replace("icbs.csv", "-11.11", "-99.99");
    CHECK_NOTHROW((void)load_scenario(largest.write()));
}
