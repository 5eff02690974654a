#include "reports/store.hpp"

#include "reports/store_granular.hpp"
#include "reports/store_national.hpp"
#include "reports/store_open.hpp"
#include "reports/store_options.hpp"
#include "reports/store_rows.hpp"
#include "reports/store_stress.hpp"
#include "reports/stress.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <fstream>
#include <openssl/evp.h>
#include <optional>
#include <sstream>

namespace specflow::reports {

namespace {

// Version 1 of the schema. Amounts are INTEGER pence (exact); the *_pounds views divide by 100.
constexpr const char* k_schema_v1 = R"sql(
CREATE TABLE runs (
    run_id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    scenario_name TEXT NOT NULL,
    scenario_title TEXT NOT NULL,
    scenario_hash TEXT NOT NULL,
    scenario_text TEXT NOT NULL,
    seed INTEGER NOT NULL,
    replications INTEGER NOT NULL,
    replication INTEGER NOT NULL,
    years INTEGER NOT NULL,
    program_version TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE TABLE provider_month (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), provider_code TEXT NOT NULL,
    provider_name TEXT NOT NULL, fy TEXT NOT NULL, month INTEGER NOT NULL,
    income INTEGER NOT NULL, cost INTEGER NOT NULL, pressure INTEGER NOT NULL,
    unfunded_activity INTEGER NOT NULL);
CREATE TABLE income_by_source (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), provider_code TEXT NOT NULL,
    fy TEXT NOT NULL, month INTEGER NOT NULL, payer_code TEXT NOT NULL,
    payer_name TEXT NOT NULL, contract_kind TEXT NOT NULL, amount INTEGER NOT NULL);
CREATE TABLE icb_month (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), icb_code TEXT NOT NULL, icb_name TEXT NOT NULL,
    fy TEXT NOT NULL, month INTEGER NOT NULL, budget INTEGER NOT NULL, spend INTEGER NOT NULL,
    variance INTEGER NOT NULL, held_by_icb INTEGER NOT NULL, risk_pool INTEGER NOT NULL,
    local_investment INTEGER NOT NULL, reserve INTEGER NOT NULL, released INTEGER NOT NULL);
CREATE TABLE allocations (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), fy TEXT NOT NULL, icb_code TEXT NOT NULL,
    icb_name TEXT NOT NULL, region TEXT NOT NULL, status TEXT NOT NULL, baseline INTEGER NOT NULL,
    target INTEGER NOT NULL, dft_before_pct REAL NOT NULL, dft_after_pct REAL NOT NULL,
    growth_pct REAL NOT NULL, allocation INTEGER NOT NULL, hcdd INTEGER NOT NULL,
    delegated INTEGER NOT NULL, retained INTEGER NOT NULL);
CREATE TABLE flows (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), fy TEXT NOT NULL, icb_code TEXT NOT NULL,
    provider_code TEXT NOT NULL, service_line_code TEXT NOT NULL,
    planned_cases REAL NOT NULL, planned_value INTEGER NOT NULL, out_of_area INTEGER NOT NULL);
CREATE TABLE settlements (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), kind TEXT NOT NULL, arrangement TEXT NOT NULL,
    fy TEXT NOT NULL, month INTEGER NOT NULL, icb_code TEXT NOT NULL, amount INTEGER NOT NULL,
    withheld INTEGER NOT NULL, outstanding INTEGER NOT NULL);
CREATE TABLE provider_summary (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), provider_code TEXT NOT NULL,
    provider_name TEXT NOT NULL, fy TEXT NOT NULL, measure TEXT NOT NULL, mean REAL NOT NULL,
    p5 REAL NOT NULL, p10 REAL NOT NULL, p50 REAL NOT NULL, p90 REAL NOT NULL, p95 REAL NOT NULL,
    probability_above REAL, threshold INTEGER);
CREATE TABLE icb_summary (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), icb_code TEXT NOT NULL, icb_name TEXT NOT NULL,
    fy TEXT NOT NULL, measure TEXT NOT NULL, mean REAL NOT NULL, p5 REAL NOT NULL, p10 REAL NOT NULL,
    p50 REAL NOT NULL, p90 REAL NOT NULL, p95 REAL NOT NULL);
