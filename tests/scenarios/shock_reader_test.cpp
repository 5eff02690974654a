// [[shocks]] entries, each alone.
#include "arrangement_files.hpp"
#include "scenarios/scenario_loader.hpp"

#include <doctest/doctest.h>
#include <string>
#include <variant>
#include <vector>

namespace {

using specflow::entities::ContractKind;
using specflow::entities::DelegationStatus;
using specflow::entities::IcbId;
using specflow::entities::ProviderId;
using specflow::entities::RegionId;
using specflow::entities::Scenario;
using specflow::entities::ServiceLineId;
using specflow::scenarios::load_scenario;
using specflow::scenarios::test::appended;
using specflow::scenarios::test::arrangement_files;
using specflow::scenarios::test::at;
using specflow::scenarios::test::check_error;
using specflow::scenarios::test::k_appended_line;
using specflow::scenarios::test::month;
using specflow::scenarios::test::ScenarioFiles;
using specflow::scenarios::test::with;

} // namespace

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
    check_error(with("to_kind = \"activity\"", "to_kind = \"drugs\""),
                {at(95), "field 'shocks[8].to_kind': 'drugs' is not a valid value; valid: "
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
