// load_scenario as a whole: the minimal and the England scenario, and the TOML document's
// root keys and sections.
#include "scenario_files.hpp"
#include "scenarios/scenario_loader.hpp"

#include <algorithm>
#include <chrono>
#include <doctest/doctest.h>
#include <filesystem>
#include <string>

namespace {

namespace fs = std::filesystem;
using specflow::entities::DelegationStatus;
using specflow::entities::PortfolioCategory;
using specflow::entities::ProviderKind;
using specflow::entities::Scenario;
using specflow::scenarios::load_scenario;
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
                                      "policy, activity, allocation, lead_icb, risk_pool, shocks"});

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

TEST_CASE(
    "the built-in England scenario loads: 42 ICBs, then 36, in 7 regions, every flow resolved") {
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
    // The 42 ICBs of 2024/25 and the six formed in April 2026.
    CHECK(scenario.icbs.size() == 48);
    CHECK(std::count_if(scenario.icbs.begin(), scenario.icbs.end(), [&scenario](const auto& icb) {
              return icb.exists_in(scenario.first_year);
          }) == 42);
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