CREATE TABLE provider_fan (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), provider_code TEXT NOT NULL, fy TEXT NOT NULL,
    month INTEGER NOT NULL, measure TEXT NOT NULL, mean REAL NOT NULL, p5 REAL NOT NULL,
    p10 REAL NOT NULL, p50 REAL NOT NULL, p90 REAL NOT NULL, p95 REAL NOT NULL);
CREATE INDEX provider_month_run ON provider_month(run_id, provider_code);
CREATE INDEX icb_month_run ON icb_month(run_id, icb_code);
CREATE INDEX income_by_source_run ON income_by_source(run_id, provider_code);
CREATE INDEX provider_summary_run ON provider_summary(run_id, provider_code);
CREATE VIEW provider_year_pounds AS
    SELECT run_id, provider_code, provider_name, fy, SUM(income) / 100.0 AS income,
           SUM(cost) / 100.0 AS cost, SUM(pressure) / 100.0 AS pressure
    FROM provider_month GROUP BY run_id, provider_code, fy;
CREATE VIEW icb_year_pounds AS
    SELECT run_id, icb_code, icb_name, fy, SUM(budget) / 100.0 AS budget,
           SUM(spend) / 100.0 AS spend, SUM(variance) / 100.0 AS variance
    FROM icb_month GROUP BY run_id, icb_code, fy;
)sql";

// Version 2: the scenario's question, for reports.
constexpr const char* k_schema_v2 = R"sql(
ALTER TABLE runs ADD COLUMN scenario_question TEXT NOT NULL DEFAULT '';
)sql";

// Version 3: forecast outturns from the forecast month (NULL before it).
constexpr const char* k_schema_v3 = R"sql(
ALTER TABLE icb_month ADD COLUMN forecast_spend INTEGER;
ALTER TABLE icb_month ADD COLUMN forecast_variance INTEGER;
ALTER TABLE provider_month ADD COLUMN forecast_income INTEGER;
ALTER TABLE provider_month ADD COLUMN forecast_cost INTEGER;
ALTER TABLE provider_month ADD COLUMN forecast_pressure INTEGER;
CREATE TABLE nhse_month (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), fy TEXT NOT NULL, month INTEGER NOT NULL,
    budget_holder TEXT NOT NULL, budget INTEGER NOT NULL, spend INTEGER NOT NULL,
    variance INTEGER NOT NULL);
)sql";

// Version 4: what each old ICB carries into each new one at a reconfiguration.
constexpr const char* k_schema_v4 = R"sql(
CREATE TABLE reconfigurations (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), fy TEXT NOT NULL,
    old_icb_code TEXT NOT NULL, old_icb_name TEXT NOT NULL, new_icb_code TEXT NOT NULL,
    new_icb_name TEXT NOT NULL, population_share REAL NOT NULL,
    allocation_carried INTEGER NOT NULL, contract_value_carried INTEGER NOT NULL,
    expected_cases_carried REAL NOT NULL);
)sql";

const std::vector<std::string> k_tables{
    "provider_month", "income_by_source",  "icb_month",   "nhse_month",
    "allocations",    "reconfigurations",  "flows",       "granular",
    "settlements",    "provider_summary",  "icb_summary", "national_summary",
    "provider_fan",   "provider_exposure", "tornado",     "provider_forecast_summary",
    "options_summary"};

} // namespace

RunStore::RunStore(const std::filesystem::path& path, StoreAccess access)
    : db_(open_store_database(path, access)) {
    try {
        migrate();
    } catch (const SQLite::Exception& error) {
        throw StoreError(fmt::format("results store {}: {}", path.string(),
                                     store_failure(error.getErrorCode(), error.what())));
    }
}

RunStore::~RunStore() = default;

