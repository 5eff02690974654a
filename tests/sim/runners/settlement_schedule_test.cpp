// Tests of sim/runners/settlement_schedule.hpp: what settles when in a year, compiled once, so
// that the replication puts each settlement on the calendar instead of searching for it.

#include "sim/runners/settlement_schedule.hpp"
#include "tests/support/scenario_builder.hpp"

#include <doctest/doctest.h>

namespace {

using namespace specflow::testing;
using specflow::entities::ArrangementId;
using specflow::entities::ContractId;
using specflow::entities::ContractKind;
using specflow::entities::FinancialYear;
using specflow::entities::Money;
using specflow::entities::PoolId;
using specflow::sim::SettlementSchedule;

const FinancialYear k_fy{2024};

// ICBs A, B and C; B hosts a monthly arrangement with one provider for all three (participants
// listed A, B, C, so the host sits at place 1); a quarterly risk pool of A and C and a year-end
// one of B alone.
ScenarioBuilder three_icbs() {
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto a = b.icb("A", region, pounds(1'200'000));
    const auto host = b.icb("B", region, pounds(600'000));
    const auto c = b.icb("C", region, pounds(300'000));
    const auto provider = b.provider("Provider", a);
    const auto line = b.line("Line", pounds(1'000));
    b.cost(provider, line, pounds(0), pounds(1));
    for (const auto icb : {a, host, c}) {
        b.flow(icb, provider, line, 12'000,
               b.contract(payer_icb(icb), provider, ContractKind::activity, Money{}));
    }
    specflow::entities::LeadArrangement arrangement;
    arrangement.code = "hub";
    arrangement.host = host;
    arrangement.participants = {a, host, c};
    arrangement.providers = {provider};
    arrangement.settlement = specflow::entities::Settlement::monthly;
    b.scenario().lead_arrangements.push_back(arrangement);
    specflow::entities::RiskPool quarterly;
    quarterly.code = "ac";
    quarterly.members = {a, c};
    quarterly.settlement = specflow::entities::Settlement::quarterly;
    specflow::entities::RiskPool year_end;
    year_end.code = "b";
    year_end.members = {host};
    year_end.settlement = specflow::entities::Settlement::year_end;
    b.scenario().risk_pools = {quarterly, year_end};
    return b;
}

specflow::entities::Shock dispute_shock(std::uint32_t participant, std::int32_t withheld_bp,
                                        int start_month, int settled_month) {
    specflow::entities::Dispute dispute;
    dispute.arrangement = 0;
    dispute.participant = specflow::entities::IcbId(participant);
    dispute.withheld_bp = withheld_bp;
    dispute.settled = {k_fy, settled_month};
    specflow::entities::Shock shock;
    shock.code = "dispute";
    shock.start = {k_fy, start_month};
    shock.effect = dispute;
    return shock;
}

} // namespace

TEST_CASE("SettlementSchedule: the contracts an arrangement takes and where their payers sit") {
    auto b = three_icbs();
    const SettlementSchedule schedule(b.scenario());
    CHECK(schedule.host_at(ArrangementId(0)) == 1);
    for (std::uint32_t c = 0; c < 3; ++c) {
        REQUIRE(schedule.contract_arrangement(ContractId(c)).has_value());
        CHECK(*schedule.contract_arrangement(ContractId(c)) == ArrangementId(0));
        CHECK(schedule.contract_participant_at(ContractId(c)) == c);
    }
}

TEST_CASE("SettlementSchedule: monthly recharges, quarterly and year-end pools") {
    auto b = three_icbs();
    const SettlementSchedule schedule(b.scenario());
    for (int month = 1; month <= 12; ++month) {
        CAPTURE(month);
        CHECK(schedule.recharges(month) == std::vector{ArrangementId(0)});
        std::vector<PoolId> pools;
        if (month % 3 == 0) {
            pools.push_back(PoolId(0));
        }
        if (month == 12) {
            pools.push_back(PoolId(1));
        }
        CHECK(schedule.pools(month) == pools);
        CHECK(schedule.rulings(month).empty());
    }
}

TEST_CASE(
    "SettlementSchedule: a dispute withholds from its start until the ruling, then is ruled on") {
    // C (place 2) withholds 40% from M4; the arbiter rules in M9: withheld in M4..M8 only.
    auto b = three_icbs();
    b.scenario().shocks.push_back(dispute_shock(2, 4'000, 4, 9));
    // The host (B, place 1) disputing its own share withholds nothing.
    b.scenario().shocks.push_back(dispute_shock(1, 5'000, 1, 12));
    const SettlementSchedule schedule(b.scenario());
    for (int month = 1; month <= 12; ++month) {
        CAPTURE(month);
        CHECK(schedule.withheld_bp(ArrangementId(0), 2, month) ==
              (month >= 4 && month < 9 ? 4'000 : 0));
        CHECK(schedule.withheld_bp(ArrangementId(0), 1, month) == 0);
        CHECK(schedule.withheld_bp(ArrangementId(0), 0, month) == 0);
    }
    REQUIRE(schedule.rulings(9).size() == 1);
    CHECK(schedule.rulings(9)[0].arrangement == ArrangementId(0));
    CHECK(schedule.rulings(9)[0].participant_at == 2);
    REQUIRE(schedule.rulings(12).size() == 1);
    CHECK(schedule.rulings(12)[0].participant_at == 1);
}

TEST_CASE("SettlementSchedule: a ruling in a later year is not this year's") {
    auto b = three_icbs();
    auto shock = dispute_shock(0, 2'500, 10, 12);
    std::get<specflow::entities::Dispute>(shock.effect).settled = {FinancialYear{2025}, 3};
    b.scenario().shocks.push_back(shock);
    const SettlementSchedule schedule(b.scenario());
    for (int month = 1; month <= 12; ++month) {
        CHECK(schedule.rulings(month).empty());
        CHECK(schedule.withheld_bp(ArrangementId(0), 0, month) == (month >= 10 ? 2'500 : 0));
    }
}
