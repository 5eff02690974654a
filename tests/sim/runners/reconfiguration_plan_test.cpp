// ICB reconfiguration (DESIGN.md §8a), worked by hand: one ICB split and two merged.

#include "sim/runners/allocation_plan.hpp"
#include "sim/runners/reconfiguration_plan.hpp"
#include "sim/runners/replication.hpp"
#include "sim/runners/year_plan.hpp"
#include "tests/sim/runners/recording_sink.hpp"
#include "tests/support/scenario_builder.hpp"

#include <doctest/doctest.h>

namespace {

using specflow::entities::ContractKind;
using specflow::entities::FinancialYear;
using specflow::entities::IcbId;
using specflow::entities::Money;
using specflow::testing::pounds;

// Three ICBs of one region in 2024/25: A (1m people), B (1m) and C (2m), need index 1, with
// baselines of £100m, £50m and £150m given directly. All money is delegable, none goes to HCDD.
// From April 2025, A splits: 60% of its population forms N, 40% joins B to form M; C continues.
// N has 600,000 people, M 1,400,000.
//
// Providers: P takes A's, B's and C's block contracts (£90,000,000.01, £40m, £150m) for line L
// at £10,000 a case; Q is paid by LVA by A (£200,000, 20 cases a year).
struct SplitAndMerger {
    specflow::entities::Scenario scenario;
    IcbId a{0}, b{1}, c{2}, n{3}, m{4};
};

SplitAndMerger split_and_merger() {
    specflow::testing::ScenarioBuilder builder;
    const auto region = builder.region("Region");
    const auto a = builder.icb("A", region, Money{});
    const auto b = builder.icb("B", region, Money{});
    const auto c = builder.icb("C", region, Money{});
    auto& s = builder.scenario();
    s.icbs[c.index()].registered_population = 2'000'000;
    s.icbs[a.index()].baseline = pounds(100'000'000);
    s.icbs[b.index()].baseline = pounds(50'000'000);
    s.icbs[c.index()].baseline = pounds(150'000'000);
    const auto p = builder.provider("P", c);
    const auto q = builder.provider("Q", c);
    const auto line = builder.line("L", pounds(10'000));
    builder.cost(p, line, pounds(0), pounds(1));
    builder.cost(q, line, pounds(0), pounds(1));
    using specflow::testing::payer_icb;
    builder.flow(
        a, p, line, 9'000'001,
        builder.contract(payer_icb(a), p, ContractKind::block, Money::from_pence(90'000'000'01)));
    builder.flow(b, p, line, 4'000'000,
                 builder.contract(payer_icb(b), p, ContractKind::block, pounds(40'000'000)));
    builder.flow(c, p, line, 15'000'000,
                 builder.contract(payer_icb(c), p, ContractKind::block, pounds(150'000'000)));
    builder.flow(a, q, line, 20'000,
                 builder.contract(payer_icb(a), q, ContractKind::lva, pounds(200'000)));
    for (const auto& [code, population] : {std::pair{"N", 600'000}, std::pair{"M", 1'400'000}}) {
        specflow::entities::Icb icb;
        icb.id = IcbId(static_cast<std::uint32_t>(s.icbs.size()));
        icb.code = code;
        icb.name = code;
        icb.region = region;
        icb.registered_population = population;
        icb.need_index_micro = 1'000'000;
        icb.from = FinancialYear(2025);
        s.icbs.push_back(icb);
    }
    s.icbs[a.index()].until = FinancialYear(2025);
    s.icbs[b.index()].until = FinancialYear(2025);
    const IcbId n(3);
    const IcbId m(4);
    s.reconfigurations.push_back(
        {FinancialYear(2025),
         {{a, n, 600'000}, {a, m, 400'000}, {b, m, 1'000'000}, {c, c, 1'000'000}},
         {}});
    // Budgets grow 3% a year; a ±50% band holds every ICB, so each grows by the average.
    auto& allocation = s.allocation;
    allocation.delegable_share_bp = 10'000;
    for (const auto& [year, budget] :
         {std::pair{2024, pounds(309'000'000)}, std::pair{2025, pounds(318'270'000)}}) {
        specflow::entities::YearPolicy policy;
        policy.year = FinancialYear(year);
        policy.budget = budget;
        policy.floor_growth_bp = 0;
        policy.cap_growth_bp = 1'000;
        policy.tolerance_bp = 5'000;
        allocation.years.push_back(policy);
    }
    return {s, a, b, c, n, m};
}

const specflow::sim::IcbAllocation& row_of(const specflow::sim::YearAllocation& year, IcbId icb) {
    for (const auto& row : year.icbs) {
        if (row.icb == icb) {
            return row;
        }
    }
    FAIL("no allocation row for ICB " << icb.value());
    throw;
}

} // namespace

TEST_CASE("reconfiguration: allocations carried into the new ICBs, targets on their own") {
    const auto fixture = split_and_merger();
    const auto years = specflow::sim::plan_allocations(fixture.scenario, 2);
    // 2024/25: every ICB grows by the average 3%: A £103m, B £51.5m, C £154.5m.
    CHECK(row_of(years[0], fixture.a).allocation == pounds(103'000'000));
    CHECK(row_of(years[0], fixture.b).allocation == pounds(51'500'000));
    CHECK(years[0].icbs.size() == 3);
    // 2025/26 baselines: N = 60% of A's £103m = £61.8m; M = 40% of A's (£41.2m) + B's £51.5m
    // = £92.7m; C keeps £154.5m. They add up to 2024/25's £309m.
    const auto& next = years[1];
    REQUIRE(next.icbs.size() == 3);
    CHECK(row_of(next, fixture.n).baseline == pounds(61'800'000));
    CHECK(row_of(next, fixture.m).baseline == pounds(92'700'000));
    CHECK(row_of(next, fixture.c).baseline == pounds(154'500'000));
    REQUIRE(next.carried.size() == 4);
    CHECK(next.carried[0].allocation == pounds(61'800'000));
    CHECK(next.carried[1].allocation == pounds(41'200'000));
    CHECK(next.carried[2].allocation == pounds(51'500'000));
    // Targets of £318.27m on the new populations (0.6m : 1.4m : 2m): N £47,740,500,
    // M £111,394,500, C £159,135,000. DfT before is measured against the old targets carried
    // the same way: N 60% of A's £77.25m = £46.35m, so (61.8 / 46.35 − 1) = +33.33%.
    CHECK(row_of(next, fixture.n).target == pounds(47'740'500));
    CHECK(row_of(next, fixture.m).target == pounds(111'394'500));
    CHECK(row_of(next, fixture.n).dft_before == doctest::Approx(61.8 / 46.35 - 1));
    CHECK(row_of(next, fixture.m).dft_before == doctest::Approx(92.7 / 108.15 - 1));
    // All inside the band: each grows 3% again.
    CHECK(row_of(next, fixture.n).allocation == pounds(63'654'000));
    CHECK(row_of(next, fixture.m).allocation == pounds(95'481'000));
    CHECK(row_of(next, fixture.c).allocation == pounds(159'135'000));
    CHECK(row_of(next, fixture.n).status == specflow::entities::DelegationStatus::delegated);
}

TEST_CASE("reconfiguration: contracts split and merged, flows carried, to the penny") {
    auto fixture = split_and_merger();
    auto s = fixture.scenario;
    s.first_year = FinancialYear(2025);
    const auto carry = specflow::sim::reconfigure(s, s.reconfigurations[0]);
    // A's block of £90,000,000.01 splits 60:40. Of 9,000,000,001p, 60% is 5,400,000,000.6p and
    // 40% is 3,600,000,000.4p: the odd penny goes to the larger remainder, N's.
    REQUIRE(s.contracts.size() == 8);
    const auto& n_p = s.contracts[4];
    CHECK(n_p.code == "C-N-P0");
    CHECK(n_p.payer.icb == fixture.n);
    CHECK(n_p.annual_value == Money::from_pence(54'000'000'01));
    // M's block with P: 40% of A's (£36,000,000.00) and all of B's £40m.
    const auto& m_p = s.contracts[5];
    CHECK(m_p.code == "C-M-P0");
    CHECK(m_p.annual_value == pounds(76'000'000));
    // C continues: its contract stays as it was; A's and B's end.
    CHECK(s.contracts[2].annual_value == pounds(150'000'000));
    CHECK_FALSE(s.contracts[2].ended);
    CHECK(s.contracts[0].ended);
    CHECK(s.contracts[1].ended);
    CHECK(s.contracts[3].ended);
    // A's LVA pair with Q: £120,000 to N, £80,000 to M.
    CHECK(s.contracts[6].annual_value == pounds(120'000));
    CHECK(s.contracts[6].kind == ContractKind::lva);
    CHECK(s.contracts[7].annual_value == pounds(80'000));
    // A's 9,000.001 cases at P: 5,400.0006 and 3,600.0004 thousandths round to N 5,400.001 and
    // M 3,600.000, which merges with B's 4,000 into 7,600.
    REQUIRE(s.flows.size() == 5);
    CHECK(s.flows[0].icb == fixture.n);
    CHECK(s.flows[0].cases_per_year_milli == 5'400'001);
    CHECK(s.flows[1].icb == fixture.m);
    CHECK(s.flows[1].cases_per_year_milli == 7'600'000);
    CHECK(s.flows[1].contract.index() == 5);
    // What moved where, row by row of the mapping.
    REQUIRE(carry.moved.size() == 4);
    CHECK(carry.moved[0].contract_value == Money::from_pence(54'120'000'01));
    CHECK(carry.moved[1].contract_value == Money::from_pence(36'080'000'00));
    CHECK(carry.moved[2].cases_milli == 4'000'000);
}

TEST_CASE("reconfiguration: an LVA pair's history is split, so each new pair pays its share") {
    const auto fixture = split_and_merger();
    const specflow::sim::RunModel model(specflow::sim::plan_years(fixture.scenario, 2),
                                        specflow::sim::Sampling::expected_only);
    specflow::testing::RecordingSink sink;
    specflow::sim::run_replication(model, {fixture.scenario.seed, 0}, sink);
    // In 2024/25 A–Q is an LVA pair of 20 cases at £10,000: its actual value is £200,000. From
    // April 2025 N–Q and M–Q are LVA pairs at the rolling average of their parts of that
    // history (no price uplift): £120,000 and £80,000 a year.
    Money n_q;
    Money m_q;
    for (const auto& row : sink.incomes) {
        if (row.month.year == FinancialYear(2025) && row.kind == ContractKind::lva) {
            (row.payer.icb == fixture.n ? n_q : m_q) += row.amount;
            CHECK((row.payer.icb == fixture.n || row.payer.icb == fixture.m));
        }
    }
    CHECK(n_q == pounds(120'000));
    CHECK(m_q == pounds(80'000));
    // Only the ICBs of each FY report: A, B, C in 2024/25; C, N, M in 2025/26.
    for (const auto& row : sink.icbs) {
        CHECK(fixture.scenario.icbs[row.icb.index()].exists_in(row.month.year));
    }
    CHECK(sink.icbs.size() == 72);
}
