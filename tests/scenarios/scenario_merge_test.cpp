// A variant merged over the scenario it extends: entries replaced in place by their keys,
// [remove], a year's parameters one key at a time, and messages that name the file each entry
// came from.
#include "arrangement_files.hpp"
#include "scenario_files.hpp"
#include "scenarios/scenario_loader.hpp"

#include <doctest/doctest.h>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace {

using specflow::entities::Repatriation;
using specflow::entities::Scenario;
using specflow::entities::Settlement;
using specflow::scenarios::load_scenario;
using specflow::scenarios::test::arrangement_texts;
using specflow::scenarios::test::extending;
using specflow::scenarios::test::k_minimal_files;
using specflow::scenarios::test::relative_load_error;
using specflow::scenarios::test::ScenarioFiles;

// The arrangement scenario (one [[lead_icb]] "eoe-hub" on base line 23, one [[risk_pool]]
// "east" on 32, nine shocks from 39, the second without a code: "payment_cut-2") in base/,
// under a variant that adds `child` from its line 3.
ScenarioFiles variant(const std::string& child) {
    return ScenarioFiles(extending(child, arrangement_texts()));
}

std::vector<std::string> shock_codes(const Scenario& scenario) {
    std::vector<std::string> codes;
    for (const auto& shock : scenario.shocks) {
        codes.push_back(shock.code);
    }
    return codes;
}

// The minimal scenario with allocations over three years (budgets from growth), for a variant
// to change one year's parameters. The year entries start on lines 24, 34 and 44.
std::map<std::string, std::string> allocation_base() {
    std::map<std::string, std::string> files = k_minimal_files;
    std::string& toml = files.at("scenario.toml");
    toml.erase(toml.find("[policy]"));
    toml += "[allocation]\npolicy = \"level_up\"\nbaseline_total_pounds = 3000000\n"
            "delegable_share_pct = 85\nnot_ready_share_pct = 8\nretained_share_pct = 7\n";
    for (const char* year : {"2024/25", "2025/26", "2026/27"}) {
        toml += std::string("\n[[allocation.years]]\nfinancial_year = \"") + year +
                "\"\ngrowth_pct = 4\nfloor_growth_pct = 1\ncap_growth_pct = 8\n"
                "tolerance_pct = 2.5\npace_pct = 20\ncost_uplift_pct = 2.9\nefficiency_pct = 1.1\n";
    }
    std::string& icbs = files.at("icbs.csv");
    std::string rows;
    for (std::size_t at = 0; at < icbs.size();) {
        const std::size_t end = icbs.find('\n', at);
        const std::string line = icbs.substr(at, end - at);
        rows += line.substr(0, line.rfind(',')) + "\n"; // without budget_pounds
        at = end + 1;
    }
    icbs = rows;
    return files;
}

} // namespace

