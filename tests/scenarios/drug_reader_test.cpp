// drugs.csv: high-cost drugs and devices per provider and service line.
#include "scenario_files.hpp"
#include "scenarios/scenario_loader.hpp"

#include <doctest/doctest.h>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace {

using specflow::entities::Scenario;
using specflow::scenarios::load_scenario;
using specflow::scenarios::test::k_minimal_files;
using specflow::scenarios::test::relative_load_error;
using specflow::scenarios::test::ScenarioFiles;

// drugs.csv for the minimal scenario: every pair has flows with expected activity. Line numbers
// in the tests count from this text: the header is line 1.
const std::string k_drugs_csv = "provider_code,service_line_code,annual_cost_pounds,growth_pct\n"
                                "RGT,CHM,120000.55,6\n"
                                "AQHG,CHM,0.01,-2.25\n"
                                "RAL,RTX,5000,100\n";

// The minimal scenario with `drugs = "drugs.csv"` in [tables], on line 16 of scenario.toml.
ScenarioFiles drug_files() {
    std::map<std::string, std::string> files = k_minimal_files;
    std::string& toml = files.at("scenario.toml");
    const std::string contracts = "contracts = \"contracts.csv\"\n";
    toml.insert(toml.find(contracts) + contracts.size(), "drugs = \"drugs.csv\"\n");
    files["drugs.csv"] = k_drugs_csv;
    return ScenarioFiles(std::move(files));
}

// The message loading the drug scenario gives with one text of drugs.csv replaced.
std::string drug_error(std::string_view from, std::string_view to) {
    ScenarioFiles files = drug_files();
    files.replace("drugs.csv", from, to);
    return relative_load_error(files);
}

// What read_growth_bp says is valid.
const std::string k_valid_growth = "valid: a decimal with at most 2 decimal places and no "
                                   "exponent, greater than -100 and at most 100, e.g. 3.5";

} // namespace

