#include "scenario_files.hpp"
#include "scenarios/month_text.hpp"
#include "scenarios/scenario_loader.hpp"

#include <doctest/doctest.h>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace {

using specflow::entities::ContractKind;
using specflow::entities::DelegationStatus;
using specflow::entities::FinancialMonth;
using specflow::entities::FinancialYear;
using specflow::entities::IcbId;
using specflow::entities::ProviderId;
using specflow::entities::RechargeBasis;
using specflow::entities::RegionId;
using specflow::entities::Scenario;
using specflow::entities::ServiceLineId;
using specflow::entities::Settlement;
using specflow::scenarios::load_scenario;
using specflow::scenarios::test::check_error;
using specflow::scenarios::test::k_minimal_files;
using specflow::scenarios::test::ScenarioFiles;

// Appended to the minimal scenario.toml, whose last line is 22: the first line here is line 23.
// In the minimal scenario ICBs QHG, QUE (region Y61) and QMJ (Y56); providers RGT, RAL, AQHG;
// lines RTX and CHM. QHG pays RGT for CHM (C1) and NHSE pays AQHG for it (C4), so QHG's CHM can
// move from RGT to AQHG.
const std::string k_arrangements_toml = R"([[lead_icb]]
code = "eoe-hub"
host = "QHG"
participants = ["QHG", "QUE"]
providers = ["RGT"]
service_lines = ["*"]
basis = "plan"
settlement = "quarterly"

[[risk_pool]]
code = "east"
members = ["QHG", "QUE", "QMJ"]
settlement = "year_end"
threshold_pounds = 1000000.5
cap_pounds = 20000000

[[shocks]]
kind = "repatriation"
code = "chemo-local"
start = "2024/25 M07"
ramp_months = 3
end = "2025/26 M06"
icb = "QHG"
service_line = "CHM"
from_provider = "RGT"
to_provider = "AQHG"
share_pct = 12.5

[[shocks]]
kind = "payment_cut"
start = "2024/25 M10"
payer = "NHSE"
provider = "AQHG"
cut_pct = 2.5

[[shocks]]
kind = "activity_shift"
start = "2024/25 M02"
icb = "QUE"
factor_pct = 110.25

[[shocks]]
kind = "price_change"
start = "2024/25 M04"
service_line = "RTX"
change_pct = -3.5

[[shocks]]
kind = "cost_shock"
start = "2024/25 M05"
provider = "RAL"
service_line = "RTX"
change_pct = 4

[[shocks]]
kind = "delegation_change"
start = "2025/26 M01"
region = "Y61"
status = "retained"

[[shocks]]
kind = "dispute"
start = "2024/25 M04"
arrangement = "eoe-hub"
participant = "QUE"
withheld_pct = 40
settled = "2024/25 M12"

[[shocks]]
kind = "payment_basis_change"
start = "2025/26 M01"
service_line = "RTX"
to_kind = "activity"
payer = "QHG"
provider = "RGT"

[[shocks]]
kind = "upstream_investment"
start = "2024/25 M01"
icb = "QMJ"
monthly_pounds = 25000.5
service_line = "RTX"
lag_months = 6
reduction_pct = 7.5
)";

// The first line after k_arrangements_toml: what tests append starts here.
constexpr int k_appended_line = 107;

// The minimal files with k_arrangements_toml appended, then `from` replaced by `to` (when
// given) and `extra` appended. ScenarioFiles cannot be moved, so each is built in place.
std::map<std::string, std::string> arrangement_texts(std::string_view from = {},
                                                     std::string_view to = {},
                                                     std::string_view extra = {}) {
    std::map<std::string, std::string> files = k_minimal_files;
    std::string& toml = files.at("scenario.toml");
    toml += k_arrangements_toml;
    if (!from.empty()) {
        const auto at = toml.find(from);
        REQUIRE_MESSAGE(at != std::string::npos, "'", from, "' not in scenario.toml");
        REQUIRE_MESSAGE(toml.find(from, at + 1) == std::string::npos, "'", from, "' twice");
        toml.replace(at, from.size(), to);
    }
    toml += extra;
    return files;
}

