// [[lead_icb]] and [[risk_pool]] entries.
#include "arrangement_files.hpp"
#include "scenarios/scenario_loader.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

namespace {

using specflow::entities::IcbId;
using specflow::entities::ProviderId;
using specflow::entities::RechargeBasis;
using specflow::entities::Scenario;
using specflow::entities::Settlement;
using specflow::scenarios::load_scenario;
using specflow::scenarios::test::appended;
using specflow::scenarios::test::arrangement_files;
using specflow::scenarios::test::at;
using specflow::scenarios::test::check_error;
using specflow::scenarios::test::k_appended_line;
using specflow::scenarios::test::ScenarioFiles;
using specflow::scenarios::test::with;

} // namespace

TEST_CASE("a lead ICB and a risk pool load with exact values") {
    const Scenario scenario = load_scenario(arrangement_files().write());

    REQUIRE(scenario.lead_arrangements.size() == 1);
    const auto& lead = scenario.lead_arrangements[0];
    CHECK(lead.code == "eoe-hub");
    CHECK(lead.host == IcbId(0));
    CHECK(lead.participants == std::vector<IcbId>{IcbId(0), IcbId(1)});
    CHECK(lead.providers == std::vector<ProviderId>{ProviderId(0)});
    CHECK(lead.service_lines.empty()); // "*": every line
    CHECK(lead.basis == RechargeBasis::plan);
    CHECK(lead.settlement == Settlement::quarterly);
    CHECK(lead.source.file.ends_with("scenario.toml"));
    CHECK(lead.source.line == 23);
    CHECK(lead.source.column == 1);

    REQUIRE(scenario.risk_pools.size() == 1);
    const auto& pool = scenario.risk_pools[0];
    CHECK(pool.code == "east");
    CHECK(pool.members == std::vector<IcbId>{IcbId(0), IcbId(1), IcbId(2)});
    CHECK(pool.settlement == Settlement::year_end);
    CHECK(pool.threshold->pence() == 100'000'050); // £1,000,000.50
    CHECK(pool.cap->pence() == 2'000'000'000);     // £20,000,000.00
    CHECK(pool.source.line == 32);
}

TEST_CASE("a scenario without arrangements or shocks has none") {
    const Scenario scenario = load_scenario(ScenarioFiles().write());
    CHECK(scenario.lead_arrangements.empty());
    CHECK(scenario.risk_pools.empty());
    CHECK(scenario.shocks.empty());
}

TEST_CASE("arrangement and shock codes must name existing ICBs, providers, lines and regions") {
    const std::string icbs = "valid: a code from icbs.csv's icb_code column (QHG, QUE, QMJ)";
    check_error(with("host = \"QHG\"", "host = \"QXX\""),
                {at(25) + "8:", "field 'lead_icb[1].host': unknown ICB code 'QXX'", icbs});
    check_error(with("participants = [\"QHG\", \"QUE\"]", "participants = [\"QHG\", \"QXX\"]"),
                {at(26) + "24:", "field 'lead_icb[1].participants': unknown ICB code 'QXX'"});
    check_error(
        with("providers = [\"RGT\"]", "providers = [\"RXX\"]"),
        {at(27), "field 'lead_icb[1].providers': unknown provider code 'RXX'", "(RGT, RAL, AQHG)"});
    check_error(with("service_lines = [\"*\"]", "service_lines = [\"XX\"]"),
                {at(28), "field 'lead_icb[1].service_lines': unknown service line code 'XX'"});
    check_error(with("members = [\"QHG\", \"QUE\", \"QMJ\"]", "members = [\"QHG\", \"Q\"]"),
                {at(34), "field 'risk_pool[1].members': unknown ICB code 'Q'"});
    check_error(with("to_provider = \"AQHG\"", "to_provider = \"NOPE\""),
                {at(48), "field 'shocks[1].to_provider': unknown provider code 'NOPE'"});
    check_error(with("payer = \"NHSE\"", "payer = \"NHS\""),
                {at(54), "field 'shocks[2].payer': unknown payer 'NHS'; valid: NHSE, or"});
    check_error(with("region = \"Y61\"", "region = \"Y99\""),
                {at(80), "field 'shocks[6].region': unknown region code 'Y99'", "(Y61, Y56)"});
    check_error(with("service_line = \"CHM\"", "service_line = \"CHX\""),
                {at(46), "field 'shocks[1].service_line': unknown service line code 'CHX'"});
}

TEST_CASE("a lead ICB's host must be one of its participants") {
    check_error(with("host = \"QHG\"", "host = \"QMJ\""),
                {at(25) + "8:", "field 'lead_icb[1].host': ICB QMJ is not among the participants"});
}

TEST_CASE("participants, providers and members are each listed once") {
    check_error(
        with("participants = [\"QHG\", \"QUE\"]", "participants = [\"QHG\", \"QUE\", \"QHG\"]"),
        {at(26) + "31:", "field 'lead_icb[1].participants': 'QHG' is listed twice"});
    check_error(with("providers = [\"RGT\"]", "providers = [\"RGT\", \"RGT\"]"),
                {at(27), "field 'lead_icb[1].providers': 'RGT' is listed twice"});
    check_error(with("members = [\"QHG\", \"QUE\", \"QMJ\"]", "members = [\"QUE\", \"QUE\"]"),
                {at(34), "field 'risk_pool[1].members': 'QUE' is listed twice"});
    check_error(with("participants = [\"QHG\", \"QUE\"]", "participants = []"),
                {at(26), "field 'lead_icb[1].participants': no items"});
}

TEST_CASE("an ICB is in at most one lead arrangement per provider") {
    const std::string second = R"(
[[lead_icb]]
code = "south"
host = "QMJ"
participants = ["QMJ", "QUE"]
providers = ["RAL", "RGT"]
service_lines = ["RTX"]
basis = "activity"
settlement = "monthly"
)";
    check_error(appended(second),
                {at(k_appended_line + 4), "field 'lead_icb[2].participants': ICB QUE is also a "
                                          "participant of 'eoe-hub' (line 23), which also has "
                                          "provider RGT"});
    // Without the shared provider the two arrangements are fine together.
    ScenarioFiles apart = appended(second);
    apart.replace("scenario.toml", "providers = [\"RAL\", \"RGT\"]", "providers = [\"RAL\"]");
    CHECK(load_scenario(apart.write()).lead_arrangements.size() == 2);
    check_error(appended(R"(
[[lead_icb]]
code = "eoe-hub"
host = "QMJ"
participants = ["QMJ"]
providers = ["RAL"]
service_lines = ["*"]
basis = "plan"
settlement = "monthly"
)"),
                {at(k_appended_line + 2), "field 'lead_icb[2].code': duplicate code 'eoe-hub'"});
}

