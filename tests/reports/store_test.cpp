// Tests of the results store (reports/store.hpp): runs saved into a store in a temporary folder
// and read back with exact pence, names and run records; run ids; a Monte Carlo summary; the
// table-name check; a save that fails part-way. The schema migrations and the helpers
// sha256_hex and scenario_text are tested in store_schema_test.cpp; the fixtures both use are
// in store_test_support.hpp.

#include "reports/store.hpp"
#include "store_test_support.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <cstdint>
#include <doctest/doctest.h>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace {
using namespace specflow::testing::store_fixtures;
} // namespace

// ---- saving and reading back ----------------------------------------------------------------

TEST_CASE("RunStore: a replication's tables read back with exact pence and names with commas") {
    const TempDir dir;
    RunStore store(dir.path() / "specflow.db");
    const auto run = save_small_run(store);
    REQUIRE(run == 1);

    CHECK(store.table(run, "provider_month") ==
          Rows{{"run_id", "provider_code", "provider_name", "fy", "month", "income", "cost",
                "pressure", "unfunded_activity", "forecast_income", "forecast_cost",
                "forecast_pressure"},
               {"1", "RGT", "Cambridge University Hospitals, Addenbrooke's", "2024/25", "1",
                "9007199254740993", "123456", "-9007199254617537", "0", "", "", ""},
               {"1", "RGT", "Cambridge University Hospitals, Addenbrooke's", "2024/25", "12",
                "10000", "15001", "5001", "7", "120000", "9007199254740993", "-3"}});
    // NHS England pays as payer "NHSE".
    CHECK(store.table(run, "income_by_source") ==
          Rows{{"run_id", "provider_code", "fy", "month", "payer_code", "payer_name",
                "contract_kind", "amount"},
               {"1", "RGT", "2024/25", "1", "QMF", "North East London", "api", "432100"},
               {"1", "RGT", "2024/25", "1", "NHSE", "NHS England", "lva", "-99"}});
    CHECK(store.table(run, "icb_month") ==
          Rows{{"run_id", "icb_code", "icb_name", "fy", "month", "budget", "spend", "variance",
                "held_by_icb", "risk_pool", "local_investment", "reserve", "released",
                "forecast_spend", "forecast_variance"},
               {"1", "QMF", "North East London", "2024/25", "12", "100000000", "100000001", "-1",
                "1", "-500", "3", "0", "2", "1200000001", "-11"}});
    // A recharge stores what was paid, withheld and outstanding; a pool transfer has neither
    // of the last two.
    CHECK(store.table(run, "settlements") ==
          Rows{{"run_id", "kind", "arrangement", "fy", "month", "icb_code", "amount", "withheld",
                "outstanding"},
               {"1", "recharge", "LEAD-EAST", "2024/25", "3", "QMF", "250000", "50000", "50001"},
               {"1", "risk_pool", "POOL-1", "2024/25", "12", "QHG", "-123456", "0", "0"}});
}

