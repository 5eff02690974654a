#pragma once

#include "entities/scenario.hpp"
#include "reports/granular.hpp"
#include "reports/monte_carlo_summary.hpp"
#include "reports/reconfiguration_report.hpp"
#include "reports/run_tables.hpp"
#include "sim/runners/allocation_plan.hpp"
#include "sim/runners/flow_plans.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace specflow::reports {

struct StressResults;
struct OptionSummary;

class StoreError : public std::runtime_error {
public:
    explicit StoreError(const std::string& what) : std::runtime_error(what) {}
};

// What a command does with the store: `write` makes it when it does not exist and refuses one it
// cannot write; `read` opens only a store that exists (and never makes one).
enum class StoreAccess { write, read };

// What identifies a run and how it was asked for.
struct RunRecord {
    std::string command; // the command line, for the record
    std::string scenario_name;
    std::string scenario_title;
    std::string scenario_question;
    std::string scenario_text; // the TOML file and every table it names, concatenated
    std::string scenario_hash; // SHA-256 of scenario_text, hex
    std::uint32_t seed = 0;
    std::uint32_t replications = 0; // 0: a single replication (`replication`)
    std::uint32_t replication = 0;
    int years = 1;
    std::string program_version;
    std::string started_at; // ISO 8601 UTC
    std::string finished_at;
    std::string kind = "run";       // what made it: "run", or "stress" of one provider
    std::string provider_code = {}; // a stress run's provider; empty otherwise
};

// The results of a run; what is absent is not stored.
struct RunResults {
    const RunTables* tables = nullptr;    // a single replication
    const SummarySink* summary = nullptr; // a Monte Carlo run
    const std::vector<sim::YearAllocation>* allocations = nullptr;
    const std::vector<sim::FlowPlan>* flows = nullptr;
    const std::vector<GranularRow>* granular = nullptr; // each ICB × line against fair share
    const std::vector<ReconfigurationRow>* reconfigurations = nullptr;
    const StressResults* stress = nullptr; // `specflow stress`: exposure, forecast, tornado
    const OptionSummary* option = nullptr; // `specflow options`: this option's figures
};

// One run of several saved together (RunStore::save_all).
struct RunToSave {
    const RunRecord* record = nullptr;
    const entities::Scenario* scenario = nullptr;
    RunResults results;
};

struct StoredRun {
    std::int64_t id = 0;
    RunRecord record;
    std::string status;
};

// The results store: one SQLite database (WAL mode) holding every run, with a schema-version
// table and migrations (docs/store.md documents the schema). A run is written in one
// transaction, so a writer killed part-way leaves no partial run. Opening refuses, with a
// StoreError, what is not a specflow store: a folder, a file that is not SQLite, another
// application's database (it is never given specflow's tables), a store of a newer schema, and
// for `write` one that cannot be written. A writer waits for another up to
// SPECFLOW_STORE_BUSY_TIMEOUT_MS milliseconds (default 30 s).
class RunStore {
public:
    explicit RunStore(const std::filesystem::path& path, StoreAccess access = StoreAccess::write);
    ~RunStore();
    RunStore(const RunStore&) = delete; // on purpose: one connection per store object
    RunStore& operator=(const RunStore&) = delete;

    static constexpr int k_schema_version = 8;

    // Saves a finished run and returns its id.
    std::int64_t save(const RunRecord& record, const entities::Scenario& scenario,
                      const RunResults& results);
    // Saves several runs in one transaction, all or none, and returns their ids. The options of
    // a set (`specflow options`) are saved so: their set is the first run's id.
    std::vector<std::int64_t> save_all(std::span<const RunToSave> runs);

    [[nodiscard]] std::vector<StoredRun> runs();
    [[nodiscard]] std::optional<StoredRun> run(std::int64_t id);
    // The run, or StoreError naming it and what is valid.
    [[nodiscard]] StoredRun existing_run(std::int64_t id);
    // The result tables (of tables()) that hold rows of the run, in tables()' order.
    [[nodiscard]] std::vector<std::string> tables_of(std::int64_t run);
    // A result table of a run as rows of text (first row: column names; real numbers in the
    // fewest digits that read back exactly); StoreError if the table is not one of tables().
    [[nodiscard]] std::vector<std::vector<std::string>> table(std::int64_t run,
                                                              const std::string& name);
    [[nodiscard]] static const std::vector<std::string>& tables();

    [[nodiscard]] SQLite::Database& database() { return *db_; }

private:
    void migrate();
    std::int64_t insert_run(const RunRecord& record, const entities::Scenario& scenario,
                            const RunResults& results, std::int64_t option_set);
    std::unique_ptr<SQLite::Database> db_;
};

// SHA-256 of a text, as 64 hex digits.
[[nodiscard]] std::string sha256_hex(const std::string& text);

// A scenario's files (scenarios::scenario_files) as one text, each headed by a line
// "=== file name ===".
[[nodiscard]] std::string scenario_text(const std::vector<std::filesystem::path>& files);

} // namespace specflow::reports
