// Tests of the results store (reports/store.hpp): runs saved into a store in a temporary folder
// and read back with exact pence, names and run records; run ids; the table-name check; a save
// that fails part-way; the schema migrations; and the two helpers sha256_hex and scenario_text.
// Longer than ~600 lines on purpose: one test file per source file, and the store is the one
// place a run is kept, so each of its promises is checked here.

#include "reports/store.hpp"
#include "sim/runners/flow_plans.hpp"
#include "tests/support/scenario_builder.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <cstdint>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <unistd.h>
#include <vector>

// Rows print as {"a", "b"} in a failed check, rather than as {?}.
namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
    static String convert(const std::vector<std::string>& row) {
        std::string text = "{";
        for (const auto& cell : row) {
            text += (text.size() == 1 ? "\"" : ", \"") + cell + "\"";
        }
        return (text + "}").c_str();
    }
};
template <>
struct StringMaker<std::vector<std::vector<std::string>>> {
    static String convert(const std::vector<std::vector<std::string>>& rows) {
        String text = "{";
        for (const auto& row : rows) {
            text += StringMaker<std::vector<std::string>>::convert(row) + "\n";
        }
        return text + "}";
    }
};
} // namespace doctest

namespace {

namespace fs = std::filesystem;
namespace entities = specflow::entities;
namespace sim = specflow::sim;
using entities::FinancialYear;
using entities::Money;
using specflow::reports::RunRecord;
using specflow::reports::RunStore;
using specflow::reports::RunTables;
using specflow::reports::StoredRun;
using specflow::reports::StoreError;
using specflow::reports::SummarySink;
using specflow::sim::FlowPlan;
using specflow::testing::payer_icb;
using specflow::testing::payer_nhse;
using Rows = std::vector<std::vector<std::string>>;

constexpr FinancialYear k_fy_2024{2024};

Money pence(std::int64_t value) {
    return Money::from_pence(value);
}

// A fresh temporary folder, removed afterwards.
class TempDir {
public:
    TempDir() {
        static int counter = 0;
        path_ = fs::temp_directory_path() / ("specflow-store-test-" + std::to_string(::getpid()) +
                                             "-" + std::to_string(++counter));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    TempDir(const TempDir&) = delete; // each owns its folder
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    [[nodiscard]] const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

void write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    REQUIRE_MESSAGE(out.good(), "cannot write ", path.string());
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read ", path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Two ICBs in two regions (one ICB and the provider with a comma in their names), one
// provider, one lead-ICB arrangement and one risk pool: just what the store looks names up in.
entities::Scenario small_scenario() {
    specflow::testing::ScenarioBuilder b;
    const auto east = b.region("East of England");
    const auto london = b.region("London");
    const auto blmk = b.icb("Bedfordshire, Luton and Milton Keynes", east, Money{});
    const auto nel = b.icb("North East London", london, Money{});
    (void)b.provider("Cambridge University Hospitals, Addenbrooke's", blmk);
    auto& s = b.scenario();
    s.icbs[blmk.index()].code = "QHG";
    s.icbs[nel.index()].code = "QMF";
    s.providers[0].code = "RGT";
    entities::LeadArrangement lead;
    lead.code = "LEAD-EAST";
    lead.host = blmk;
    lead.participants = {blmk, nel};
    s.lead_arrangements.push_back(lead);
    entities::RiskPool pool;
    pool.code = "POOL-1";
    pool.members = {blmk, nel};
    s.risk_pools.push_back(pool);
    return s;
}

constexpr entities::IcbId k_blmk{0};
constexpr entities::IcbId k_nel{1};
constexpr entities::ProviderId k_rgt{0};

// 2^53 + 1 pence: the smallest whole number a double cannot hold, so that an amount that went
// through floating point anywhere on its way into or out of the store would come back wrong.
constexpr std::int64_t k_past_double_pence = 9'007'199'254'740'993;

// Observations as the engine would emit them, with amounts chosen to be told apart.
RunTables small_tables() {
    RunTables t;
    // Pressure = cost − income: 123,456 − 9,007,199,254,740,993 = −9,007,199,254,617,537.
    t.provider_months.push_back({.month = {k_fy_2024, 1},
                                 .provider = k_rgt,
                                 .income = pence(k_past_double_pence),
                                 .cost = pence(123'456),
                                 .pressure = pence(-9'007'199'254'617'537),
                                 .unfunded_activity = pence(0),
                                 .forecast = std::nullopt}); // before the forecast month
    t.provider_months.push_back(
        {.month = {k_fy_2024, 12},
         .provider = k_rgt,
         .income = pence(10'000),
         .cost = pence(15'001),
         .pressure = pence(5'001),
         .unfunded_activity = pence(7),
         .forecast = sim::ProviderForecast{
             .income = pence(120'000), .cost = pence(k_past_double_pence), .pressure = pence(-3)}});
    t.incomes.push_back({.month = {k_fy_2024, 1},
                         .provider = k_rgt,
                         .payer = payer_icb(k_nel),
                         .kind = entities::ContractKind::api,
                         .amount = pence(432'100)});
    t.incomes.push_back({.month = {k_fy_2024, 1},
                         .provider = k_rgt,
                         .payer = payer_nhse(),
                         .kind = entities::ContractKind::lva,
                         .amount = pence(-99)});
    t.icb_months.push_back(
        {.month = {k_fy_2024, 12},
         .icb = k_nel,
         .budget = pence(100'000'000),
         .spend = pence(100'000'001),
         .variance = pence(-1),
         .held_by_icb = true,
         .risk_pool = pence(-500),
         .local_investment = pence(3),
         .reserve = pence(0),
         .released = pence(2),
         .forecast = sim::IcbForecast{.spend = pence(1'200'000'001), .variance = pence(-11)}});
    t.recharges.push_back({.month = {k_fy_2024, 3},
                           .arrangement = specflow::entities::ArrangementId(0),
                           .participant = k_nel,
                           .host_paid = pence(1'000'000),
                           .due = pence(300'000),
                           .paid = pence(250'000),
                           .withheld = pence(50'000),
                           .outstanding = pence(50'001)});
    t.pool_settlements.push_back({.month = {k_fy_2024, 12},
                                  .pool = specflow::entities::PoolId(0),
                                  .member = k_blmk,
                                  .variance = pence(-7),
                                  .transfer = pence(-123'456)});
    return t;
}

std::vector<sim::YearAllocation> small_allocations() {
    sim::IcbAllocation blmk;
    blmk.icb = k_blmk;
    blmk.baseline = pence(100'000);
    blmk.target = pence(200'000);
    blmk.dft_before = -0.025;
    blmk.dft_after = -0.0125;
    blmk.growth = 0.031;
    blmk.allocation = pence(103'100);
    blmk.parts.hcdd = pence(1'000);
    blmk.delegated = pence(90'000);
    blmk.parts.retained_lines = pence(12'100); // NHS England keeps them: retained
    blmk.retained = pence(12'100);
    blmk.status = entities::DelegationStatus::delegated;
    sim::IcbAllocation nel;
    nel.icb = k_nel;
    nel.allocation = pence(k_past_double_pence);
    nel.status = entities::DelegationStatus::retained;
    sim::YearAllocation year;
    year.icbs = {blmk, nel};
    return {year};
}

std::vector<FlowPlan> small_flows() {
    return {{.fy = "2024/25",
             .icb_code = "QMF",
             .provider_code = "RGT",
             .service_line_code = "S0",
             .planned_cases_milli = 12'345,
             .planned_value_pence = 456'789,
             .out_of_area = true}};
}

RunRecord small_record() {
    const std::string text = "=== scenario.toml ===\nname = \"small\"\n";
    return {.command = "specflow run --scenario \"small, with a comma\" --replication 1",
            .scenario_name = "small",
            .scenario_title = "Small, with a comma",
            .scenario_question = "Who pays, and when?",
            .scenario_text = text,
            .scenario_hash = specflow::reports::sha256_hex(text),
            .seed = 4'294'967'295, // the largest seed: it must not come back negative
            .replications = 0,
            .replication = 1,
            .years = 3,
            .program_version = "0.1.0",
            .started_at = "2026-11-30T09:00:00Z",
            .finished_at = "2026-11-30T09:00:02Z"};
}

// Saves the small single-replication run: its tables, allocations and flows.
std::int64_t save_small_run(RunStore& store) {
    const auto scenario = small_scenario();
    const auto tables = small_tables();
    const auto allocations = small_allocations();
    const auto flows = small_flows();
    return store.save(small_record(), scenario,
                      {.tables = &tables, .allocations = &allocations, .flows = &flows});
}

void check_record(const StoredRun& got, std::int64_t id, const RunRecord& want) {
    CHECK(got.id == id);
    CHECK(got.status == "complete");
    CHECK(got.record.command == want.command);
    CHECK(got.record.scenario_name == want.scenario_name);
    CHECK(got.record.scenario_title == want.scenario_title);
    CHECK(got.record.scenario_question == want.scenario_question);
    CHECK(got.record.scenario_text == want.scenario_text);
    CHECK(got.record.scenario_hash == want.scenario_hash);
    CHECK(got.record.seed == want.seed);
    CHECK(got.record.replications == want.replications);
    CHECK(got.record.replication == want.replication);
    CHECK(got.record.years == want.years);
    CHECK(got.record.program_version == want.program_version);
    CHECK(got.record.started_at == want.started_at);
    CHECK(got.record.finished_at == want.finished_at);
}

// Columns [first, first + want.size()) of a row, which the store keeps as REAL: compared as
// numbers, since how SQLite writes a double as text differs between its versions.
void check_reals(const std::vector<std::string>& row, std::size_t first,
                 std::initializer_list<double> want) {
    REQUIRE(row.size() >= first + want.size());
    std::size_t column = first;
    for (const double value : want) {
        CHECK_MESSAGE(std::stod(row[column]) == doctest::Approx(value).epsilon(1e-12), "column ",
                      column, " is '", row[column], "'");
        ++column;
    }
}

std::int64_t count_rows(RunStore& store, const std::string& table) {
    SQLite::Statement count(store.database(), "SELECT COUNT(*) FROM " + table);
    REQUIRE(count.executeStep());
    return count.getColumn(0).getInt64();
}

std::vector<std::int64_t> schema_versions(RunStore& store) {
    SQLite::Statement read(store.database(), "SELECT version FROM schema_version ORDER BY rowid");
    std::vector<std::int64_t> versions;
    while (read.executeStep()) {
        versions.push_back(read.getColumn(0).getInt64());
    }
    return versions;
}

// A store as version 1 of the schema left it, with one run (tests/tools/store_v1.sql).
void make_version_1_store(const fs::path& path) {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(read_file(fs::path(SPECFLOW_SOURCE_DIR) / "tests/tools/store_v1.sql"));
}

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
    // Year slots: income, cost, pressure (provider 0), then the ICB's variance, outturn after
    // the pool, pool transfers, recharges and host exposure (the last three always zero here, so
    // not stored), then England's eight (the HCDD and direct budgets' variances, the routes'
    // payments).
    layout.years = {{0, 100},  {100, 200}, {10, 110}, {-50, 50}, {-50, 50}, {-50, 50},
                    {-50, 50}, {-50, 50},  {-50, 50}, {-50, 50}, {-50, 50}, {0, 100},
                    {0, 100},  {0, 100},   {0, 100},  {0, 100}};
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
    REQUIRE(provider.size() == 4);
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

// ---- schema versions ------------------------------------------------------------------------

TEST_CASE("RunStore: a new store is at the current schema version, reopening migrates nothing") {
    const TempDir dir;
    const auto path = dir.path() / "specflow.db";
    {
        RunStore store(path);
        CHECK(RunStore::k_schema_version == 8);
        CHECK(schema_versions(store) == std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8});
        (void)save_small_run(store);
    }
    RunStore store(path);
    CHECK(schema_versions(store) == std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8});
    REQUIRE(store.runs().size() == 1);
    check_record(store.runs()[0], 1, small_record());
}

TEST_CASE("RunStore: a version-1 store is migrated when opened, keeping its run, then adds runs") {
    const TempDir dir;
    const auto path = dir.path() / "old.db";
    make_version_1_store(path);

    RunStore store(path);
    CHECK(schema_versions(store) == std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8});
    const auto runs = store.runs();
    REQUIRE(runs.size() == 1);
    // The row store_v1.sql inserts; the column version 2 added reads as empty.
    const RunRecord old{.command = "specflow run",
                        .scenario_name = "old",
                        .scenario_title = "An old run",
                        .scenario_question = "",
                        .scenario_text = "",
                        .scenario_hash = "abc",
                        .seed = 7,
                        .replications = 0,
                        .replication = 1,
                        .years = 1,
                        .program_version = "0.1.0",
                        .started_at = "2026-11-01T00:00:00Z",
                        .finished_at = "2026-11-01T00:00:01Z"};
    check_record(runs[0], 1, old);
    // Version 5 reads every run stored before it as a run of `specflow run`.
    CHECK(runs[0].record.kind == "run");
    CHECK(runs[0].record.provider_code.empty());

    CHECK(save_small_run(store) == 2);
    const auto added = store.run(2);
    REQUIRE(added.has_value());
    check_record(*added, 2, small_record());
    CHECK(store.table(2, "provider_month").size() == 3);
}

TEST_CASE("RunStore: a version-2 store gains the forecast columns, NULL in its old rows") {
    const TempDir dir;
    const auto path = dir.path() / "v2.db";
    make_version_1_store(path);
    {
        // Version 2 as it was released, with a month of the old run in each monthly table.
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
        db.exec("ALTER TABLE runs ADD COLUMN scenario_question TEXT NOT NULL DEFAULT '';"
                "INSERT INTO schema_version VALUES (2);"
                "INSERT INTO provider_month VALUES (1, 'RGT', 'Trust', '2024/25', 9, 5, 7, 2, 0);"
                "INSERT INTO icb_month VALUES (1, 'QMF', 'ICB', '2024/25', 9, 10, 4, 6, 1, 0, 0, "
                "0, 0);");
    }
    RunStore store(path);
    CHECK(schema_versions(store) == std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8});
    CHECK(store.table(1, "provider_month") ==
          Rows{{"run_id", "provider_code", "provider_name", "fy", "month", "income", "cost",
                "pressure", "unfunded_activity", "forecast_income", "forecast_cost",
                "forecast_pressure"},
               {"1", "RGT", "Trust", "2024/25", "9", "5", "7", "2", "0", "", "", ""}});
    CHECK(
        store.table(1, "icb_month") ==
        Rows{{"run_id", "icb_code", "icb_name", "fy", "month", "budget", "spend", "variance",
              "held_by_icb", "risk_pool", "local_investment", "reserve", "released",
              "forecast_spend", "forecast_variance"},
             {"1", "QMF", "ICB", "2024/25", "9", "10", "4", "6", "1", "0", "0", "0", "0", "", ""}});
    CHECK(store.database()
              .execAndGet("SELECT COUNT(*) FROM icb_month WHERE forecast_spend IS NULL")
              .getInt() == 1);
    // A new run writes its forecasts into the migrated tables.
    CHECK(save_small_run(store) == 2);
    CHECK(store.table(2, "icb_month")[1].back() == "-11");
    CHECK(store.table(2, "provider_month")[2].back() == "-3");
}

TEST_CASE("RunStore: a store newer than this program is refused and left as it was") {
    const TempDir dir;
    const auto path = dir.path() / "new.db";
    {
        RunStore store(path);
        store.database().exec("INSERT INTO schema_version VALUES (9)");
    }
    CHECK_THROWS_WITH_AS(RunStore{path},
                         "the results store has schema version 9, newer than this specflow's 8; "
                         "valid: a store written by this version or an older one",
                         StoreError);
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT COUNT(*) FROM schema_version").getInt() == 9);
}

TEST_CASE("RunStore: another application's SQLite database is refused and not given tables") {
    const TempDir dir;
    const auto path = dir.path() / "theirs.db";
    {
        SQLite::Database theirs(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        theirs.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
    }
    CHECK_THROWS_WITH_AS(RunStore{path},
                         doctest::Contains("an SQLite database of another "
                                           "application (it holds customers)"),
                         StoreError);
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT COUNT(*) FROM sqlite_master").getInt() == 1);
}

TEST_CASE("RunStore: a store to read that does not exist is refused and not made") {
    const TempDir dir;
    const auto path = dir.path() / "none.db";
    CHECK_THROWS_AS(RunStore(path, specflow::reports::StoreAccess::read), StoreError);
    CHECK_FALSE(std::filesystem::exists(path));
}

// ---- sha256_hex and scenario_text -----------------------------------------------------------

TEST_CASE("sha256_hex gives the published SHA-256 digests (FIPS 180-2 examples)") {
    using specflow::reports::sha256_hex;
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1'000'000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("scenario_text: each file under a '=== name ===' line, in order, ending in a newline") {
    const TempDir dir;
    write_file(dir.path() / "scenario.toml", "[scenario]\nname = \"small\"\n");
    // No newline at the end: one is added so that the next header starts a line.
    write_file(dir.path() / "icbs.csv",
               "icb_code,name\nQHG,\"Bedfordshire, Luton and Milton Keynes\"");
    write_file(dir.path() / "empty.csv", "");
    using specflow::reports::scenario_text;
    CHECK(scenario_text(
              {dir.path() / "scenario.toml", dir.path() / "icbs.csv", dir.path() / "empty.csv"}) ==
          "=== scenario.toml ===\n"
          "[scenario]\nname = \"small\"\n"
          "=== icbs.csv ===\n"
          "icb_code,name\nQHG,\"Bedfordshire, Luton and Milton Keynes\"\n"
          "=== empty.csv ===\n");
    // The order given is the order written; only the file's name, not its folder, is shown.
    CHECK(scenario_text({dir.path() / "empty.csv", dir.path() / "scenario.toml"}) ==
          "=== empty.csv ===\n=== scenario.toml ===\n[scenario]\nname = \"small\"\n");
    CHECK(scenario_text({}).empty());
}