TEST_CASE("RunStore: allocations and flows read back, percentages as 100 × the ratio") {
    const TempDir dir;
    RunStore store(dir.path() / "specflow.db");
    const auto run = save_small_run(store);

    const auto allocations = store.table(run, "allocations");
    REQUIRE(allocations.size() == 3);
    CHECK(allocations[0] == std::vector<std::string>{"run_id", "fy", "icb_code", "icb_name",
                                                     "region", "status", "baseline", "target",
                                                     "dft_before_pct", "dft_after_pct",
                                                     "growth_pct", "allocation", "hcdd",
                                                     "delegated", "retained", "held_for_icb"});
    // The region is looked up through the ICB; the two ICBs are in different regions.
    const std::vector<std::string> blmk_text{
        "1",         "2024/25", "QHG",   "Bedfordshire, Luton and Milton Keynes", "East of England",
        "delegated", "100000",  "200000"};
    CHECK(std::vector<std::string>(allocations[1].begin(), allocations[1].begin() + 8) ==
          blmk_text);
    // −0.025 → −2.5 %, −0.0125 → −1.25 %, 0.031 → 3.1 %.
    check_reals(allocations[1], 8, {-2.5, -1.25, 3.1});
    CHECK(std::vector<std::string>(allocations[1].begin() + 11, allocations[1].end()) ==
          std::vector<std::string>{"103100", "1000", "90000", "12100", "0"});
    CHECK(
        std::vector<std::string>(allocations[2].begin(), allocations[2].begin() + 6) ==
        std::vector<std::string>{"1", "2024/25", "QMF", "North East London", "London", "retained"});
    CHECK(allocations[2][11] == "9007199254740993");

    const auto flows = store.table(run, "flows");
    REQUIRE(flows.size() == 2);
    CHECK(flows[0] == std::vector<std::string>{"run_id", "fy", "icb_code", "provider_code",
                                               "service_line_code", "planned_cases",
                                               "planned_value", "out_of_area"});
    CHECK(std::vector<std::string>(flows[1].begin(), flows[1].begin() + 5) ==
          std::vector<std::string>{"1", "2024/25", "QMF", "RGT", "S0"});
    check_reals(flows[1], 5, {12.345}); // 12,345 thousandths of a case
    CHECK(flows[1][6] == "456789");
    CHECK(flows[1][7] == "1");
}

TEST_CASE("RunStore: the run record reads back field by field from runs() and run(id)") {
    const TempDir dir;
    RunStore store(dir.path() / "specflow.db");
    const auto run = save_small_run(store);

    const auto runs = store.runs();
    REQUIRE(runs.size() == 1);
    check_record(runs[0], 1, small_record());
    const auto one = store.run(run);
    REQUIRE(one.has_value());
    check_record(*one, 1, small_record());
    CHECK_FALSE(store.run(2).has_value());
    CHECK_FALSE(store.run(0).has_value());
}

TEST_CASE("RunStore: runs are numbered 1 and 2, and each table holds only its run's rows") {
    const TempDir dir;
    const auto path = dir.path() / "specflow.db";
    auto second = small_record();
    second.scenario_name = "second";
    second.replications = 200;
    second.replication = 0;
    {
        RunStore store(path);
        CHECK(store.runs().empty());
        CHECK(save_small_run(store) == 1);
    }
    // A second store object on the same file, as a second specflow command would open it.
    RunStore store(path);
    CHECK(store.save(second, small_scenario(), {}) == 2);

    const auto runs = store.runs();
    REQUIRE(runs.size() == 2);
    CHECK(runs[0].id == 1);
    CHECK(runs[0].record.scenario_name == "small");
    check_record(runs[1], 2, second);
    // The second run stored no results: every table of it is its header alone.
    for (const auto& name : RunStore::tables()) {
        CAPTURE(name);
        CHECK(store.table(2, name).size() == 1);
    }
    CHECK(store.table(1, "provider_month").size() == 3);
    CHECK(store.table(3, "provider_month").size() == 1);
}

// ---- a Monte Carlo summary ------------------------------------------------------------------

