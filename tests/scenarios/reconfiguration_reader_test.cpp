// [[reconfiguration]] entries and icb_needs.csv: the ICBs of a FY and a mapping from those of
// the year before, with an error for anything that would lose or invent population.
#include "scenario_files.hpp"
#include "scenarios/scenario_loader.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace {

using specflow::entities::FinancialYear;
using specflow::scenarios::load_scenario;
using specflow::scenarios::test::check_error;
using specflow::scenarios::test::k_minimal_files;
using specflow::scenarios::test::relative_load_error;
using specflow::scenarios::test::ScenarioFiles;

// The minimal scenario (QHG and QUE in East of England, QMJ in London) reconfigured in April
// 2025: QHG and 60% of QUE form T01; 40% of QUE joins QMJ, which continues. Line numbers count
// from these texts: the header is line 1.
const std::string k_entry = "\n[[reconfiguration]]\n"
                            "start = \"2025/26 M01\"\n"
                            "icbs = \"icbs_2025_26.csv\"\n"
                            "mapping = \"mapping.csv\"\n";
const std::string k_icbs = "icb_code,icb_name,region_code,registered_population,need_index\n"
                           "T01,Central East,Y61,1700000,0.91\n"
                           "QMJ,North Central London,Y56,2200000,1.05\n";
const std::string k_mapping = "old_icb_code,old_icb_name,new_icb_code,share_of_old_icb\n"
                              "QHG,\"Bedfordshire, Luton and Milton Keynes\",T01,1\n"
                              "QUE,Cambridgeshire and Peterborough,T01,0.6\n"
                              "QUE,Cambridgeshire and Peterborough,QMJ,0.4\n"
                              "QMJ,North Central London,QMJ,1.000000\n";

ScenarioFiles reconfigured() {
    std::map<std::string, std::string> files = k_minimal_files;
    files.at("scenario.toml") += k_entry;
    files["icbs_2025_26.csv"] = k_icbs;
    files["mapping.csv"] = k_mapping;
    return ScenarioFiles(std::move(files));
}

std::string mapping_error(std::string_view from, std::string_view to) {
    ScenarioFiles files = reconfigured();
    files.replace("mapping.csv", from, to);
    return relative_load_error(files);
}

} // namespace