// Brings the database to k_schema_version, one migration at a time, each in a transaction.
void RunStore::migrate() {
    db_->exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    SQLite::Statement read(*db_, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
    read.executeStep();
    const int version = read.getColumn(0).getInt();
    if (version > k_schema_version) {
        throw StoreError(
            fmt::format("the results store has schema version {}, newer than this specflow's {}; "
                        "valid: a store written by this version or an older one",
                        version, k_schema_version));
    }
    const std::array<const char*, k_schema_version> migrations{
        k_schema_v1,        k_schema_v2,         k_schema_v3,          k_schema_v4,
        k_schema_v5_stress, k_schema_v6_options, k_schema_v7_granular, k_schema_v8_national};
    for (int to = version + 1; to <= k_schema_version; ++to) {
        SQLite::Transaction transaction(*db_);
        db_->exec(migrations[static_cast<std::size_t>(to - 1)]);
        db_->exec(fmt::format("INSERT INTO schema_version VALUES ({})", to));
        transaction.commit();
    }
}

std::int64_t RunStore::save(const RunRecord& record, const entities::Scenario& scenario,
                            const RunResults& results) {
    return save_all(std::array{RunToSave{&record, &scenario, results}}).front();
}

std::vector<std::int64_t> RunStore::save_all(std::span<const RunToSave> runs) {
    try {
        SQLite::Transaction transaction(*db_);
        std::vector<std::int64_t> ids;
        for (const auto& run : runs) {
            ids.push_back(
                insert_run(*run.record, *run.scenario, run.results, ids.empty() ? 0 : ids.front()));
        }
        transaction.commit();
        return ids;
    } catch (const SQLite::Exception& error) {
        throw StoreError(fmt::format("cannot save the run in the results store {}: {}",
                                     db_->getFilename(),
                                     store_failure(error.getErrorCode(), error.what())));
    }
}

// One run's rows, inside the caller's transaction; `option_set` 0: the run's own id.
std::int64_t RunStore::insert_run(const RunRecord& r, const entities::Scenario& scenario,
                                  const RunResults& results, std::int64_t option_set) {
    {
        SQLite::Statement insert(
            *db_, "INSERT INTO runs (command, scenario_name, scenario_title, scenario_hash, "
                  "scenario_text, seed, replications, replication, years, program_version, "
                  "started_at, finished_at, scenario_question, kind, provider_code, status) "
                  "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'complete')");
        insert.bind(1, r.command);
        insert.bind(2, r.scenario_name);
        insert.bind(3, r.scenario_title);
        insert.bind(4, r.scenario_hash);
        insert.bind(5, r.scenario_text);
        insert.bind(6, static_cast<std::int64_t>(r.seed));
        insert.bind(7, static_cast<std::int64_t>(r.replications));
        insert.bind(8, static_cast<std::int64_t>(r.replication));
        insert.bind(9, r.years);
        insert.bind(10, r.program_version);
        insert.bind(11, r.started_at);
        insert.bind(12, r.finished_at);
        insert.bind(13, r.scenario_question);
        insert.bind(14, r.kind);
        if (r.provider_code.empty()) {
            insert.bind(15);
        } else {
            insert.bind(15, r.provider_code);
        }
        insert.exec();
        const auto run = db_->getLastInsertRowid();
        if (results.tables != nullptr) {
            insert_tables(*db_, run, scenario, *results.tables);
        }
        if (results.summary != nullptr) {
            insert_summary(*db_, run, scenario, *results.summary);
            insert_national_summary(*db_, run, *results.summary);
        }
        if (results.allocations != nullptr) {
            insert_allocations(*db_, run, scenario, *results.allocations);
        }
        if (results.granular != nullptr) {
            insert_granular(*db_, run, *results.granular);
        }
        if (results.flows != nullptr) {
            insert_flows(*db_, run, *results.flows);
        }
        if (results.reconfigurations != nullptr) {
            insert_reconfigurations(*db_, run, scenario, *results.reconfigurations);
        }
        if (results.stress != nullptr) {
            insert_stress(*db_, run, scenario, *results.stress);
        }
        if (results.option != nullptr) {
            insert_option(*db_, run, option_set == 0 ? run : option_set, *results.option);
        }
        return run;
    }
}

namespace {
StoredRun read_run(SQLite::Statement& st) {
    StoredRun run;
    run.id = st.getColumn(0).getInt64();
    run.record.command = st.getColumn(1).getString();
    run.record.scenario_name = st.getColumn(2).getString();
    run.record.scenario_title = st.getColumn(3).getString();
    run.record.scenario_hash = st.getColumn(4).getString();
    run.record.seed = static_cast<std::uint32_t>(st.getColumn(5).getInt64());
    run.record.replications = static_cast<std::uint32_t>(st.getColumn(6).getInt64());
    run.record.replication = static_cast<std::uint32_t>(st.getColumn(7).getInt64());
    run.record.years = st.getColumn(8).getInt();
    run.record.program_version = st.getColumn(9).getString();
    run.record.started_at = st.getColumn(10).getString();
    run.record.finished_at = st.getColumn(11).getString();
    run.status = st.getColumn(12).getString();
    run.record.scenario_text = st.getColumn(13).getString();
    run.record.scenario_question = st.getColumn(14).getString();
    run.record.kind = st.getColumn(15).getString();
    run.record.provider_code = st.getColumn(16).isNull() ? "" : st.getColumn(16).getString();
    return run;
}
constexpr const char* k_run_columns =
    "SELECT run_id, command, scenario_name, scenario_title, "
    "scenario_hash, seed, replications, replication, "
    "years, program_version, started_at, finished_at, status, "
    "scenario_text, scenario_question, kind, provider_code FROM runs";
} // namespace

std::vector<StoredRun> RunStore::runs() {
    SQLite::Statement st(*db_, std::string(k_run_columns) + " ORDER BY run_id");
    std::vector<StoredRun> result;
    while (st.executeStep()) {
        result.push_back(read_run(st));
    }
    return result;
}

StoredRun RunStore::existing_run(std::int64_t id) {
    auto found = run(id);
    if (!found) {
        throw StoreError(
            fmt::format("no run {} in the store; valid: a run id that `specflow runs` lists", id));
    }
    return std::move(*found);
}

std::optional<StoredRun> RunStore::run(std::int64_t id) {
    SQLite::Statement st(*db_, std::string(k_run_columns) + " WHERE run_id = ?");
    st.bind(1, id);
    if (!st.executeStep()) {
        return std::nullopt;
    }
    return read_run(st);
}

const std::vector<std::string>& RunStore::tables() {
    return k_tables;
}

std::vector<std::string> RunStore::tables_of(std::int64_t run) {
    std::vector<std::string> found;
    for (const auto& name : k_tables) {
        // The name is one of ours, so it may go into the SQL text.
        SQLite::Statement st(*db_, "SELECT 1 FROM " + name + " WHERE run_id = ? LIMIT 1");
        st.bind(1, run);
        if (st.executeStep()) {
            found.push_back(name);
        }
    }
    return found;
}

std::vector<std::vector<std::string>> RunStore::table(std::int64_t run, const std::string& name) {
    if (std::find(k_tables.begin(), k_tables.end(), name) == k_tables.end()) {
        std::string valid;
        for (const auto& table : k_tables) {
            valid += (valid.empty() ? "" : ", ") + table;
        }
        throw StoreError(fmt::format("no result table '{}'; valid: {}", name, valid));
    }
    // The name is one of ours (checked above), so it may go into the SQL text.
    SQLite::Statement st(*db_, "SELECT * FROM " + name + " WHERE run_id = ? ORDER BY rowid");
    st.bind(1, run);
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header;
    for (int c = 0; c < st.getColumnCount(); ++c) {
        header.emplace_back(st.getColumnName(c));
    }
    rows.push_back(header);
    while (st.executeStep()) {
        std::vector<std::string> row;
        for (int c = 0; c < st.getColumnCount(); ++c) {
            const auto column = st.getColumn(c);
            // A real number in the fewest digits that read back as the same double (SQLite's
            // own text keeps 15 and may turn 213868.0049999999 into 213868.005).
            row.push_back(column.isNull()    ? std::string{}
                          : column.isFloat() ? fmt::format("{}", column.getDouble())
                                             : column.getString());
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string sha256_hex(const std::string& text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
        throw StoreError("SHA-256 failed");
    }
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex += fmt::format("{:02x}", digest[i]);
    }
    return hex;
}

std::string scenario_text(const std::vector<std::filesystem::path>& files) {
    std::string text;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream content;
        content << in.rdbuf();
        text += "=== " + file.filename().string() + " ===\n" + content.str();
        if (!text.empty() && text.back() != '\n') {
            text += '\n';
        }
    }
    return text;
}

} // namespace specflow::reports