TEST_CASE("drugs.csv loads each row's cost in pence and growth in basis points") {
    const Scenario scenario = load_scenario(drug_files().write());
    REQUIRE(scenario.drugs.size() == 3);
    const auto& rgt = scenario.drugs[0];
    CHECK(rgt.provider.value() == 0);     // RGT
    CHECK(rgt.service_line.value() == 1); // CHM
    CHECK(rgt.annual_cost.pence() == 12'000'055);
    CHECK(rgt.growth_bp == 600);
    const auto& aqhg = scenario.drugs[1];
    CHECK(aqhg.provider.value() == 2); // AQHG
    CHECK(aqhg.service_line.value() == 1);
    CHECK(aqhg.annual_cost.pence() == 1);
    CHECK(aqhg.growth_bp == -225);
    const auto& ral = scenario.drugs[2];
    CHECK(ral.provider.value() == 1);     // RAL
    CHECK(ral.service_line.value() == 0); // RTX
    CHECK(ral.annual_cost.pence() == 500'000);
    CHECK(ral.growth_bp == 10'000); // 100%, the most there can be

    // A cut of 99.99% is the deepest.
    ScenarioFiles cut = drug_files();
    cut.replace("drugs.csv", "RGT,CHM,120000.55,6", "RGT,CHM,120000.55,-99.99");
    CHECK(load_scenario(cut.write()).drugs[0].growth_bp == -9'999);

    // A header alone is a table of no drugs.
    ScenarioFiles header_only = drug_files();
    header_only.set("drugs.csv", "provider_code,service_line_code,annual_cost_pounds,growth_pct\n");
    CHECK(load_scenario(header_only.write()).drugs.empty());
}

TEST_CASE("drugs is optional in [tables], and a named file must exist") {
    const ScenarioFiles without;
    CHECK(load_scenario(without.write()).drugs.empty());

    ScenarioFiles missing = drug_files();
    missing.replace("scenario.toml", "drugs = \"drugs.csv\"", "drugs = \"missing.csv\"");
    CHECK(relative_load_error(missing) ==
          "scenario.toml:16:9: field 'tables.drugs': no such file 'missing.csv'; valid: a CSV "
          "file, relative to the TOML file's folder");

    ScenarioFiles empty = drug_files();
    empty.replace("scenario.toml", "drugs = \"drugs.csv\"", "drugs = \"\"");
    CHECK(relative_load_error(empty) ==
          "scenario.toml:16:9: field 'tables.drugs': empty; valid: a CSV file name such as "
          "\"drugs.csv\"");
}

TEST_CASE("drugs.csv error: unknown codes") {
    CHECK(drug_error("RGT,CHM,120000.55", "RXX,CHM,120000.55") ==
          "drugs.csv:2:1: field 'provider_code': unknown provider code 'RXX'; valid: a code from "
          "providers.csv's provider_code column (RGT, RAL, AQHG)");
    CHECK(drug_error("RGT,CHM,120000.55", "RGT,CHX,120000.55") ==
          "drugs.csv:2:2: field 'service_line_code': unknown service line code 'CHX'; valid: a "
          "code from service_lines.csv's service_line_code column (RTX, CHM)");
}

TEST_CASE("drugs.csv error: one row per provider and service line") {
    ScenarioFiles files = drug_files();
    files.append("drugs.csv", "RGT,CHM,1,0\n");
    CHECK(relative_load_error(files) ==
          "drugs.csv:5:2: field 'service_line_code': duplicate drugs for provider RGT and service "
          "line CHM (first on line 2); valid: one row per provider and service line");
}

TEST_CASE("drugs.csv error: a pair without flows, or whose flows expect no cases") {
    const std::string no_flow =
        ", and a drug cost follows the line's activity at the provider; valid: a provider and "
        "service line with expected_cases_per_year above 0 in flows.csv";

    // RAL has costs only for RTX, and flows only for it.
    ScenarioFiles none = drug_files();
    none.append("drugs.csv", "RAL,CHM,1,0\n");
    CHECK(relative_load_error(none) == "drugs.csv:5:2: field 'service_line_code': no flow with "
                                       "expected activity for provider RAL and service line CHM" +
                                           no_flow);

    // AQHG's one CHM flow expects no cases.
    ScenarioFiles zero = drug_files();
    zero.replace("flows.csv", "QHG,AQHG,CHM,3.25", "QHG,AQHG,CHM,0");
    CHECK(relative_load_error(zero) == "drugs.csv:3:2: field 'service_line_code': no flow with "
                                       "expected activity for provider AQHG and service line CHM" +
                                           no_flow);
}

TEST_CASE("drugs.csv error: a negative cost") {
    CHECK(drug_error("RGT,CHM,120000.55", "RGT,CHM,-5") ==
          "drugs.csv:2:3: field 'annual_cost_pounds': '-5' is negative; valid: a decimal with at "
          "most 2 decimal places and no exponent, without a pound sign or thousands separators, "
          "not negative, e.g. 1234.56");
}

TEST_CASE("drugs.csv error: growth above -100 and at most 100, two decimals") {
    CHECK(drug_error("AQHG,CHM,0.01,-2.25", "AQHG,CHM,0.01,-100") ==
          "drugs.csv:3:4: field 'growth_pct': '-100' is out of range; " + k_valid_growth);
    CHECK(drug_error("RAL,RTX,5000,100", "RAL,RTX,5000,100.01") ==
          "drugs.csv:4:4: field 'growth_pct': '100.01' is out of range; " + k_valid_growth);
    CHECK(drug_error("RGT,CHM,120000.55,6", "RGT,CHM,120000.55,abc") ==
          "drugs.csv:2:4: field 'growth_pct': 'abc' is not a percentage; " + k_valid_growth);
    CHECK(drug_error("RGT,CHM,120000.55,6", "RGT,CHM,120000.55,") ==
          "drugs.csv:2:4: field 'growth_pct': an empty field is not a percentage; " +
              k_valid_growth);
    CHECK(drug_error("RGT,CHM,120000.55,6", "RGT,CHM,120000.55,6.125") ==
          "drugs.csv:2:4: field 'growth_pct': '6.125' has more than 2 decimal places; " +
              k_valid_growth);
}

TEST_CASE("drugs.csv error: a missing column") {
    ScenarioFiles files = drug_files();
    files.set("drugs.csv", "provider_code,service_line_code,annual_cost_pounds\n"
                           "RGT,CHM,120000.55\n");
    CHECK(relative_load_error(files) ==
          "drugs.csv:1: field 'growth_pct': missing column in the header; valid columns (in any "
          "order): provider_code,service_line_code,annual_cost_pounds,growth_pct");
}