TEST_CASE("a variant's entry with a base entry's key replaces it in place") {
    ScenarioFiles files = variant(R"(
[[risk_pool]]
code = "east"
members = ["QHG", "QUE"]
settlement = "quarterly"

[[shocks]]
kind = "repatriation"
code = "chemo-local"
start = "2024/25 M08"
icb = "QHG"
service_line = "CHM"
from_provider = "RGT"
to_provider = "AQHG"
share_pct = 20
)");
    const Scenario scenario = load_scenario(files.write());
    REQUIRE(scenario.risk_pools.size() == 1);
    const auto& pool = scenario.risk_pools[0];
    CHECK(pool.members.size() == 2);
    CHECK(pool.settlement == Settlement::quarterly);
    CHECK(!pool.threshold); // the base's threshold went with its entry
    CHECK(pool.source.line == 4);
    CHECK(pool.source.file.ends_with("/scenario.toml"));
    CHECK(!pool.source.file.ends_with("base/scenario.toml"));
    // The shock keeps its place, first of nine.
    REQUIRE(scenario.shocks.size() == 9);
    CHECK(scenario.shocks[0].code == "chemo-local");
    CHECK(scenario.shocks[0].start.month == 8);
    CHECK(std::get<Repatriation>(scenario.shocks[0].effect).share_bp == 2'000);
    CHECK(scenario.shocks[1].code == "payment_cut-2");
    CHECK(scenario.lead_arrangements.size() == 1); // the base's, untouched
}

TEST_CASE("[remove] drops base entries by key, and the others keep their codes") {
    ScenarioFiles files = variant(R"(
[remove]
risk_pool = ["east"]
shocks = ["chemo-local", "payment_cut-2"]
)");
    const Scenario scenario = load_scenario(files.write());
    CHECK(scenario.risk_pools.empty());
    const auto codes = shock_codes(scenario);
    REQUIRE(codes.size() == 7);
    // A shock without a code is named by its place in the base, and stays so named.
    CHECK(codes[0] == "activity_shift-3");
    CHECK(codes[1] == "price_change-4");
}

TEST_CASE("a variant's year entry changes only the keys it gives") {
    ScenarioFiles files(extending(R"(
[[allocation.years]]
financial_year = "2025/26"
budget_pounds = 3500000
pace_pct = 35

[remove.allocation]
years = ["2026/27"]
)",
                                  allocation_base()));
    const Scenario scenario = load_scenario(files.write());
    const auto& years = scenario.allocation.years;
    REQUIRE(years.size() == 2);
    CHECK(years[0].pace_bp == 2'000);
    CHECK(years[1].pace_bp == 3'500);
    CHECK(years[1].budget.pence() == 350'000'000);
    CHECK(years[1].cap_growth_bp == 800); // the base's
    // Each key's place is where it was set: the variant's pace, the base's cap.
    CHECK(years[1].sources.at("pace_pct").line == 7);
    CHECK(!years[1].sources.at("pace_pct").file.ends_with("base/scenario.toml"));
    CHECK(years[1].sources.at("cap_growth_pct").line == 38);
    CHECK(years[1].sources.at("cap_growth_pct").file.ends_with("base/scenario.toml"));
}

TEST_CASE("[remove]: a key no base entry has, listed twice, or also defined") {
    CHECK(relative_load_error(variant("\n[remove]\nlead_icb = [\"eoe-hub\", \"west-hub\"]\n")) ==
          "scenario.toml:5:24: field 'remove.lead_icb': no [[lead_icb]] entry with code "
          "'west-hub' in the scenarios this one extends; valid: one of 'eoe-hub'");
    CHECK(relative_load_error(variant("\n[remove]\nreconfiguration = [\"2026/27 M01\"]\n")) ==
          "scenario.toml:5:20: field 'remove.reconfiguration': no [[reconfiguration]] entry "
          "with start '2026/27 M01' in the scenarios this one extends; valid: nothing, since they "
          "have no [[reconfiguration]] entries");
    CHECK(
        relative_load_error(variant("\n[remove]\nshocks = [\"chemo-local\", \"chemo-local\"]\n")) ==
        "scenario.toml:5:26: field 'remove.shocks': 'chemo-local' is listed twice; valid: each "
        "key once");
    CHECK(relative_load_error(variant(R"(
[remove]
risk_pool = ["east"]

[[risk_pool]]
code = "east"
members = ["QHG"]
settlement = "quarterly"
)")) == "scenario.toml:5:14: field 'remove.risk_pool': 'east' is removed and also defined in "
        "this file; valid: one or the other (an entry with the base's code replaces it)");
    CHECK(relative_load_error(variant("\n[remove]\narrangements = [\"eoe-hub\"]\n")) ==
          "scenario.toml:5:1: field 'remove.arrangements': unknown key; valid: lead_icb, "
          "risk_pool, shocks, reconfiguration, allocation.years");
    ScenarioFiles alone(k_minimal_files);
    alone.append("scenario.toml", "\n[remove]\nshocks = [\"x\"]\n");
    CHECK(relative_load_error(alone) ==
          "scenario.toml:24:1: field 'remove': a [remove] table drops entries of the scenario "
          "this one extends, and this one extends none; valid: [scenario].extends with "
          "[remove], or no [remove]");
}

TEST_CASE("messages name the file each entry came from, base or variant") {
    // A variant's arrangement that shares an ICB and a provider with the base's names the
    // base's file and line.
    CHECK(relative_load_error(variant(R"(
[[lead_icb]]
code = "west-hub"
host = "QHG"
participants = ["QHG"]
providers = ["RGT"]
service_lines = ["*"]
basis = "plan"
settlement = "monthly"
)")) == "scenario.toml:7:16: field 'lead_icb[2].participants': ICB QHG is also a participant "
        "of 'eoe-hub' (line 23 of base/scenario.toml), which also has provider RGT; valid: an "
        "ICB in at most one arrangement per provider");
    // Two variant entries with one new code: the second is a duplicate of the first, in the
    // variant's own file.
    const std::string pool = "\n[[risk_pool]]\ncode = \"west\"\nmembers = [\"QMJ\"]\n"
                             "settlement = \"quarterly\"\n";
    ScenarioFiles twice(extending(pool + pool, arrangement_texts("members = [\"QHG\", \"QUE\", "
                                                                 "\"QMJ\"]",
                                                                 "members = [\"QHG\", \"QUE\"]")));
    CHECK(relative_load_error(twice) ==
          "scenario.toml:10:8: field 'risk_pool[3].code': duplicate code 'west' (first on line "
          "4); valid: each code once");
    // A variant's shock that contradicts a base's names the base's line and file.
    CHECK(relative_load_error(variant(R"(
[[shocks]]
kind = "delegation_change"
start = "2025/26 M01"
icb = "QUE"
status = "joint"
)")) == "scenario.toml:8:10: field 'shocks[10].status': sets ICB QUE to joint from 2025/26, but "
        "shocks[6] (line 77 of base/scenario.toml) sets it to retained from the same financial "
        "year; valid: one status per ICB and financial year");
    // A base entry that the variant breaks is reported in the base's file.
    const std::string removed =
        relative_load_error(variant("\n[remove]\nlead_icb = [\"eoe-hub\"]\n"));
    CHECK(removed.starts_with("base/scenario.toml:86:15: field 'shocks[7].arrangement': "));
}

TEST_CASE("the example of docs/scenario-format.md loads over east-of-england-hub") {
    const std::string hub = std::string(SPECFLOW_SOURCE_DIR) + "/scenarios/east-of-england-hub/";
    ScenarioFiles files({{"scenario.toml", R"([scenario]
extends = ")" + hub + R"(scenario.toml"
name = "eoe-hub-quarterly"

[remove]
allocation.years = ["2028/29"]

[[lead_icb]]
code = "eoe-hub"
host = "QHG"
participants = ["QHG", "QUE", "QM7"]
providers = ["RGT", "RGM"]
service_lines = ["*"]
basis = "plan"
settlement = "quarterly"

[[allocation.years]]
financial_year = "2025/26"
growth_pct = 5
)"}});
    const Scenario variant = load_scenario(files.write());
    const Scenario base = load_scenario(hub + "scenario.toml");
    REQUIRE(variant.lead_arrangements.size() == 1);
    CHECK(variant.lead_arrangements[0].participants.size() == 3);
    CHECK(variant.lead_arrangements[0].settlement == Settlement::quarterly);
    REQUIRE(variant.allocation.years.size() == 4);
    CHECK(variant.allocation.years[0].budget == base.allocation.years[0].budget);
    // 5% over 2024/25 instead of the base's 4.5%.
    CHECK(variant.allocation.years[1].budget.pence() ==
          base.allocation.years[0].budget.pence() / 100 * 105);
    CHECK(variant.allocation.years[1].delegate_regions ==
          base.allocation.years[1].delegate_regions);
}
