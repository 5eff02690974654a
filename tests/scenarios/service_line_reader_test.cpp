// service_lines.csv: the optional demand_trend_pct column.
#include "scenario_files.hpp"
#include "scenarios/scenario_loader.hpp"

#include <doctest/doctest.h>
#include <string>
#include <string_view>

namespace {

using specflow::entities::Scenario;
using specflow::scenarios::load_scenario;
using specflow::scenarios::test::relative_load_error;
using specflow::scenarios::test::ScenarioFiles;

// The minimal service lines with a demand trend each (column 5).
const std::string k_lines_with_trend =
    "service_line_code,service_line_name,category,unit_price_pounds,demand_trend_pct\n"
    "RTX,Adult renal transplant,delegable,17000,2.5\n"
    "CHM,Chemotherapy delivery,hcdd,450.50,-1\n";

// The message loading the minimal scenario gives with RTX's trend (line 2) set to `trend`.
std::string trend_error(std::string_view trend) {
    ScenarioFiles files;
    files.set("service_lines.csv", k_lines_with_trend)
        .replace("service_lines.csv", "17000,2.5\n", "17000," + std::string(trend) + "\n");
    return relative_load_error(files);
}

const std::string k_valid_growth = "valid: a decimal with at most 2 decimal places and no "
                                   "exponent, greater than -100 and at most 100, e.g. 3.5";

} // namespace

TEST_CASE("demand_trend_pct is optional and read in basis points") {
    const ScenarioFiles without;
    const Scenario plain = load_scenario(without.write());
    CHECK(plain.service_lines[0].demand_trend_bp == 0);
    CHECK(plain.service_lines[1].demand_trend_bp == 0);

    ScenarioFiles with;
    with.set("service_lines.csv", k_lines_with_trend);
    const Scenario trended = load_scenario(with.write());
    CHECK(trended.service_lines[0].demand_trend_bp == 250); // 2.5%
    CHECK(trended.service_lines[1].demand_trend_bp == -100);
    CHECK(trended.service_lines[1].unit_price.pence() == 45'050); // the other columns as before

    ScenarioFiles extremes;
    extremes.set("service_lines.csv", k_lines_with_trend)
        .replace("service_lines.csv", "17000,2.5", "17000,100")
        .replace("service_lines.csv", "450.50,-1", "450.50,-99.99");
    const Scenario bounds = load_scenario(extremes.write());
    CHECK(bounds.service_lines[0].demand_trend_bp == 10'000);
    CHECK(bounds.service_lines[1].demand_trend_bp == -9'999);
}

TEST_CASE("demand_trend_pct error: above -100, at most 100, a number in every row") {
    CHECK(trend_error("-100") ==
          "service_lines.csv:2:5: field 'demand_trend_pct': '-100' is out of range; " +
              k_valid_growth);
    CHECK(trend_error("100.5") ==
          "service_lines.csv:2:5: field 'demand_trend_pct': '100.5' is out of range; " +
              k_valid_growth);
    CHECK(trend_error("x") ==
          "service_lines.csv:2:5: field 'demand_trend_pct': 'x' is not a percentage; " +
              k_valid_growth);
    CHECK(trend_error("2.555") == "service_lines.csv:2:5: field 'demand_trend_pct': '2.555' has "
                                  "more than 2 decimal places; " +
                                      k_valid_growth);
    CHECK(trend_error("") ==
          "service_lines.csv:2:5: field 'demand_trend_pct': empty, but the column is present so "
          "every row needs a value; " +
              k_valid_growth);
}

TEST_CASE("an unknown service_lines.csv column lists demand_trend_pct as optional") {
    ScenarioFiles files;
    files.set("service_lines.csv", k_lines_with_trend)
        .replace("service_lines.csv", "demand_trend_pct\n", "trend_pct\n");
    CHECK(relative_load_error(files) ==
          "service_lines.csv:1:5: field 'trend_pct': unknown column; valid columns (in any "
          "order): service_line_code,service_line_name,category,unit_price_pounds, and "
          "optionally demand_trend_pct");
}
