// Tests of the scenario's parameters as a stored run lists them (reports/scenario_parameters.hpp):
// which ones are published figures and which illustrative, year by year, in the England
// scenario and in a scenario that extends it.

#include "reports/scenario_parameters.hpp"
#include "reports/store.hpp"
#include "scenarios/scenario_loader.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using specflow::reports::Provenance;
using specflow::reports::scenario_parameters;
using specflow::reports::ScenarioParameter;

std::string stored_text(const char* scenario) {
    return specflow::reports::scenario_text(specflow::scenarios::scenario_files(
        fs::path(SPECFLOW_SOURCE_DIR) / "scenarios" / scenario / "scenario.toml"));
}

// The parameter of that name (and FY, for an [[allocation.years]] entry) in the first file that
// sets it: the one that applies.
const ScenarioParameter& find(const std::vector<ScenarioParameter>& parameters,
                              const std::string& name, const std::string& fy = "") {
    const auto found = std::find_if(parameters.begin(), parameters.end(), [&](const auto& p) {
        return p.name == name && p.financial_year == fy;
    });
    REQUIRE_MESSAGE(found != parameters.end(), name << " " << fy);
    return *found;
}

} // namespace

TEST_CASE("England 2024/25: the published figures of its README are marked published, with "
          "their source, and the convergence parameters and the monthly profile are illustrative") {
    const auto parameters = scenario_parameters(stored_text("england-2024-25"));
    for (const char* name :
         {"policy.api_rate_above_plan_pct", "policy.api_rate_below_plan_pct",
          "policy.lva_threshold_pounds", "allocation.baseline_total_pounds",
          "allocation.delegable_share_pct", "allocation.not_ready_share_pct",
          "allocation.retained_share_pct", "reconfiguration.start", "reconfiguration.icbs"}) {
        INFO(name);
        CHECK(find(parameters, name).provenance == Provenance::published);
        CHECK_FALSE(find(parameters, name).source.empty());
    }
    CHECK(find(parameters, "policy.lva_threshold_pounds").source == "NHS Payment Scheme 2023/25");
    CHECK(find(parameters, "policy.monthly_profile").provenance == Provenance::illustrative);
    CHECK(find(parameters, "policy.monthly_profile").value ==
          "[98, 101, 101, 101, 94, 100, 103, 103, 95, 102, 99, 103]");
    CHECK(find(parameters, "allocation.policy").provenance == Provenance::illustrative);
    CHECK(find(parameters, "allocation.policy").value == "\"level_up\"");
    // Cost uplift and efficiency are the Payment Scheme's in 2024/25 and 2025/26 only: 2% is
    // published as 2025/26's efficiency, not as 2026/27's.
    CHECK(find(parameters, "allocation.years.cost_uplift_pct", "2024/25").provenance ==
          Provenance::published);
    CHECK(find(parameters, "allocation.years.efficiency_pct", "2025/26").provenance ==
          Provenance::published);
    CHECK(find(parameters, "allocation.years.efficiency_pct", "2026/27").provenance ==
          Provenance::illustrative);
    CHECK(find(parameters, "allocation.years.growth_pct", "2024/25").provenance ==
          Provenance::illustrative);
    // The comment after the value is not part of it.
    CHECK(find(parameters, "allocation.years.lva_threshold_pounds", "2025/26").value == "1500000");
    CHECK(find(parameters, "allocation.years.lva_threshold_pounds", "2025/26").provenance ==
          Provenance::published);
    // [scenario] and [tables] are the run's record and file names, not parameters.
    CHECK(std::none_of(parameters.begin(), parameters.end(), [](const auto& p) {
        return p.name.starts_with("scenario.") || p.name.starts_with("tables.");
    }));
}

TEST_CASE("England 2026/27: the £1.5m LVA threshold is published from 2025/26, its derived "
          "baseline is not") {
    const auto parameters = scenario_parameters(stored_text("england-2026-27"));
    CHECK(find(parameters, "policy.lva_threshold_pounds").provenance == Provenance::published);
    CHECK(find(parameters, "allocation.baseline_total_pounds").provenance ==
          Provenance::illustrative);
}

TEST_CASE("a scenario that extends England lists its own file first, its shocks illustrative, "
          "and England's parameters after it as England's file marks them") {
    const auto parameters = scenario_parameters(stored_text("repatriation"));
    REQUIRE_FALSE(parameters.empty());
    CHECK(parameters.front().file == "scenario.toml");
    CHECK(parameters.front().name == "shocks.code");
    CHECK(find(parameters, "shocks.share_pct").provenance == Provenance::illustrative);
    CHECK(find(parameters, "policy.lva_threshold_pounds").provenance == Provenance::published);
}

TEST_CASE("values as written: quoted '#' kept, arrays over several lines joined, years given "
          "to every key of their [[allocation.years]] entry") {
    const std::string text = "=== scenario.toml ===\n"
                             "[scenario]\n"
                             "financial_year = \"2024/25\"\n"
                             "[policy]\n"
                             "note = \"a # not a comment\" # a comment\n"
                             "monthly_profile = [100, 100,\n"
                             "   100] # twelve in truth\n"
                             "lva_threshold_pounds = 500000.0\n"
                             "[[allocation.years]]\n"
                             "cost_uplift_pct = 2.9\n"
                             "financial_year = \"2024/25\"\n"
                             "=== icbs.csv ===\n"
                             "code,name\n";
    const auto parameters = scenario_parameters(text);
    REQUIRE(parameters.size() == 4);
    CHECK(parameters[0].value == "\"a # not a comment\"");
    CHECK(parameters[1].value == "[100, 100, 100]");
    CHECK(parameters[2].provenance == Provenance::published); // 500000.0 is £0.5m
    CHECK(parameters[3].name == "allocation.years.cost_uplift_pct");
    CHECK(parameters[3].financial_year == "2024/25");
    CHECK(parameters[3].provenance == Provenance::published);
}