TEST_CASE("an ICB is in at most one risk pool") {
    check_error(appended(R"(
[[risk_pool]]
code = "london"
members = ["QMJ"]
settlement = "quarterly"
)"),
                {at(k_appended_line + 3), "field 'risk_pool[2].members': ICB QMJ is also a member "
                                          "of 'east' (line 32)"});
}

TEST_CASE("a lead ICB without a basis shares by value, and a hosting cost is pounds a year") {
    const Scenario scenario =
        load_scenario(with("basis = \"plan\"", "hosting_cost_pounds = 250000.50").write());
    REQUIRE(scenario.lead_arrangements.size() == 1);
    CHECK(scenario.lead_arrangements[0].basis == RechargeBasis::value);
    CHECK(scenario.lead_arrangements[0].hosting_cost.pence() == 25'000'050);
    CHECK(load_scenario(arrangement_files().write()).lead_arrangements[0].hosting_cost.is_zero());
    check_error(with("basis = \"plan\"", "hosting_cost_pounds = -1"),
                {at(29), "field 'lead_icb[1].hosting_cost_pounds': negative; valid: pounds, not "
                         "negative, at most two decimals (pence)"});
}

TEST_CASE("basis and settlement take the values of their arrangement") {
    check_error(with("basis = \"plan\"", "basis = \"budget\""),
                {at(29), "field 'lead_icb[1].basis': 'budget' is not a valid value; valid: "
                         "value, activity, plan, allocation"});
    check_error(with("settlement = \"quarterly\"", "settlement = \"year_end\""),
                {at(30), "field 'lead_icb[1].settlement': 'year_end' is not a valid value; "
                         "valid: monthly, quarterly"});
    check_error(with("settlement = \"year_end\"", "settlement = \"monthly\""),
                {at(35), "field 'risk_pool[1].settlement': 'monthly' is not a valid value; "
                         "valid: quarterly, year_end"});
}

TEST_CASE("a risk pool's threshold and cap are not negative") {
    check_error(with("threshold_pounds = 1000000.5", "threshold_pounds = -1"),
                {at(36), "field 'risk_pool[1].threshold_pounds': negative"});
    check_error(with("cap_pounds = 20000000", "cap_pounds = -0.01"),
                {at(37), "field 'risk_pool[1].cap_pounds': negative"});
    ScenarioFiles without = with("threshold_pounds = 1000000.5\ncap_pounds = 20000000\n", "");
    const Scenario scenario = load_scenario(without.write());
    CHECK_FALSE(scenario.risk_pools[0].threshold.has_value());
    CHECK_FALSE(scenario.risk_pools[0].cap.has_value());
}
