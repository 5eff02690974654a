// The granular view: each ICB's planned spend per service line against its fair share of the
// national spend on the line, on a hand-built scenario and on the built-in England.

#include "reports/granular.hpp"
#include "scenarios/builtin.hpp"
#include "scenarios/scenario_loader.hpp"
#include "sim/runners/year_plan.hpp"
#include "tests/support/scenario_builder.hpp"

#include <algorithm>
#include <cmath>
#include <doctest/doctest.h>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace specflow::testing;
using specflow::entities::ContractKind;
using specflow::entities::Money;
using specflow::entities::PortfolioCategory;
using specflow::reports::GranularRow;
using specflow::sim::RunModel;
using specflow::sim::Sampling;

Money pence(std::int64_t value) {
    return Money::from_pence(value);
}

// Two ICBs in one region, two lines with activity and one without.
//   ICB A: population 600,000 × need 1.2 → weight 720,000; ICB B: 400,000 × 0.9 → 360,000.
//   Fair shares are 2/3 and 1/3 of each line's national spend.
// Transplant at £1,000: A's patients 60 cases at A's trust; B's 36 at A's trust and 12 at its
// own. National £108,000: A's fair share £72,000, B's £36,000.
// Dialysis at £100.01: A's patients 130 cases (£13,001.30) at A's trust; B's 12 (£1,200.12) at
// B's. National 142 × £100.01 = £14,201.42 = 1,420,142p; 2/3 of it is 946,761.33p and 1/3 is
// 473,380.67p: the floors (946,761 + 473,380) leave one penny, which goes to the larger
// remainder, B's: fair shares 946,761p and 473,381p, summing back to 1,420,142p.
RunModel two_icbs() {
    ScenarioBuilder b;
    const auto region = b.region("North");
    const auto a = b.icb("ICB A", region, pounds(1'000'000));
    const auto icb_b = b.icb("ICB B", region, pounds(1'000'000));
    auto& icbs = b.scenario().icbs;
    icbs[a.index()].registered_population = 600'000;
    icbs[a.index()].need_index_micro = 1'200'000;
    icbs[icb_b.index()].registered_population = 400'000;
    icbs[icb_b.index()].need_index_micro = 900'000;
    const auto trust_a = b.provider("Trust A", a);
    const auto trust_b = b.provider("Trust B", icb_b);
    const auto transplant = b.line("Transplant", pounds(1'000));
    const auto dialysis = b.line("Dialysis", pence(10'001));
    const auto unused = b.line("Unused", pounds(50));
    for (const auto provider : {trust_a, trust_b}) {
        for (const auto line : {transplant, dialysis, unused}) {
            b.cost(provider, line, pounds(0), pounds(0));
        }
    }
    const auto a_at_a = b.contract(payer_icb(a), trust_a, ContractKind::activity, Money{});
    const auto b_at_a = b.contract(payer_icb(icb_b), trust_a, ContractKind::activity, Money{});
    const auto b_at_b = b.contract(payer_icb(icb_b), trust_b, ContractKind::activity, Money{});
    b.flow(a, trust_a, transplant, 60'000, a_at_a);
    b.flow(icb_b, trust_a, transplant, 36'000, b_at_a);
    b.flow(icb_b, trust_b, transplant, 12'000, b_at_b);
    b.flow(a, trust_a, dialysis, 130'000, a_at_a);
    b.flow(icb_b, trust_b, dialysis, 12'000, b_at_b);
    return RunModel(specflow::sim::plan_years(b.scenario(), 1), Sampling::expected_only);
}

const GranularRow& row_of(const std::vector<GranularRow>& rows, const std::string& fy,
                          const std::string& icb, const std::string& line) {
    const auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& r) {
        return r.fy == fy && r.icb_code == icb && r.service_line_code == line;
    });
    REQUIRE(it != rows.end());
    return *it;
}

specflow::entities::Scenario england() {
    return specflow::scenarios::load_scenario(
        specflow::scenarios::builtin_scenario_path("england-2024-25"));
}

} // namespace

TEST_CASE("granular: two ICBs, two lines: spend, fair shares to the penny and gaps") {
    const auto rows = specflow::reports::granular_rows(two_icbs());
    // Two ICBs × the two lines with activity; the line nobody uses has no national spend.
    REQUIRE(rows.size() == 4);
    const auto fy = rows.front().fy;
    CHECK(std::all_of(rows.begin(), rows.end(), [](const auto& r) {
        return r.service_line_code != "S2" && r.region_name == "North" &&
               r.category == PortfolioCategory::delegable;
    }));

    const auto& a_transplant = row_of(rows, fy, "I0", "S0");
    CHECK(a_transplant.icb_name == "ICB A");
    CHECK(a_transplant.service_line_name == "Transplant");
    CHECK(a_transplant.spend == pounds(60'000));
    CHECK(a_transplant.fair_share == pounds(72'000));
    CHECK(a_transplant.gap() == pounds(-12'000));
    CHECK(*a_transplant.gap_pct() == doctest::Approx(-100.0 / 6)); // -12,000 / 72,000
    // B's patients treated at A's trust count as B's spend: 36 + 12 cases.
    const auto& b_transplant = row_of(rows, fy, "I1", "S0");
    CHECK(b_transplant.spend == pounds(48'000));
    CHECK(b_transplant.fair_share == pounds(36'000));
    CHECK(b_transplant.gap() == pounds(12'000));
    CHECK(*b_transplant.gap_pct() == doctest::Approx(100.0 / 3));

    const auto& a_dialysis = row_of(rows, fy, "I0", "S1");
    CHECK(a_dialysis.spend == pence(1'300'130));
    CHECK(a_dialysis.fair_share == pence(946'761));
    CHECK(a_dialysis.gap() == pence(353'369));
    CHECK(*a_dialysis.gap_pct() == doctest::Approx(100.0 * 353'369 / 946'761));
    const auto& b_dialysis = row_of(rows, fy, "I1", "S1");
    CHECK(b_dialysis.spend == pence(120'012));
    CHECK(b_dialysis.fair_share == pence(473'381)); // the leftover penny
    CHECK(b_dialysis.gap() == pence(-353'369));
    // Fair shares sum back to the national spend exactly, so a line's gaps sum to zero.
    CHECK(a_dialysis.fair_share + b_dialysis.fair_share == a_dialysis.spend + b_dialysis.spend);
}

TEST_CASE("granular: granular.csv in pounds, RFC 4180, one row per ICB × line") {
    auto rows = specflow::reports::granular_rows(two_icbs());
    rows[0].icb_name = "Bedfordshire, Luton and Milton Keynes"; // a name with a comma is quoted
    const auto csv = specflow::reports::granular_csv(rows);
    const auto fy = rows.front().fy;
    CHECK(csv ==
          "fy,icb_code,icb_name,region,service_line_code,service_line_name,category,"
          "spend,fair_share,gap,gap_pct\r\n" +
              fy +
              ",I0,\"Bedfordshire, Luton and Milton Keynes\",North,S0,Transplant,"
              "delegable,60000.00,72000.00,-12000.00,-16.6667\r\n" +
              fy + ",I0,ICB A,North,S1,Dialysis,delegable,13001.30,9467.61,3533.69,37.3240\r\n" +
              fy +
              ",I1,ICB B,North,S0,Transplant,delegable,48000.00,36000.00,12000.00,33.3333\r\n" +
              fy + ",I1,ICB B,North,S1,Dialysis,delegable,1200.12,4733.81,-3533.69,-74.6479\r\n");
}

TEST_CASE("granular: the terminal table ranks each region's pairs by the gap in pounds") {
    const auto rows = specflow::reports::granular_rows(two_icbs());
    const auto text = specflow::reports::granular_text(rows, {.top = 1});
    // In pounds A's transplant (−£12,000) is further below than B's dialysis (−£3,533.69), though
    // B's dialysis is further in percent (−74.6%); furthest above: B's transplant (+£12,000).
    CHECK(text.find("below  ICB A  Transplant") != std::string::npos);
    CHECK(text.find("above  ICB B  Transplant") != std::string::npos);
    CHECK(text.find("Dialysis") == std::string::npos);
    CHECK(text.find("-16.7%") != std::string::npos);
    CHECK(specflow::reports::granular_text(rows, {.region_name = "South"}).empty());
}

TEST_CASE("granular: England over five years: a line's fair shares add up to its national "
          "spend, in the FY's needs") {
    const auto scenario = england();
    const RunModel model(specflow::sim::plan_years(scenario, 5), Sampling::expected_only);
    const auto rows = specflow::reports::granular_rows(model);
    std::map<std::pair<std::string, std::string>, std::pair<Money, Money>> lines;
    std::map<std::pair<std::string, std::string>, Money> icb_fair;
    std::map<std::string, Money> national;
    for (const auto& row : rows) {
        auto& [spend, fair] = lines[{row.fy, row.service_line_code}];
        spend += row.spend;
        fair += row.fair_share;
        icb_fair[{row.fy, row.icb_code}] += row.fair_share;
        national[row.fy] += row.spend;
    }
    CHECK(lines.size() == 5 * 16); // every line has activity every year
    for (const auto& [key, sums] : lines) {
        CAPTURE(key.first);
        CAPTURE(key.second);
        CHECK(sums.first == sums.second);
    }
    // Each ICB's fair share of all lines is its target share, in the FY's populations and need
    // indices (icb_needs.csv from 2025/26, the 36 ICBs from 2026/27), as the allocation's.
    for (std::size_t y = 0; y < model.year_count(); ++y) {
        const auto& allocation = *model.plan(y).allocation;
        const auto fy = allocation.year.label();
        CAPTURE(fy);
        std::size_t icbs = 0;
        for (const auto& icb : allocation.icbs) {
            const auto code = scenario.icbs[icb.icb.index()].code;
            CAPTURE(code);
            const double target_share = static_cast<double>(icb.target.pence()) /
                                        static_cast<double>(allocation.budget.pence());
            const double fair_share = static_cast<double>(icb_fair[{fy, code}].pence()) /
                                      static_cast<double>(national[fy].pence());
            CHECK(fair_share == doctest::Approx(target_share).epsilon(1e-7));
            ++icbs;
        }
        CHECK(icbs == (y < 2 ? 42U : 36U));
    }
}

TEST_CASE("granular: England 2024/25, the North West's pairs furthest below fair share") {
    const RunModel model(specflow::sim::plan_years(england(), 1), Sampling::expected_only);
    const auto rows = specflow::reports::granular_rows(model);
    std::vector<GranularRow> north_west;
    std::copy_if(rows.begin(), rows.end(), std::back_inserter(north_west),
                 [](const auto& row) { return row.region_name == "North West"; });
    REQUIRE(north_west.size() == 3 * 16);
    std::stable_sort(north_west.begin(), north_west.end(),
                     [](const auto& a, const auto& b) { return a.gap() < b.gap(); });
    // Cheshire and Merseyside's cardiac surgery goes to one trust (Manchester University), so a
    // single flow's made-up noise sets the whole line; Lancashire and South Cumbria, 4.93% below
    // target before convergence, is below fair share on most lines.
    const std::vector<std::pair<std::string, std::string>> furthest_below{
        {"QYG", "CARDS"}, {"QYG", "NEURO"}, {"QE1", "RESP"}, {"QOP", "CARDS"}, {"QE1", "SPINE"}};
    for (std::size_t i = 0; i < furthest_below.size(); ++i) {
        CAPTURE(i);
        CHECK(north_west[i].icb_code == furthest_below[i].first);
        CHECK(north_west[i].service_line_code == furthest_below[i].second);
        CHECK(north_west[i].category == PortfolioCategory::delegable);
    }
    // −£6.8m, 10.6% below: £57.0m planned against a fair share of £63.8m.
    CHECK(north_west[0].gap() < pounds(-6'500'000));
    CHECK(*north_west[0].gap_pct() == doctest::Approx(-10.6).epsilon(0.01));
    // Lancashire and South Cumbria: below fair share on 14 of its 16 lines.
    CHECK(std::count_if(north_west.begin(), north_west.end(), [](const auto& row) {
              return row.icb_code == "QE1" && row.gap().is_negative();
          }) == 14);
    // The printed table starts with the same pair, and shows the North West only.
    const auto text = specflow::reports::granular_text(rows, {.region_name = "North West"});
    const auto first = text.find("  below  Cheshire and Merseyside ");
    REQUIRE(first != std::string::npos);
    CHECK(text.substr(first, text.find('\n', first) - first).find("Adult cardiac surgery") !=
          std::string::npos);
    CHECK(text.find("London") == std::string::npos);
}