ScenarioFiles arrangement_files() {
    return ScenarioFiles(arrangement_texts());
}

// The arrangement scenario with one text replaced.
ScenarioFiles with(std::string_view from, std::string_view to) {
    return ScenarioFiles(arrangement_texts(from, to));
}

// The arrangement scenario with `text` appended.
ScenarioFiles appended(std::string_view text) {
    return ScenarioFiles(arrangement_texts({}, {}, text));
}

std::string at(int line) {
    return "scenario.toml:" + std::to_string(line) + ":";
}

FinancialMonth month(int year, int number) {
    return FinancialMonth{FinancialYear(year), number};
}

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

TEST_CASE("one shock of each of the nine kinds loads with exact values") {
    const Scenario scenario = load_scenario(arrangement_files().write());
    const auto& shocks = scenario.shocks;
    REQUIRE(shocks.size() == 9);
    const std::vector<std::string> codes{
        "chemo-local",    "payment_cut-2",          "activity_shift-3",
        "price_change-4", "cost_shock-5",           "delegation_change-6",
        "dispute-7",      "payment_basis_change-8", "upstream_investment-9"};
    const std::vector<int> lines{39, 51, 58, 64, 70, 77, 83, 91, 99};
    for (std::size_t i = 0; i < shocks.size(); ++i) {
        CHECK(shocks[i].code == codes[i]);
        CHECK(shocks[i].source.line == static_cast<std::size_t>(lines[i]));
    }

    const auto& move = std::get<specflow::entities::Repatriation>(shocks[0].effect);
    CHECK(shocks[0].start == month(2024, 7));
    CHECK(shocks[0].ramp_months == 3);
    CHECK(shocks[0].end == month(2025, 6));
    CHECK(move.icb == IcbId(0));
    CHECK(move.service_line == ServiceLineId(1));
    CHECK(move.from_provider == ProviderId(0));
    CHECK(move.to_provider == ProviderId(2));
    CHECK(move.share_bp == 1'250); // 12.5%

    const auto& cut = std::get<specflow::entities::PaymentCut>(shocks[1].effect);
    CHECK(shocks[1].start == month(2024, 10));
    CHECK(shocks[1].ramp_months == 0);
    CHECK_FALSE(shocks[1].end.has_value());
    CHECK(cut.payer.is_nhse());
    CHECK(cut.provider == ProviderId(2));
    CHECK(cut.cut_bp == 250);

    const auto& shift = std::get<specflow::entities::ActivityShift>(shocks[2].effect);
    CHECK(shift.icb == IcbId(1));
    CHECK_FALSE(shift.provider.has_value());
    CHECK_FALSE(shift.service_line.has_value());
    CHECK(shift.factor_bp == 11'025); // 110.25%

    const auto& price = std::get<specflow::entities::PriceChange>(shocks[3].effect);
    CHECK(price.service_line == ServiceLineId(0));
    CHECK(price.change_bp == -350);

    const auto& cost = std::get<specflow::entities::CostShock>(shocks[4].effect);
    CHECK(cost.provider == ProviderId(1));
    CHECK(cost.service_line == ServiceLineId(0));
    CHECK(cost.change_bp == 400);

    const auto& delegation = std::get<specflow::entities::DelegationChange>(shocks[5].effect);
    CHECK(shocks[5].start == month(2025, 1));
    CHECK_FALSE(delegation.icb.has_value());
    CHECK(delegation.region == RegionId(0));
    CHECK(delegation.status == DelegationStatus::retained);

    const auto& dispute = std::get<specflow::entities::Dispute>(shocks[6].effect);
    CHECK(dispute.arrangement == 0);
    CHECK(dispute.participant == IcbId(1));
    CHECK(dispute.withheld_bp == 4'000);
    CHECK(dispute.settled == month(2024, 12));

    const auto& basis = std::get<specflow::entities::PaymentBasisChange>(shocks[7].effect);
    CHECK(basis.service_line == ServiceLineId(0));
    CHECK(basis.to_kind == ContractKind::activity);
    REQUIRE(basis.payer.has_value());
    CHECK(basis.payer->icb == IcbId(0));
    CHECK(basis.provider == ProviderId(0));

    const auto& investment = std::get<specflow::entities::UpstreamInvestment>(shocks[8].effect);
    CHECK(shocks[8].start == month(2024, 1));
    CHECK(investment.icb == IcbId(2));
    CHECK(investment.monthly.pence() == 2'500'050); // £25,000.50
    CHECK(investment.service_line == ServiceLineId(0));
    CHECK(investment.lag_months == 6);
    CHECK(investment.reduction_bp == 750);
}

TEST_CASE("a scenario without arrangements or shocks has none") {
    const Scenario scenario = load_scenario(ScenarioFiles().write());
    CHECK(scenario.lead_arrangements.empty());
    CHECK(scenario.risk_pools.empty());
    CHECK(scenario.shocks.empty());
}

TEST_CASE("financial months parse as YYYY/YY Mnn with nn from 01 to 12") {
    using specflow::scenarios::detail::parse_financial_month;
    CHECK(parse_financial_month("2024/25 M01") == month(2024, 1));
    CHECK(parse_financial_month("2025/26 M12") == month(2025, 12));
    for (const std::string_view bad :
         {"2024/25 M00", "2024/25 M13", "2024/25 M7", "2024/25 m07", "2024/25  M07", "2024/26 M07",
          "2024/25M07", "2024/25 M0a", "", "2024/25 M071"}) {
        INFO("text: ", bad);
        CHECK_FALSE(parse_financial_month(bad).has_value());
    }
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

TEST_CASE("basis and settlement take the values of their arrangement") {
    check_error(with("basis = \"plan\"", "basis = \"budget\""),
                {at(29), "field 'lead_icb[1].basis': 'budget' is not a valid value; valid: "
                         "activity, plan, allocation"});
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

TEST_CASE("start, end and settled are financial months and end is not before start") {
    const std::string valid = "valid: a financial month \"YYYY/YY Mnn\" with nn from 01 to 12";
    check_error(
        with("start = \"2024/25 M07\"", "start = \"2024/25 M13\""),
        {at(42) + "9:", "field 'shocks[1].start': '2024/25 M13' is not a financial month", valid});
    check_error(with("end = \"2025/26 M06\"", "end = \"2025-09\""),
                {at(44), "field 'shocks[1].end': '2025-09' is not a financial month"});
    check_error(with("settled = \"2024/25 M12\"", "settled = \"2024/25 M0\""),
                {at(89), "field 'shocks[7].settled': '2024/25 M0' is not a financial month"});
    check_error(with("end = \"2025/26 M06\"", "end = \"2024/25 M06\""),
                {at(44), "field 'shocks[1].end': 2024/25 M06 is before the start 2024/25 M07"});
    check_error(with("settled = \"2024/25 M12\"", "settled = \"2023/24 M12\""),
                {at(89), "field 'shocks[7].settled': 2023/24 M12 is before the start"});
    // The end month is included, so a one-month shock ends where it starts.
    CHECK(load_scenario(with("end = \"2025/26 M06\"", "end = \"2024/25 M07\"").write())
              .shocks[0]
              .end == month(2024, 7));
}

TEST_CASE("ramp_months and lag_months are whole numbers not below 0") {
    check_error(with("ramp_months = 3", "ramp_months = -1"),
                {at(43), "field 'shocks[1].ramp_months': -1 is out of range; valid: a whole "
                         "number from 0 to 1200"});
    check_error(with("ramp_months = 3", "ramp_months = 1.5"),
                {at(43), "field 'shocks[1].ramp_months': expected a whole number"});
    check_error(with("lag_months = 6", "lag_months = -6"),
                {at(105), "field 'shocks[9].lag_months': -6 is out of range"});
}

TEST_CASE("shock percentages are checked against their ranges") {
    check_error(with("share_pct = 12.5", "share_pct = 100.01"),
                {at(49), "field 'shocks[1].share_pct': out of range; valid: a percentage from "
                         "0 to 100"});
    check_error(with("cut_pct = 2.5", "cut_pct = -1"),
                {at(56), "field 'shocks[2].cut_pct': out of range"});
    check_error(with("factor_pct = 110.25", "factor_pct = -0.01"),
                {at(62), "field 'shocks[3].factor_pct': out of range; valid: a percentage from 0"});
    check_error(with("change_pct = -3.5", "change_pct = -100"),
                {at(68), "field 'shocks[4].change_pct': out of range; valid: a percentage "
                         "greater than -100"});
    check_error(with("withheld_pct = 40", "withheld_pct = 101"),
                {at(88), "field 'shocks[7].withheld_pct': out of range"});
    check_error(with("reduction_pct = 7.5", "reduction_pct = 7.555"),
                {at(106), "field 'shocks[9].reduction_pct': has more than two decimal places"});
    check_error(with("monthly_pounds = 25000.5", "monthly_pounds = -1"),
                {at(103), "field 'shocks[9].monthly_pounds': negative"});
    // Activity may stop altogether, and a price may fall by almost all of it.
    const Scenario scenario =
        load_scenario(with("factor_pct = 110.25", "factor_pct = 0")
                          .replace("scenario.toml", "change_pct = -3.5", "change_pct = -99.99")
                          .write());
    CHECK(std::get<specflow::entities::ActivityShift>(scenario.shocks[2].effect).factor_bp == 0);
    CHECK(std::get<specflow::entities::PriceChange>(scenario.shocks[3].effect).change_bp == -9'999);
}

TEST_CASE("delegation_change takes exactly one of icb and region, a status, and starts in M01") {
    const std::string valid = "valid: exactly one of icb (an ICB code) and region (a region code)";
    check_error(with("region = \"Y61\"", "region = \"Y61\"\nicb = \"QHG\""),
                {at(80), "field 'shocks[6].region': given with icb", valid});
    check_error(with("region = \"Y61\"\n", ""),
                {at(77), "field 'shocks[6].icb': neither icb nor region is given", valid});
    check_error(with("status = \"retained\"", "status = \"ringfenced\""),
                {at(81), "field 'shocks[6].status': 'ringfenced' is not a valid value; valid: "
                         "delegated, joint, retained"});
    check_error(with("start = \"2025/26 M01\"\nregion", "start = \"2025/26 M02\"\nregion"),
                {at(79), "field 'shocks[6].start': delegation_change starts in 2025/26 M02; "
                         "valid: the first month of a financial year, e.g. \"2025/26 M01\""});
}

TEST_CASE("payment_basis_change takes a contract kind and starts in M01") {
    check_error(with("to_kind = \"activity\"", "to_kind = \"tariff\""),
                {at(95), "field 'shocks[8].to_kind': 'tariff' is not a valid value; valid: "
                         "block, api, activity, lva"});
    check_error(
        with("start = \"2025/26 M01\"\nservice_line", "start = \"2025/26 M04\"\nservice_line"),
        {at(93), "field 'shocks[8].start': payment_basis_change starts in 2025/26 M04"});
}

TEST_CASE(
    "a dispute names a lead ICB arrangement and one of its participants other than the host") {
    check_error(with("arrangement = \"eoe-hub\"", "arrangement = \"east\""),
                {at(86), "field 'shocks[7].arrangement': unknown lead_icb code 'east'; valid: "
                         "the code of a [[lead_icb]] entry (eoe-hub)"});
    check_error(with("participant = \"QUE\"", "participant = \"QHG\""),
                {at(87), "field 'shocks[7].participant': ICB QHG is the host of 'eoe-hub'; "
                         "valid: a participant other than the host (QUE)"});
    check_error(with("participant = \"QUE\"", "participant = \"QMJ\""),
                {at(87), "field 'shocks[7].participant': ICB QMJ is not a participant of "
                         "'eoe-hub'"});
}

TEST_CASE("a repatriation moves activity between two providers that can take it") {
    check_error(with("to_provider = \"AQHG\"", "to_provider = \"RGT\""),
                {at(48), "field 'shocks[1].to_provider': the same provider as from_provider"});
    // RAL has no contract that QHG's patients' chemotherapy could be paid by.
    check_error(with("to_provider = \"AQHG\"", "to_provider = \"RAL\""),
                {at(48), "field 'shocks[1].to_provider': no contract of provider RAL with payer "
                         "QHG or NHSE covers service line CHM"});
}

TEST_CASE("each kind of shock takes its own keys, and the required ones") {
    check_error(with("cut_pct = 2.5", "cut_pct = 2.5\nservice_line = \"RTX\""),
                {at(57), "field 'shocks[2].service_line': unknown key; valid: kind, code, start, "
                         "ramp_months, end, payer, provider, cut_pct"});
    check_error(with("factor_pct = 110.25", "factor_pct = 110.25\nshare_pct = 5"),
                {at(63), "field 'shocks[3].share_pct': unknown key; valid: kind, code, start, "
                         "ramp_months, end, icb, provider, service_line, factor_pct"});
    check_error(with("kind = \"price_change\"", "kind = \"price_shock\""),
                {at(65), "field 'shocks[4].kind': 'price_shock' is not a kind of shock; valid: "
                         "repatriation, payment_cut, activity_shift, price_change, cost_shock, "
                         "delegation_change, dispute, payment_basis_change, upstream_investment"});
    check_error(with("withheld_pct = 40\n", ""),
                {at(83), "field 'shocks[7].withheld_pct': missing required key in this "
                         "[[shocks]] entry"});
    check_error(with("start = \"2024/25 M05\"\n", ""),
                {at(70), "field 'shocks[5].start': missing required key"});
    check_error(with("kind = \"payment_cut\"\n", ""),
                {at(51), "field 'shocks[2].kind': missing required key"});
    check_error(with("cap_pounds = 20000000", "cap = 20000000"),
                {at(37), "field 'risk_pool[1].cap': unknown key; valid: code, members, "
                         "settlement, threshold_pounds, cap_pounds"});
    check_error(with("basis = \"plan\"\n", ""),
                {at(23), "field 'lead_icb[1].basis': missing required key in this [[lead_icb]] "
                         "entry"});
}

TEST_CASE("shock codes are unique and the arrays are arrays of tables") {
    check_error(appended("\n[[shocks]]\nkind = \"price_change\"\ncode = \"chemo-local\"\n"
                         "start = \"2024/25 M01\"\nservice_line = \"CHM\"\nchange_pct = 1\n"),
                {at(k_appended_line + 3), "field 'shocks[10].code': duplicate shock code "
                                          "'chemo-local' (first on line 39)"});
    // A given code may not take the default code of another shock either: the default one is
    // reported at its entry, since it has no code key.
    check_error(with("code = \"chemo-local\"", "code = \"payment_cut-2\""),
                {at(51) + "1:", "field 'shocks[2].code': duplicate shock code 'payment_cut-2' "
                                "(first on line 39)"});
    ScenarioFiles table;
    table.append("scenario.toml", "[shocks]\nkind = \"price_change\"\n");
    check_error(table, {at(23), "field 'shocks': expected an array of tables, found a table"});
}

TEST_CASE("delegation changes of one ICB in one financial year may not disagree") {
    // QHG is in region Y61, which shocks[6] sets to retained from 2025/26.
    const std::string joint = R"(
[[shocks]]
kind = "delegation_change"
start = "2025/26 M01"
icb = "QHG"
status = "joint"
)";
    check_error(appended(joint),
                {at(k_appended_line + 5), "field 'shocks[10].status': sets ICB QHG to joint from "
                                          "2025/26, but shocks[6] (line 77) sets it to retained "
                                          "from the same financial year"});
    // The same status again, or another year, or an ICB of another region, is no contradiction.
    ScenarioFiles same = appended(joint);
    same.replace("scenario.toml", "status = \"joint\"", "status = \"retained\"");
    CHECK(load_scenario(same.write()).shocks.size() == 10);
    ScenarioFiles later = appended(joint);
    later.replace("scenario.toml", "start = \"2025/26 M01\"\nicb", "start = \"2026/27 M01\"\nicb");
    CHECK(load_scenario(later.write()).shocks.size() == 10);
    ScenarioFiles other = appended(joint);
    other.replace("scenario.toml", "icb = \"QHG\"\nstatus", "icb = \"QMJ\"\nstatus");
    CHECK(load_scenario(other.write()).shocks.size() == 10);
}

TEST_CASE("payment basis changes of one line for overlapping contracts may not disagree") {
    // shocks[8] moves RTX paid by QHG to RGT onto activity from 2025/26; this one, for every
    // payer of RGT, overlaps it.
    const std::string block = R"(
[[shocks]]
kind = "payment_basis_change"
start = "2025/26 M01"
service_line = "RTX"
to_kind = "block"
provider = "RGT"
)";
    check_error(appended(block),
                {at(k_appended_line + 5), "field 'shocks[10].to_kind': moves service line RTX to "
                                          "block from 2025/26, but shocks[8] (line 91) moves it "
                                          "to activity"});
    ScenarioFiles apart = appended(block);
    apart.replace("scenario.toml", "to_kind = \"block\"\nprovider = \"RGT\"",
                  "to_kind = \"block\"\nprovider = \"RAL\"");
    CHECK(load_scenario(apart.write()).shocks.size() == 10);
    ScenarioFiles other_payer = appended(block);
    other_payer.replace("scenario.toml", "to_kind = \"block\"\nprovider = \"RGT\"",
                        "to_kind = \"block\"\nprovider = \"RGT\"\npayer = \"QUE\"");
    CHECK(load_scenario(other_payer.write()).shocks.size() == 10);
}

TEST_CASE("repatriations of one flow may not move more than all of it at once") {
    // shocks[1] moves 12.5% of QHG's CHM from RGT from 2024/25 M07 to 2025/26 M06; this one
    // moves 87.51% from 2025/26 M01: 100.01% in 2025/26 M01 .. M06.
    const std::string more = R"(
[[shocks]]
kind = "repatriation"
start = "2025/26 M01"
icb = "QHG"
service_line = "CHM"
from_provider = "RGT"
to_provider = "AQHG"
share_pct = 87.51
)";
    check_error(appended(more),
                {at(k_appended_line + 8), "field 'shocks[10].share_pct': with shocks[1] (line "
                                          "39), repatriations of ICB QHG's CHM activity from RGT "
                                          "add up to 100.01% in 2025/26 M01; valid: shares that "
                                          "add up to at most 100 in any month"});
    // Exactly all of it is allowed, and so is more once the first has ended.
    ScenarioFiles all = appended(more);
    all.replace("scenario.toml", "share_pct = 87.51", "share_pct = 87.5");
    CHECK(load_scenario(all.write()).shocks.size() == 10);
    ScenarioFiles after = appended(more);
    after.replace("scenario.toml", "start = \"2025/26 M01\"\nicb", "start = \"2025/26 M07\"\nicb");
    CHECK(load_scenario(after.write()).shocks.size() == 10);
    // An earlier-starting shock later in the file is caught where the first one starts.
    ScenarioFiles earlier = appended(more);
    earlier.replace("scenario.toml", "start = \"2025/26 M01\"\nicb",
                    "start = \"2024/25 M01\"\nicb");
    check_error(earlier, {at(k_appended_line + 8), "add up to 100.01% in 2024/25 M07"});
}
