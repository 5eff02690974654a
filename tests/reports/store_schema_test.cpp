// Tests of the results store's schema (reports/store.hpp): a new store at the current version,
// the migrations of version-1 and version-2 stores keeping their runs, the refusal of a store
// newer than this program, of another application's database and of a store to read that does
// not exist; and the two helpers sha256_hex and scenario_text. The fixtures are
// store_test_support.hpp's.

#include "reports/store.hpp"
#include "store_test_support.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <cstdint>
#include <doctest/doctest.h>
#include <filesystem>
#include <string>
#include <vector>

namespace {
using namespace specflow::testing::store_fixtures;
} // namespace

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