namespace {

// One provider, one ICB, one year, five replications with provider incomes 0, 10, 20, 30 and
// 90 pence (all in April), cost 100 pence, so pressures 100, 90, 80, 70 and 10 pence; an ICB
// budget of 100 pence and spend 150 pence − income, so variances income − 50 pence: −50, −40,
// −30, −20 and 40. Every range is as many pence wide as it has bins, so the quantiles are
// exact.
SummarySink small_summary() {
    const specflow::reports::SummaryShape shape{
        .providers = 1, .icbs = 1, .years = 1, .first_year = k_fy_2024};
    specflow::reports::SummaryLayout layout;
    layout.year_bins = 100;
    layout.month_bins = 100;
    // Year slots: income, cost, pressure, income excluding drugs (provider 0; no drugs here, so
    // the income), then the ICB's variance, outturn after
    // the pool, pool transfers, recharges and host exposure (the last three always zero here, so
    // not stored), then England's eight (the HCDD and direct budgets' variances, the routes'
    // payments).
    layout.years = {{0, 100},  {100, 200}, {10, 110}, {0, 100},  {-50, 50}, {-50, 50},
                    {-50, 50}, {-50, 50},  {-50, 50}, {-50, 50}, {-50, 50}, {-50, 50},
                    {0, 100},  {0, 100},   {0, 100},  {0, 100},  {0, 100}};
    // Month slots: twelve months of income, then twelve of pressure.
    for (int m = 0; m < 12; ++m) {
        layout.months.emplace_back(0, 100);
    }
    for (int m = 0; m < 12; ++m) {
        layout.months.emplace_back(10, 110);
    }
    SummarySink summary(shape, layout, pence(75));
    for (const std::int64_t income : {0, 10, 20, 30, 90}) {
        summary.on_provider_month({.month = {k_fy_2024, 1},
                                   .provider = k_rgt,
                                   .income = pence(income),
                                   .cost = pence(100),
                                   .pressure = pence(100 - income),
                                   .unfunded_activity = pence(0),
                                   .forecast = std::nullopt});
        summary.on_icb_month({.month = {k_fy_2024, 1},
                              .icb = k_blmk,
                              .budget = pence(100),
                              .spend = pence(150 - income),
                              .variance = pence(income - 50),
                              .risk_pool = pence(0),
                              .local_investment = pence(0),
                              .reserve = pence(0),
                              .released = pence(0),
                              .forecast = std::nullopt});
        summary.on_year_close({.year = k_fy_2024});
    }
    return summary;
}

} // namespace

TEST_CASE("RunStore: a Monte Carlo summary in pounds: mean, five quantiles, P(above threshold)") {
    const TempDir dir;
    RunStore store(dir.path() / "specflow.db");
    const auto summary = small_summary();
    auto record = small_record();
    record.replications = 5;
    const auto run = store.save(record, small_scenario(), {.summary = &summary});
    REQUIRE(run == 1);

    // Quantiles by r = p × (n − 1) on the sorted values. Incomes 0, 10, 20, 30, 90: mean 30;
    // p5: r = 0.2 → 0 + 0.2 × 10 = 2; p10: r = 0.4 → 4; p50: r = 2 → 20; p90: r = 3.6 → 30 +
    // 0.6 × 60 = 66; p95: r = 3.8 → 30 + 0.8 × 60 = 78 (pence; the store writes pounds).
    // Pressures 10, 70, 80, 90, 100: mean 70; p5 10 + 0.2 × 60 = 22; p10 34; p50 80; p90 96;
    // p95 98; three of five are above 75 pence.
    const auto provider = store.table(run, "provider_summary");
    REQUIRE(provider.size() == 5);
    CHECK(provider[0] == std::vector<std::string>{"run_id", "provider_code", "provider_name", "fy",
                                                  "measure", "mean", "p5", "p10", "p50", "p90",
                                                  "p95", "probability_above", "threshold"});
    const std::string name = "Cambridge University Hospitals, Addenbrooke's";
    const auto head = [](const std::vector<std::string>& row) {
        return std::vector<std::string>(row.begin(), row.begin() + 5);
    };
    CHECK(head(provider[1]) == std::vector<std::string>{"1", "RGT", name, "2024/25", "income"});
    check_reals(provider[1], 5, {0.30, 0.02, 0.04, 0.20, 0.66, 0.78});
    CHECK(provider[1][11].empty()); // NULL: the threshold is about pressure only
    CHECK(provider[1][12].empty());
    CHECK(head(provider[2]) == std::vector<std::string>{"1", "RGT", name, "2024/25", "cost"});
    check_reals(provider[2], 5, {1.0, 1.0, 1.0, 1.0, 1.0, 1.0});
    CHECK(head(provider[3]) == std::vector<std::string>{"1", "RGT", name, "2024/25", "pressure"});
    check_reals(provider[3], 5, {0.70, 0.22, 0.34, 0.80, 0.96, 0.98, 0.6});
    CHECK(provider[3][12] == "75");
    CHECK(head(provider[4]) ==
          std::vector<std::string>{"1", "RGT", name, "2024/25", "income_excl_drugs"});
    check_reals(provider[4], 5, {0.30, 0.02, 0.04, 0.20, 0.66, 0.78});

    // Variances −50, −40, −30, −20, 40: mean −20; p5 −50 + 0.2 × 10 = −48; p10 −46; p50 −30;
    // p90 −20 + 0.6 × 60 = 16; p95 −20 + 0.8 × 60 = 28.
    const auto icb = store.table(run, "icb_summary");
    REQUIRE(icb.size() == 2);
    CHECK(std::vector<std::string>(icb[1].begin(), icb[1].begin() + 5) ==
          std::vector<std::string>{"1", "QHG", "Bedfordshire, Luton and Milton Keynes", "2024/25",
                                   "variance"});
    check_reals(icb[1], 5, {-0.20, -0.48, -0.46, -0.30, 0.16, 0.28});

    // Twelve months × (income, pressure); only April had values, the other months are zero.
    const auto fan = store.table(run, "provider_fan");
    REQUIRE(fan.size() == 1 + 24);
    CHECK(std::vector<std::string>(fan[1].begin(), fan[1].begin() + 5) ==
          std::vector<std::string>{"1", "RGT", "2024/25", "1", "income"});
    check_reals(fan[1], 5, {0.30, 0.02, 0.04, 0.20, 0.66, 0.78});
    CHECK(std::vector<std::string>(fan[2].begin(), fan[2].begin() + 5) ==
          std::vector<std::string>{"1", "RGT", "2024/25", "1", "pressure"});
    check_reals(fan[2], 5, {0.70, 0.22, 0.34, 0.80, 0.96, 0.98});
    CHECK(std::vector<std::string>(fan[24].begin(), fan[24].begin() + 5) ==
          std::vector<std::string>{"1", "RGT", "2024/25", "12", "pressure"});
    check_reals(fan[24], 5, {0, 0, 0, 0, 0, 0});

    // A single replication's tables were not given, so none were stored.
    CHECK(store.table(run, "provider_month").size() == 1);
}

