#include "scenario_files.hpp"
#include "scenarios/scenario_loader.hpp"

#include <doctest/doctest.h>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using specflow::entities::ConvergencePolicy;
using specflow::entities::RegionId;
using specflow::entities::Scenario;
using specflow::entities::YearPolicy;
using specflow::scenarios::load_scenario;
using specflow::scenarios::test::check_error;
using specflow::scenarios::test::k_minimal_files;
using specflow::scenarios::test::relative_load_error;
using specflow::scenarios::test::ScenarioFiles;

// The minimal scenario with an [allocation] section over two years. Line numbers in the tests
// count from this text. Year 2's floor is above its cap on purpose: whether a year's parameters
// can be met together is for the allocation engine, not the loader.
const std::string k_allocation_toml = R"(# A tiny scenario with an allocation section.
[scenario]
name = "tiny-allocation"
title = "Tiny allocation scenario"
financial_year = "2024/25"
seed = 7

[tables]
regions = "regions.csv"
icbs = "icbs.csv"
providers = "providers.csv"
service_lines = "service_lines.csv"
costs = "costs.csv"
flows = "flows.csv"
contracts = "contracts.csv"

[policy]
lva_threshold_pounds = 500000

[allocation]
policy = "pace"
baseline_total_pounds = 1000000
hcdd_share_pct = 15.5
delegable_share_pct = 85
not_ready_share_pct = 8.25
retained_share_pct = 6.75

[[allocation.years]]
financial_year = "2024/25"
growth_pct = 4.3
floor_growth_pct = -1.5
cap_growth_pct = 9
tolerance_pct = 2.5
pace_pct = 25
cost_uplift_pct = 2.9
efficiency_pct = 1.1
delegate_regions = ["Y56"]

[[allocation.years]]
financial_year = "2025/26"
budget_pounds = 1100000.01
floor_growth_pct = 0.5
cap_growth_pct = 0.25
tolerance_pct = 0
pace_pct = 100
cost_uplift_pct = 0
efficiency_pct = 0
delegate_regions = ["all"]
)";

// The minimal ICBs without budget_pounds, which the allocation pipeline sets.
const std::string k_allocation_icbs =
    "icb_code,icb_name,region_code,registered_population,need_index,dft_pct,delegation,"
    "ringfenced\n"
    "QHG,\"Bedfordshire, Luton and Milton Keynes\",Y61,1084885,0.925,-11.11,delegated,no\n"
    "QUE,Cambridgeshire and Peterborough,Y61,1022472,0.884,11.14,joint,yes\n"
    "QMJ,North Central London,Y56,1762827,1.053,0,retained,no\n";

// The same ICBs with the three optional columns (target_weight is column 9, hcdd_share_pct 10,
// baseline_pounds 11).
const std::string k_icbs_with_inputs =
    "icb_code,icb_name,region_code,registered_population,need_index,dft_pct,delegation,"
    "ringfenced,target_weight,hcdd_share_pct,baseline_pounds\n"
    "QHG,\"Bedfordshire, Luton and Milton Keynes\",Y61,1084885,0.925,-11.11,delegated,no,"
    "1.25,12.5,300000.5\n"
    "QUE,Cambridgeshire and Peterborough,Y61,1022472,0.884,11.14,joint,yes,0.000001,0,250000\n"
    "QMJ,North Central London,Y56,1762827,1.053,0,retained,no,2,100,0\n";

ScenarioFiles allocation_files() {
    std::map<std::string, std::string> files = k_minimal_files;
    files["scenario.toml"] = k_allocation_toml;
    files["icbs.csv"] = k_allocation_icbs;
    return ScenarioFiles(std::move(files));
}

// What load_scenario gives for the allocation scenario with one text replaced.
Scenario load_with(std::string_view file, std::string_view from, std::string_view to) {
    ScenarioFiles files = allocation_files();
    files.replace(std::string(file), from, to);
    return load_scenario(files.write());
}

} // namespace

