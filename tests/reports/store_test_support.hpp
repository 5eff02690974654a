#pragma once

// What the tests of the results store share (store_test.cpp, store_schema_test.cpp): a fresh
// temporary folder, a small scenario and a small run's tables, allocations, flows and record
// with amounts chosen to be told apart, and ways to read a store's rows and schema versions.

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

namespace specflow::testing::store_fixtures {

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

inline constexpr FinancialYear k_fy_2024{2024};

inline Money pence(std::int64_t value) {
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

inline void write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    REQUIRE_MESSAGE(out.good(), "cannot write ", path.string());
}

inline std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read ", path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Two ICBs in two regions (one ICB and the provider with a comma in their names), one
// provider, one lead-ICB arrangement and one risk pool: just what the store looks names up in.
inline entities::Scenario small_scenario() {
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

inline constexpr entities::IcbId k_blmk{0};
inline constexpr entities::IcbId k_nel{1};
inline constexpr entities::ProviderId k_rgt{0};

// 2^53 + 1 pence: the smallest whole number a double cannot hold, so that an amount that went
// through floating point anywhere on its way into or out of the store would come back wrong.
inline constexpr std::int64_t k_past_double_pence = 9'007'199'254'740'993;

// Observations as the engine would emit them, with amounts chosen to be told apart.
inline RunTables small_tables() {
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

inline std::vector<sim::YearAllocation> small_allocations() {
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

inline std::vector<FlowPlan> small_flows() {
    return {{.fy = "2024/25",
             .icb_code = "QMF",
             .provider_code = "RGT",
             .service_line_code = "S0",
             .planned_cases_milli = 12'345,
             .planned_value_pence = 456'789,
             .out_of_area = true}};
}

inline RunRecord small_record() {
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
inline std::int64_t save_small_run(RunStore& store) {
    const auto scenario = small_scenario();
    const auto tables = small_tables();
    const auto allocations = small_allocations();
    const auto flows = small_flows();
    return store.save(small_record(), scenario,
                      {.tables = &tables, .allocations = &allocations, .flows = &flows});
}

inline void check_record(const StoredRun& got, std::int64_t id, const RunRecord& want) {
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
inline void check_reals(const std::vector<std::string>& row, std::size_t first,
                        std::initializer_list<double> want) {
    REQUIRE(row.size() >= first + want.size());
    std::size_t column = first;
    for (const double value : want) {
        CHECK_MESSAGE(std::stod(row[column]) == doctest::Approx(value).epsilon(1e-12), "column ",
                      column, " is '", row[column], "'");
        ++column;
    }
}

inline std::int64_t count_rows(RunStore& store, const std::string& table) {
    SQLite::Statement count(store.database(), "SELECT COUNT(*) FROM " + table);
    REQUIRE(count.executeStep());
    return count.getColumn(0).getInt64();
}

inline std::vector<std::int64_t> schema_versions(RunStore& store) {
    SQLite::Statement read(store.database(), "SELECT version FROM schema_version ORDER BY rowid");
    std::vector<std::int64_t> versions;
    while (read.executeStep()) {
        versions.push_back(read.getColumn(0).getInt64());
    }
    return versions;
}

// A store as version 1 of the schema left it, with one run (tests/tools/store_v1.sql).
inline void make_version_1_store(const fs::path& path) {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(read_file(fs::path(SPECFLOW_SOURCE_DIR) / "tests/tools/store_v1.sql"));
}

} // namespace specflow::testing::store_fixtures