// ---- refusals and failures ------------------------------------------------------------------

TEST_CASE("RunStore: a table name that is not a result table is refused, naming the valid ones") {
    const TempDir dir;
    RunStore store(dir.path() / "specflow.db");
    (void)save_small_run(store);
    const std::string valid = "valid: provider_month, income_by_source, icb_month, nhse_month, "
                              "allocations, reconfigurations, flows, granular, "
                              "settlements, provider_summary, icb_summary, national_summary, "
                              "provider_fan, provider_exposure, tornado, "
                              "provider_forecast_summary, options_summary";
    CHECK_THROWS_WITH_AS(store.table(1, "runs"), ("no result table 'runs'; " + valid).c_str(),
                         StoreError);
    // The name goes into the SQL text, so anything but one of the names is refused first.
    CHECK_THROWS_WITH_AS(store.table(1, "provider_month; DROP TABLE runs"),
                         ("no result table 'provider_month; DROP TABLE runs'; " + valid).c_str(),
                         StoreError);
    CHECK_THROWS_AS(store.table(1, "schema_version"), StoreError);
    CHECK_THROWS_AS(store.table(1, "provider_year_pounds"), StoreError); // a view
    CHECK_THROWS_AS(store.table(1, "Provider_Month"), StoreError);
    CHECK_THROWS_AS(store.table(1, ""), StoreError);
    CHECK(store.runs().size() == 1);
}

TEST_CASE("RunStore: a save that fails part-way leaves no part of the run") {
    const TempDir dir;
    RunStore store(dir.path() / "specflow.db");
    // Flows are written last, after the run record and every other table.
    store.database().exec("CREATE TRIGGER refuse_flows BEFORE INSERT ON flows "
                          "BEGIN SELECT RAISE(ABORT, 'flows refused'); END");
    CHECK_THROWS_WITH_AS(save_small_run(store), doctest::Contains("specflow.db: flows refused"),
                         StoreError);
    CHECK(store.runs().empty());
    for (const auto& name : RunStore::tables()) {
        CAPTURE(name);
        CHECK(count_rows(store, name) == 0);
    }
    store.database().exec("DROP TRIGGER refuse_flows");
    CHECK(save_small_run(store) == 1);
    CHECK(count_rows(store, "provider_month") == 2);
}