TEST_CASE("a two-year allocation section loads with every number exact") {
    const Scenario scenario = load_scenario(allocation_files().write());
    const auto& allocation = scenario.allocation;
    REQUIRE(allocation.enabled());
    CHECK(allocation.policy == ConvergencePolicy::pace);
    CHECK(allocation.baseline_total.pence() == 100'000'000); // £1,000,000.00
    CHECK(allocation.delegable_share_bp == 8'500);
    CHECK(allocation.not_ready_share_bp == 825); // 8.25%
    CHECK(allocation.retained_share_bp == 675);
    CHECK(allocation.source.file.ends_with("scenario.toml"));
    CHECK(allocation.source.line == 20);
    REQUIRE(allocation.years.size() == 2);

    const YearPolicy& first = allocation.years[0];
    CHECK(first.year.start_year() == 2024);
    // £1,000,000.00 × (10000 + 430) / 10000 = £1,043,000.00 exactly.
    CHECK(first.budget.pence() == 104'300'000);
    CHECK(first.floor_growth_bp == -150);
    CHECK(first.cap_growth_bp == 900);
    CHECK(first.tolerance_bp == 250);
    CHECK(first.pace_bp == 2'500);
    CHECK(first.cost_uplift_bp == 290); // 2.9 is 289.99999999999997 hundredths as a double
    CHECK(first.efficiency_bp == 110);
    CHECK(first.delegate_regions == std::vector<RegionId>{RegionId(1)}); // Y56, the second
    CHECK(first.sources.size() == 9);
    CHECK(first.sources.at("financial_year").line == 29);
    CHECK(first.sources.at("growth_pct").line == 30);
    CHECK(first.sources.at("growth_pct").column == 14);
    CHECK(first.sources.at("floor_growth_pct").line == 31);
    CHECK(first.sources.at("delegate_regions").line == 37);
    CHECK(first.sources.at("delegate_regions").file.ends_with("scenario.toml"));
    CHECK_FALSE(first.sources.contains("budget_pounds"));

    const YearPolicy& second = allocation.years[1];
    CHECK(second.year.start_year() == 2025);
    CHECK(second.budget.pence() == 110'000'001); // given: £1,100,000.01
    CHECK(second.floor_growth_bp == 50);         // above the cap, and still loaded
    CHECK(second.cap_growth_bp == 25);
    CHECK(second.pace_bp == 10'000);
    CHECK(second.tolerance_bp == 0);
    CHECK(second.delegate_regions == std::vector<RegionId>{RegionId(0), RegionId(1)}); // "all"
    CHECK(second.sources.at("budget_pounds").line == 41);
    CHECK(second.sources.at("cap_growth_pct").line == 43);
    CHECK_FALSE(second.sources.contains("growth_pct"));

    // ICBs have no budget of their own and take the section's HCDD share; NHS England has no
    // direct budget.
    for (const auto& icb : scenario.icbs) {
        CHECK(icb.budget.is_zero());
        CHECK(icb.hcdd_share_bp == 1'550);
        CHECK_FALSE(icb.baseline.has_value());
        CHECK_FALSE(icb.target_weight.has_value());
    }
    CHECK(scenario.policy.nhse_direct_budget.is_zero());
}

TEST_CASE("growth converts to a budget rounded to the nearest penny, half to even") {
    // 50p × 1.05 = 52.5p → 52p (the even neighbour); then 52p × (1 − 0.5) = 26p: growth is
    // over the previous year's total, and may be a cut.
    ScenarioFiles down = allocation_files();
    down.replace("scenario.toml", "baseline_total_pounds = 1000000", "baseline_total_pounds = 0.5");
    down.replace("scenario.toml", "growth_pct = 4.3", "growth_pct = 5");
    down.replace("scenario.toml", "budget_pounds = 1100000.01", "growth_pct = -50");
    const Scenario scenario = load_scenario(down.write());
    CHECK(scenario.allocation.years[0].budget.pence() == 52);
    CHECK(scenario.allocation.years[1].budget.pence() == 26);

    // 30p × 1.05 = 31.5p → 32p.
    ScenarioFiles up = allocation_files();
    up.replace("scenario.toml", "baseline_total_pounds = 1000000", "baseline_total_pounds = 0.3");
    up.replace("scenario.toml", "growth_pct = 4.3", "growth_pct = 5");
    CHECK(load_scenario(up.write()).allocation.years[0].budget.pence() == 32);

    // A cut of 99.99% is the most there can be.
    CHECK(load_with("scenario.toml", "growth_pct = 4.3", "growth_pct = -99.99")
              .allocation.years[0]
              .budget.pence() == 10'000); // £1,000,000.00 × 1 / 10000 = £100.00
    ScenarioFiles everything = allocation_files();
    everything.replace("scenario.toml", "growth_pct = 4.3", "growth_pct = -100");
    check_error(everything, {"scenario.toml:30:14: field 'allocation.years[1].growth_pct': out of "
                             "range; valid: a percentage greater than -100"});
}

TEST_CASE("icbs.csv optional columns give HCDD shares, baselines and target weights") {
    const Scenario scenario = load_with("icbs.csv", k_allocation_icbs, k_icbs_with_inputs);
    const auto& icbs = scenario.icbs;
    CHECK(icbs[0].target_weight == 1'250'000); // 1.25 × 10^6
    CHECK(icbs[1].target_weight == 1);         // 0.000001 × 10^6
    CHECK(icbs[2].target_weight == 2'000'000);
    CHECK(icbs[0].weight() == 1'250'000);
    CHECK(icbs[0].hcdd_share_bp == 1'250); // its own, not the section's 15.5%
    CHECK(icbs[1].hcdd_share_bp == 0);
    CHECK(icbs[2].hcdd_share_bp == 10'000);
    CHECK(icbs[0].baseline == specflow::entities::Money::from_pence(30'000'050));
    CHECK(icbs[1].baseline == specflow::entities::Money::from_pence(25'000'000));
    CHECK(icbs[2].baseline == specflow::entities::Money{});

    // Without [allocation] the columns are allowed too (they only matter with it), budgets are
    // read as before, and the default HCDD share is 0.
    ScenarioFiles single_year;
    single_year.replace("icbs.csv", "ringfenced,budget_pounds\n",
                        "ringfenced,budget_pounds,hcdd_share_pct\n");
    single_year.replace("icbs.csv", "no,1234.5\n", "no,1234.5,20\n");
    single_year.replace("icbs.csv", "yes,1350000\n", "yes,1350000,0\n");
    single_year.replace("icbs.csv", "no,700000\n", "no,700000,0\n");
    const Scenario plain = load_scenario(single_year.write());
    CHECK_FALSE(plain.allocation.enabled());
    CHECK(plain.icbs[0].hcdd_share_bp == 2'000);
    CHECK(plain.icbs[0].budget.pence() == 123'450);

    ScenarioFiles no_allocation;
    CHECK(load_scenario(no_allocation.write()).icbs[0].hcdd_share_bp == 0);
}

TEST_CASE("allocation error: the three shares must add up to 100") {
    ScenarioFiles files = allocation_files();
    files.replace("scenario.toml", "retained_share_pct = 6.75", "retained_share_pct = 6.5");
    check_error(files, {"scenario.toml:20:1: field 'allocation': delegable_share_pct 85 + "
                        "not_ready_share_pct 8.25 + retained_share_pct 6.5 = 99.75; valid: "
                        "three shares that add up to exactly 100"});
}

TEST_CASE("allocation error: years must be consecutive from the scenario's financial year") {
    ScenarioFiles gap = allocation_files();
    gap.replace("scenario.toml", "financial_year = \"2025/26\"", "financial_year = \"2026/27\"");
    check_error(gap, {"scenario.toml:40:18: field 'allocation.years[2].financial_year': "
                      "'2026/27' is out of sequence; valid: \"2025/26\""});

    ScenarioFiles first = allocation_files();
    first.replace("scenario.toml", "financial_year = \"2024/25\"\ngrowth_pct",
                  "financial_year = \"2023/24\"\ngrowth_pct");
    check_error(first, {"scenario.toml:29:18: field 'allocation.years[1].financial_year': "
                        "'2023/24' is out of sequence; valid: \"2024/25\" (one entry per "
                        "financial year, consecutive from [scenario].financial_year 2024/25)"});

    ScenarioFiles no_years = allocation_files();
    std::string toml = k_allocation_toml;
    toml.erase(toml.find("[[allocation.years]]"));
    no_years.set("scenario.toml", toml);
    check_error(no_years, {"scenario.toml:20:1: field 'allocation.years': missing required key"});
}

TEST_CASE("allocation error: a year with both budget_pounds and growth_pct") {
    ScenarioFiles files = allocation_files();
    files.replace("scenario.toml", "budget_pounds = 1100000.01\n",
                  "budget_pounds = 1100000.01\ngrowth_pct = 1\n");
    check_error(files, {"scenario.toml:42:14: field 'allocation.years[2].growth_pct': given with "
                        "budget_pounds (line 41); valid: exactly one of budget_pounds"});
}

TEST_CASE("allocation error: a year with neither budget_pounds nor growth_pct") {
    ScenarioFiles files = allocation_files();
    files.replace("scenario.toml", "budget_pounds = 1100000.01\n", "");
    check_error(files, {"scenario.toml:39:1: field 'allocation.years[2]': neither budget_pounds "
                        "nor growth_pct is given; valid: exactly one of"});
}

TEST_CASE("allocation error: a negative budget") {
    ScenarioFiles files = allocation_files();
    files.replace("scenario.toml", "budget_pounds = 1100000.01", "budget_pounds = -5");
    check_error(files, {"scenario.toml:41:17: field 'allocation.years[2].budget_pounds': "
                        "negative; valid: pounds, not negative, at most two decimals"});
}

TEST_CASE("allocation error: unknown keys list the valid ones") {
    ScenarioFiles year = allocation_files();
    year.replace("scenario.toml", "pace_pct = 100", "pace_percent = 100");
    check_error(year, {"scenario.toml:45:1: field 'allocation.years[2].pace_percent': unknown "
                       "key; valid: financial_year, budget_pounds, growth_pct, floor_growth_pct, "
                       "cap_growth_pct, tolerance_pct, pace_pct, cost_uplift_pct, "
                       "efficiency_pct, delegate_regions, lva_threshold_pounds, reserve_pct"});

    ScenarioFiles section = allocation_files();
    section.replace("scenario.toml", "policy = \"pace\"", "polcy = \"pace\"");
    check_error(section, {"scenario.toml:21:1: field 'allocation.polcy': unknown key; valid: "
                          "policy, baseline_total_pounds, hcdd_share_pct, delegable_share_pct, "
                          "not_ready_share_pct, retained_share_pct, years"});

    ScenarioFiles policy = allocation_files();
    policy.replace("scenario.toml", "policy = \"pace\"", "policy = \"level-up\"");
    check_error(policy, {"scenario.toml:21:10: field 'allocation.policy': 'level-up' is not a "
                         "valid value; valid: level_up, pace"});

    ScenarioFiles missing = allocation_files();
    missing.replace("scenario.toml", "efficiency_pct = 0\n", "");
    check_error(missing, {"scenario.toml:39:1: field 'allocation.years[2].efficiency_pct': "
                          "missing required key"});
}

TEST_CASE("allocation error: an unknown region in delegate_regions") {
    ScenarioFiles files = allocation_files();
    files.replace("scenario.toml", "[\"Y56\"]", "[\"Y56\", \"Y99\"]");
    check_error(files, {"scenario.toml:37:28: field 'allocation.years[1].delegate_regions': "
                        "unknown region code 'Y99'; valid: \"all\", or a code from regions.csv's "
                        "region_code column (Y61, Y56)"});

    ScenarioFiles all_and_more = allocation_files();
    all_and_more.replace("scenario.toml", "[\"all\"]", "[\"Y61\", \"all\"]");
    check_error(all_and_more, {"scenario.toml:48:28: field 'allocation.years[2].delegate_regions':"
                               " \"all\" is given with other items"});
}

TEST_CASE("allocation error: icbs.csv has a budget_pounds column") {
    ScenarioFiles files = allocation_files();
    files.set("icbs.csv", k_minimal_files.at("icbs.csv"));
    check_error(files, {"icbs.csv:1:9: field 'budget_pounds': set by the allocation pipeline "
                        "when [allocation] is present; valid: remove the column"});

    // Without [allocation] the column is required, as before.
    ScenarioFiles without = allocation_files();
    std::string toml = k_allocation_toml;
    toml.erase(toml.find("[allocation]"));
    without.set("scenario.toml", toml);
    check_error(without, {"icbs.csv:1: field 'budget_pounds': missing column in the header"});
}

TEST_CASE("allocation error: policy sets nhse_direct_budget_pounds") {
    ScenarioFiles files = allocation_files();
    files.replace("scenario.toml", "lva_threshold_pounds = 500000\n",
                  "lva_threshold_pounds = 500000\nnhse_direct_budget_pounds = 0\n");
    check_error(files, {"scenario.toml:19:29: field 'policy.nhse_direct_budget_pounds': set by "
                        "the allocation pipeline when [allocation] is present; valid: remove the "
                        "key"});
}

TEST_CASE("allocation error: hcdd_share_pct out of range") {
    ScenarioFiles cell = allocation_files();
    cell.set("icbs.csv", k_icbs_with_inputs)
        .replace("icbs.csv", "yes,0.000001,0,", "yes,0.000001,150,");
    check_error(cell, {"icbs.csv:3:10: field 'hcdd_share_pct': '150' is above 100; valid: a "
                       "percentage from 0 to 100"});

    ScenarioFiles negative = allocation_files();
    negative.set("icbs.csv", k_icbs_with_inputs).replace("icbs.csv", ",2,100,0", ",2,-1,0");
    check_error(negative, {"icbs.csv:4:10: field 'hcdd_share_pct': '-1' is negative"});

    ScenarioFiles section = allocation_files();
    section.replace("scenario.toml", "hcdd_share_pct = 15.5", "hcdd_share_pct = 100.5");
    check_error(section, {"scenario.toml:23:18: field 'allocation.hcdd_share_pct': out of range; "
                          "valid: a percentage from 0 to 100"});
}

TEST_CASE("allocation error: an empty cell in a present optional column") {
    ScenarioFiles weight = allocation_files();
    weight.set("icbs.csv", k_icbs_with_inputs).replace("icbs.csv", "yes,0.000001,", "yes,,");
    check_error(weight, {"icbs.csv:3:9: field 'target_weight': empty, but the column is present "
                         "so every row needs a value; valid: a decimal with at most 6 decimal "
                         "places"});

    ScenarioFiles zero = allocation_files();
    zero.set("icbs.csv", k_icbs_with_inputs).replace("icbs.csv", "yes,0.000001,", "yes,0,");
    check_error(zero, {"icbs.csv:3:9: field 'target_weight': '0' is not greater than 0"});

    ScenarioFiles baseline = allocation_files();
    baseline.set("icbs.csv", k_icbs_with_inputs).replace("icbs.csv", "100,0\n", "100,\n");
    check_error(baseline, {"icbs.csv:4:11: field 'baseline_pounds': empty, but the column is "
                           "present"});
}

TEST_CASE("allocation error: per-field ranges of a year") {
    ScenarioFiles tolerance = allocation_files();
    tolerance.replace("scenario.toml", "tolerance_pct = 2.5", "tolerance_pct = -2.5");
    check_error(tolerance, {"scenario.toml:33:17: field 'allocation.years[1].tolerance_pct': out "
                            "of range; valid: a percentage from 0 to 100"});

    ScenarioFiles decimals = allocation_files();
    decimals.replace("scenario.toml", "pace_pct = 25", "pace_pct = 25.125");
    check_error(decimals, {"scenario.toml:34:12: field 'allocation.years[1].pace_pct': has more "
                           "than two decimal places"});

    ScenarioFiles cap = allocation_files();
    cap.replace("scenario.toml", "cap_growth_pct = 9", "cap_growth_pct = -100");
    check_error(cap, {"scenario.toml:32:18: field 'allocation.years[1].cap_growth_pct': out of "
                      "range; valid: a percentage greater than -100"});

    // A cut is a valid floor.
    CHECK(load_with("scenario.toml", "floor_growth_pct = -1.5", "floor_growth_pct = -99.99")
              .allocation.years[0]
              .floor_growth_bp == -9'999);
}

TEST_CASE("an unknown icbs.csv column lists the optional columns too") {
    ScenarioFiles files = allocation_files();
    files.replace("icbs.csv", "ringfenced\n", "ringfenced,weight\n");
    files.replace("icbs.csv", "delegated,no\n", "delegated,no,1\n");
    files.replace("icbs.csv", "joint,yes\n", "joint,yes,1\n");
    files.replace("icbs.csv", "retained,no\n", "retained,no,1\n");
    check_error(files, {"icbs.csv:1:9: field 'weight': unknown column; valid columns (in any "
                        "order): icb_code,icb_name,region_code,registered_population,need_index,"
                        "dft_pct,delegation,ringfenced, and optionally hcdd_share_pct,"
                        "baseline_pounds,target_weight"});

    ScenarioFiles twice = allocation_files();
    twice.set("icbs.csv", k_icbs_with_inputs)
        .replace("icbs.csv", "target_weight,hcdd_share_pct", "target_weight,target_weight");
    check_error(twice, {"icbs.csv:1:10: field 'target_weight': column named twice in the "
                        "header (first as column 9)"});
}

TEST_CASE("a year entry may set the LVA threshold from that financial year") {
    ScenarioFiles files = allocation_files();
    files.replace("scenario.toml", "delegate_regions = [\"all\"]",
                  "delegate_regions = [\"all\"]\nlva_threshold_pounds = 1500000.5");
    const Scenario scenario = load_scenario(files.write());
    CHECK_FALSE(scenario.allocation.years[0].lva_threshold.has_value()); // as [policy] says
    REQUIRE(scenario.allocation.years[1].lva_threshold.has_value());
    CHECK(scenario.allocation.years[1].lva_threshold->pence() == 150'000'050); // £1,500,000.50
    CHECK(scenario.allocation.years[1].sources.at("lva_threshold_pounds").line == 49);
    CHECK(scenario.policy.lva_threshold.pence() == 50'000'000); // the first year's, unchanged

    ScenarioFiles negative = allocation_files();
    negative.replace("scenario.toml", "delegate_regions = [\"all\"]",
                     "delegate_regions = [\"all\"]\nlva_threshold_pounds = -1");
    check_error(negative, {"scenario.toml:49:24: field 'allocation.years[2].lva_threshold_pounds': "
                           "negative; valid: pounds, not negative"});
}

TEST_CASE("a year entry may hold back a reserve, a percentage from 0 to 100") {
    const Scenario without = load_scenario(allocation_files().write());
    CHECK(without.allocation.years[0].reserve_bp == 0);
    CHECK(without.allocation.years[1].reserve_bp == 0);
    CHECK_FALSE(without.allocation.years[0].sources.contains("reserve_pct"));

    const Scenario quarter = load_with("scenario.toml", "delegate_regions = [\"Y56\"]",
                                       "delegate_regions = [\"Y56\"]\nreserve_pct = 25");
    CHECK(quarter.allocation.years[0].reserve_bp == 2'500);
    CHECK(quarter.allocation.years[0].sources.at("reserve_pct").line == 38);
    CHECK(quarter.allocation.years[1].reserve_bp == 0); // each year its own

    CHECK(load_with("scenario.toml", "delegate_regions = [\"Y56\"]",
                    "delegate_regions = [\"Y56\"]\nreserve_pct = 100")
              .allocation.years[0]
              .reserve_bp == 10'000);

    for (const std::string_view value : {"100.01", "-1"}) {
        CAPTURE(value);
        ScenarioFiles files = allocation_files();
        files.replace("scenario.toml", "delegate_regions = [\"Y56\"]",
                      "delegate_regions = [\"Y56\"]\nreserve_pct = " + std::string(value));
        CHECK(relative_load_error(files) ==
              "scenario.toml:38:15: field 'allocation.years[1].reserve_pct': out of range; valid: "
              "a percentage from 0 to 100, at most two decimals");
    }
}