TEST_CASE("a reconfiguration adds the ICBs it forms and ends those it does not list") {
    const auto s = load_scenario(reconfigured().write());
    REQUIRE(s.icbs.size() == 4);
    const auto& t01 = s.icbs[3];
    CHECK(t01.code == "T01");
    CHECK(t01.from == FinancialYear(2025));
    CHECK(t01.registered_population == 1'700'000);
    CHECK(t01.need_index_micro == 910'000);
    CHECK_FALSE(t01.exists_in(FinancialYear(2024)));
    CHECK(s.icbs[0].until == FinancialYear(2025));   // QHG
    CHECK(s.icbs[1].until == FinancialYear(2025));   // QUE
    CHECK(s.icbs[2].exists_in(FinancialYear(2030))); // QMJ continues
    REQUIRE(s.reconfigurations.size() == 1);
    const auto& shares = s.reconfigurations[0].shares;
    REQUIRE(shares.size() == 4);
    CHECK(shares[1].from.value() == 1);
    CHECK(shares[1].to.value() == 3);
    CHECK(shares[1].share_micro == 600'000);
    // The table's populations and need indices are the FY's, for QMJ too.
    REQUIRE(s.icb_needs.size() == 2);
    CHECK(s.icb_needs[1].icb.value() == 2);
    CHECK(s.icb_needs[1].year == FinancialYear(2025));
    CHECK(s.icb_needs[1].registered_population == 2'200'000);
}

TEST_CASE("reconfiguration error: a mapping that loses or invents population") {
    CHECK(mapping_error("QUE,Cambridgeshire and Peterborough,QMJ,0.4",
                        "QUE,Cambridgeshire and Peterborough,QMJ,0.3") ==
          "mapping.csv:4: field 'share_of_old_icb': the shares of QUE add up to 0.900000, so the "
          "mapping would lose population; valid: shares of each old ICB that add up to exactly 1");
    CHECK(mapping_error("QUE,Cambridgeshire and Peterborough,QMJ,0.4",
                        "QUE,Cambridgeshire and Peterborough,QMJ,0.45") ==
          "mapping.csv:4: field 'share_of_old_icb': the shares of QUE add up to 1.050000, so the "
          "mapping would invent population; valid: shares of each old ICB that add up to exactly "
          "1");
    CHECK(mapping_error("QMJ,North Central London,QMJ,1.000000\n", "") ==
          "mapping.csv: field 'old_icb_code': ICB QMJ of 2024/25 has no row, so the mapping would "
          "lose its population; valid: a row for every ICB of 2024/25");
    check_error(reconfigured().replace("mapping.csv", "T01,0.6", "T01,1.5"),
                {"mapping.csv:3:", "share_of_old_icb", "1.500000 is more than the whole"});
    check_error(reconfigured().replace("mapping.csv", "QMJ,0.4", "QMJ,0"),
                {"mapping.csv:4:", "share_of_old_icb"});
    check_error(reconfigured().replace("mapping.csv",
                                       "QHG,\"Bedfordshire, Luton and Milton "
                                       "Keynes\",T01,1\n",
                                       "QHG,x,T01,0.5\nQHG,x,T01,0.5\n"),
                {"mapping.csv:3:", "a second row from QHG to T01; valid: one row per pair"});
}

TEST_CASE("reconfiguration error: unknown codes, and a new ICB formed from nobody") {
    check_error(reconfigured().replace("mapping.csv", "QHG,", "QXX,"),
                {"mapping.csv:2:1:", "old_icb_code", "unknown ICB code 'QXX' in 2024/25"});
    check_error(reconfigured().replace("mapping.csv", "T01,1\n", "T09,1\n"),
                {"mapping.csv:2:", "new_icb_code", "unknown ICB code 'T09'", "icbs_2025_26.csv"});
    ScenarioFiles files = reconfigured();
    files.append("icbs_2025_26.csv", "T02,Empty,Y61,1,1\n");
    CHECK(relative_load_error(files) ==
          "mapping.csv: field 'new_icb_code': ICB T02 of 2025/26 takes no population; valid: a "
          "row to every ICB of icbs_2025_26.csv");
    check_error(reconfigured().replace("icbs_2025_26.csv", "QMJ,North Central London,Y56",
                                       "QMJ,North Central London,Y61"),
                {"icbs_2025_26.csv:3:", "region_code", "continues from 2024/25 in region Y56"});
}

TEST_CASE("reconfiguration error: not at a FY start, in the first FY, two in one FY") {
    check_error(reconfigured().replace("scenario.toml", "2025/26 M01", "2025/26 M04"),
                {"scenario.toml:", "reconfiguration[1].start",
                 "a reconfiguration in 2025/26 M04; valid: the first month of a financial year, "
                 "e.g. \"2025/26 M01\""});
    check_error(reconfigured().replace("scenario.toml", "2025/26 M01", "2024/25 M01"),
                {"reconfiguration[1].start", "when the scenario starts in 2024/25",
                 "valid: a financial year after the first"});
    ScenarioFiles twice = reconfigured();
    twice.append("scenario.toml", k_entry);
    check_error(twice, {"reconfiguration[2].start",
                        "a second reconfiguration in 2025/26 (the first on line 25)",
                        "valid: one per financial year"});
    check_error(reconfigured().replace("scenario.toml", "mapping = \"mapping.csv\"",
                                       "mapping = \"missing.csv\""),
                {"reconfiguration[1].mapping", "no such file"});
}

TEST_CASE("icb_needs.csv: a population and need index per ICB and FY in which it exists") {
    ScenarioFiles files = reconfigured();
    files.replace("scenario.toml", "contracts = \"contracts.csv\"\n",
                  "contracts = \"contracts.csv\"\nicb_needs = \"needs.csv\"\n");
    files.set("needs.csv", "icb_code,financial_year,registered_population,need_index\n"
                           "QHG,2024/25,1090000,0.93\n"
                           "T01,2026/27,1710000,0.912\n");
    const auto s = load_scenario(files.write());
    REQUIRE(s.icb_needs.size() == 4);
    CHECK(s.icb_needs[2].registered_population == 1'090'000);
    CHECK(s.icb_needs[3].year == FinancialYear(2026));
    files.set("needs.csv", "icb_code,financial_year,registered_population,need_index\n"
                           "QHG,2025/26,1090000,0.93\n");
    check_error(files, {"needs.csv:2:", "financial_year", "ICB QHG does not exist in 2025/26"});
    files.set("needs.csv", "icb_code,financial_year,registered_population,need_index\n"
                           "QMJ,2025/26,1090000,0.93\n");
    check_error(files, {"needs.csv:2:", "a second population for QMJ in 2025/26"});
    // Found through the load_fuzz harness: a population that overflowed the target weight
    // (population × need).
    files.set("needs.csv", "icb_code,financial_year,registered_population,need_index\n"
                           "T01,2026/27,9000000000000000000,0.93\n");
    check_error(files, {"needs.csv:2:3: field 'registered_population': '9000000000000000000' is "
                        "out of range; valid: a whole number, at most 100000000"});
    check_error(reconfigured().replace("icbs_2025_26.csv", "2200000,1.05", "2200000,1000"),
                {"icbs_2025_26.csv:3:5: field 'need_index': '1000' is out of range"});
}

TEST_CASE("a base's reconfiguration files are read from the base's folder, and are its files") {
    // Regression: they were read relative to the scenario that extends the base.
    std::map<std::string, std::string> files;
    for (const auto& [name, text] : k_minimal_files) {
        files["base/" + name] = text;
    }
    files.at("base/scenario.toml") += k_entry;
    files["base/icbs_2025_26.csv"] = k_icbs;
    files["base/mapping.csv"] = k_mapping;
    files["scenario.toml"] = "[scenario]\nextends = \"base/scenario.toml\"\nname = \"variant\"\n";
    const ScenarioFiles written(std::move(files));
    const auto path = written.write();
    const auto s = load_scenario(path);
    CHECK(s.icbs.size() == 4);
    const auto named = specflow::scenarios::scenario_files(path);
    const auto names = [&named] {
        std::vector<std::string> out;
        for (const auto& file : named) {
            out.push_back(file.filename().string());
        }
        return out;
    }();
    CHECK(std::count(names.begin(), names.end(), "mapping.csv") == 1);
    CHECK(std::count(names.begin(), names.end(), "icbs_2025_26.csv") == 1);
}
