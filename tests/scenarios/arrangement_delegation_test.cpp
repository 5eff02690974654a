// Participants of a lead-ICB arrangement and members of a risk pool hold their delegated money
// in every FY of the scenario.
#include "arrangement_files.hpp"
#include "scenario_files.hpp"
#include "scenarios/scenario_loader.hpp"

#include <doctest/doctest.h>
#include <map>
#include <string>

namespace {

using specflow::scenarios::load_scenario;
using specflow::scenarios::test::arrangement_texts;
using specflow::scenarios::test::relative_load_error;
using specflow::scenarios::test::ScenarioFiles;

// The arrangement scenario's files (all three ICBs delegated) with one ICB's status changed:
// QUE's or QMJ's.
std::map<std::string, std::string> with_status(const std::string& icb, const std::string& status) {
    auto files = arrangement_texts();
    std::string& icbs = files.at("icbs.csv");
    const std::string before = icb == "QUE" ? "11.14," : "1.053,0,";
    const auto at = icbs.find(before + "delegated,");
    REQUIRE(at != std::string::npos);
    icbs.replace(at + before.size(), std::string("delegated").size(), status);
    return files;
}

} // namespace

TEST_CASE("arrangements of delegated ICBs load") {
    CHECK(load_scenario(ScenarioFiles(arrangement_texts()).write()).lead_arrangements.size() == 1);
}

TEST_CASE("a joint participant of a lead-ICB arrangement is refused at its code") {
    // participants = ["QHG", "QUE"] is line 26; "QUE" starts at column 24.
    CHECK(relative_load_error(ScenarioFiles(with_status("QUE", "joint"))) ==
          "scenario.toml:26:24: field 'lead_icb[1].participants': ICB QUE is joint in 2024/25 "
          "(in icbs.csv): NHS England holds its delegated money, so it has none to recharge; "
          "valid: ICBs delegated in 2024/25: QHG, QMJ");
}

TEST_CASE("a retained member of a risk pool is refused at its code") {
    // members = ["QHG", "QUE", "QMJ"] is line 34; "QMJ" starts at column 26.
    CHECK(relative_load_error(ScenarioFiles(with_status("QMJ", "retained"))) ==
          "scenario.toml:34:26: field 'risk_pool[1].members': ICB QMJ is retained in 2024/25 "
          "(in icbs.csv): NHS England holds its delegated money, so it has none to pool; valid: "
          "ICBs delegated in 2024/25: QHG, QUE");
}

TEST_CASE("a delegation change in a FY of the scenario counts, one after it does not") {
    // The arrangement scenario has one FY, 2024/25; its shock retaining region Y61 from
    // 2025/26 is outside it.
    ScenarioFiles files(arrangement_texts({}, {}, R"(
[[shocks]]
kind = "delegation_change"
start = "2024/25 M01"
icb = "QUE"
status = "joint"
)"));
    CHECK(relative_load_error(files) ==
          "scenario.toml:26:24: field 'lead_icb[1].participants': ICB QUE is joint in 2024/25 "
          "(from shocks[10]): NHS England holds its delegated money, so it has none to "
          "recharge; valid: ICBs delegated in 2024/25: QHG, QMJ");
}
