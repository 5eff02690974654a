// service_lines.csv: the optional demand_trend_pct column; the activity model's columns and the
// [activity] section (DESIGN.md §7).
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
          "optionally demand_trend_pct,monthly_cv_pct,national_cv_pct,provider_cv_pct,"
          "demand_trend_sd_pct,monthly_profile");
}

namespace {

// The minimal lines with the activity model's columns (6 to 10): RTX its own, CHM empty cells.
const std::string k_lines_with_variation =
    "service_line_code,service_line_name,category,unit_price_pounds,demand_trend_pct,"
    "monthly_cv_pct,national_cv_pct,provider_cv_pct,demand_trend_sd_pct,monthly_profile\n"
    "RTX,Adult renal transplant,delegable,17000,2.5,20,5,12.5,1,90 88 85 85 82 90 105 120 125 "
    "115 108 100\n"
    "CHM,Chemotherapy delivery,hcdd,450.50,-1,,,,,\n";

std::string variation_error(std::string_view from, std::string_view to) {
    ScenarioFiles files;
    files.set("service_lines.csv", k_lines_with_variation).replace("service_lines.csv", from, to);
    return relative_load_error(files);
}

} // namespace

TEST_CASE("activity variation: the documented defaults, [activity], then the line's own") {
    using specflow::entities::k_default_activity_variation;
    const ScenarioFiles plain;
    const Scenario defaults = load_scenario(plain.write());
    CHECK(defaults.service_lines[0].variation == k_default_activity_variation);
    CHECK(k_default_activity_variation.monthly_cv_bp == 1'000);
    CHECK(k_default_activity_variation.national_cv_bp == 300);
    CHECK(k_default_activity_variation.provider_cv_bp == 800);
    CHECK(k_default_activity_variation.trend_sd_bp == 100);
    CHECK_FALSE(defaults.service_lines[0].monthly_profile.has_value());

    ScenarioFiles files;
    files.set("service_lines.csv", k_lines_with_variation)
        .append("scenario.toml", "[activity]\nmonthly_cv_pct = 0\nnational_cv_pct = 2.5\n");
    const Scenario s = load_scenario(files.write());
    const auto& own = s.service_lines[0];
    CHECK(own.variation.monthly_cv_bp == 2'000);
    CHECK(own.variation.national_cv_bp == 500);
    CHECK(own.variation.provider_cv_bp == 1'250);
    CHECK(own.variation.trend_sd_bp == 100);
    REQUIRE(own.monthly_profile.has_value());
    CHECK((*own.monthly_profile)[0] == 90);
    CHECK((*own.monthly_profile)[8] == 125);
    CHECK((*own.monthly_profile)[11] == 100);
    // Empty cells keep [activity]'s values, and its keys left out the defaults.
    const auto& kept = s.service_lines[1];
    CHECK(kept.variation.monthly_cv_bp == 0);
    CHECK(kept.variation.national_cv_bp == 250);
    CHECK(kept.variation.provider_cv_bp == 800);
    CHECK(kept.variation.trend_sd_bp == 100);
    CHECK_FALSE(kept.monthly_profile.has_value());
}

TEST_CASE("activity variation errors name the cell, or the key, and what is valid") {
    CHECK(variation_error(",20,5,", ",301,5,") ==
          "service_lines.csv:2:6: field 'monthly_cv_pct': '301' is out of range; valid: a "
          "percentage from 0 to 300, at most two decimals (or empty: the scenario's [activity] "
          "value)");
    CHECK(variation_error(",5,12.5,", ",5,-1,") ==
          "service_lines.csv:2:8: field 'provider_cv_pct': '-1' is negative; valid: a decimal "
          "with at most 2 decimal places and no exponent, not negative, e.g. 5");
    CHECK(variation_error(",12.5,1,", ",12.5,51,") ==
          "service_lines.csv:2:9: field 'demand_trend_sd_pct': '51' is out of range; valid: a "
          "percentage from 0 to 50, at most two decimals (or empty: the scenario's [activity] "
          "value)");
    const std::string profile_valid =
        "valid: 12 whole numbers separated by spaces, April .. March, none negative and at least "
        "one positive, e.g. 98 101 101 101 94 100 103 103 95 102 99 103 (or empty: the [policy] "
        "monthly_profile)";
    CHECK(
        variation_error(" 108 100\n", " 108\n") ==
        "service_lines.csv:2:10: field 'monthly_profile': '90 88 85 85 82 90 105 120 125 115 108' "
        "has 11 weights; " +
            profile_valid);
    CHECK(variation_error(" 108 100\n", " 108 -100\n") ==
          "service_lines.csv:2:10: field 'monthly_profile': '90 88 85 85 82 90 105 120 125 115 "
          "108 -100' is not twelve weights; " +
              profile_valid);

    ScenarioFiles section;
    section.append("scenario.toml", "[activity]\nnational_cv_pct = 101\n");
    CHECK(relative_load_error(section).find(
              "field 'activity.national_cv_pct': out of range; valid: a percentage from 0 to 100, "
              "at most two decimals") != std::string::npos);
    ScenarioFiles unknown;
    unknown.append("scenario.toml", "[activity]\ndispersion = 2\n");
    CHECK(relative_load_error(unknown).find(
              "field 'activity.dispersion': unknown key; valid: monthly_cv_pct, national_cv_pct, "
              "provider_cv_pct, demand_trend_sd_pct") != std::string::npos);
}
