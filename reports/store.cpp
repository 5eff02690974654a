#include "reports/store.hpp"

#include "reports/store_granular.hpp"
#include "reports/store_national.hpp"
#include "reports/store_open.hpp"
#include "reports/store_options.hpp"
#include "reports/store_stress.hpp"
#include "reports/stress.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <openssl/evp.h>
#include <optional>
#include <sstream>
#include <thread>
#include <tuple>

namespace specflow::reports {

using entities::Money;

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

// A test hook: with SPECFLOW_STORE_PAUSE_MARKER set, the writer creates that file halfway
// through its transaction and sleeps, so that a test can kill it there.
void pause_for_test() {
    const char* marker = std::getenv("SPECFLOW_STORE_PAUSE_MARKER");
    if (marker == nullptr) {
        return;
    }
    std::ofstream(marker) << "paused\n";
    std::this_thread::sleep_for(std::chrono::seconds(30));
}

std::string fy_of(const entities::FinancialYear& year) {
    return year.label();
}

// A forecast amount in pence, or NULL before the forecast month.
template <typename Forecast, typename Field>
void bind_forecast(SQLite::Statement& statement, int at, const std::optional<Forecast>& forecast,
                   Field field) {
    if (forecast) {
        statement.bind(at, ((*forecast).*field).pence());
    } else {
        statement.bind(at);
    }
}

void insert_tables(SQLite::Database& db, std::int64_t run, const entities::Scenario& s,
                   const RunTables& t) {
    SQLite::Statement provider(db, "INSERT INTO provider_month VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const auto& row : t.provider_months) {
        const auto& p = s.providers[row.provider.index()];
        provider.bind(1, run);
        provider.bind(2, p.code);
        provider.bind(3, p.name);
        provider.bind(4, fy_of(row.month.year));
        provider.bind(5, row.month.month);
        provider.bind(6, row.income.pence());
        provider.bind(7, row.cost.pence());
        provider.bind(8, row.pressure.pence());
        provider.bind(9, row.unfunded_activity.pence());
        bind_forecast(provider, 10, row.forecast, &sim::ProviderForecast::income);
        bind_forecast(provider, 11, row.forecast, &sim::ProviderForecast::cost);
        bind_forecast(provider, 12, row.forecast, &sim::ProviderForecast::pressure);
        provider.exec();
        provider.reset();
    }
    pause_for_test();
    SQLite::Statement income(db, "INSERT INTO income_by_source VALUES (?,?,?,?,?,?,?,?)");
    for (const auto& row : t.incomes) {
        income.bind(1, run);
        income.bind(2, s.providers[row.provider.index()].code);
        income.bind(3, fy_of(row.month.year));
        income.bind(4, row.month.month);
        income.bind(5, row.payer.is_nhse() ? std::string("NHSE")
                                           : s.icbs[row.payer.icb->index()].code);
        income.bind(6, row.payer.is_nhse() ? std::string("NHS England")
                                           : s.icbs[row.payer.icb->index()].name);
        income.bind(7, std::string(entities::to_string(row.kind)));
        income.bind(8, row.amount.pence());
        income.exec();
        income.reset();
    }
    SQLite::Statement icb(db, "INSERT INTO icb_month VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const auto& row : t.icb_months) {
        const auto& i = s.icbs[row.icb.index()];
        icb.bind(1, run);
        icb.bind(2, i.code);
        icb.bind(3, i.name);
        icb.bind(4, fy_of(row.month.year));
        icb.bind(5, row.month.month);
        icb.bind(6, row.budget.pence());
        icb.bind(7, row.spend.pence());
        icb.bind(8, row.variance.pence());
        icb.bind(9, row.held_by_icb ? 1 : 0);
        icb.bind(10, row.risk_pool.pence());
        icb.bind(11, row.local_investment.pence());
        icb.bind(12, row.reserve.pence());
        icb.bind(13, row.released.pence());
        bind_forecast(icb, 14, row.forecast, &sim::IcbForecast::spend);
        bind_forecast(icb, 15, row.forecast, &sim::IcbForecast::variance);
        icb.exec();
        icb.reset();
    }
    SQLite::Statement national(db, "INSERT INTO nhse_month VALUES (?,?,?,?,?,?,?)");
    for (const auto& row : t.national_months) {
        for (const auto& [holder, budget, spend] :
             {std::tuple{k_nhse_direct, row.direct_budget, row.direct_spend},
              std::tuple{k_nhse_hcdd, row.hcdd_budget, row.hcdd_spend}}) {
            national.bind(1, run);
            national.bind(2, fy_of(row.month.year));
            national.bind(3, row.month.month);
            national.bind(4, std::string(holder));
            national.bind(5, budget.pence());
            national.bind(6, spend.pence());
            national.bind(7, (budget - spend).pence());
            national.exec();
            national.reset();
        }
    }
    SQLite::Statement settlement(db, "INSERT INTO settlements VALUES (?,?,?,?,?,?,?,?,?)");
    for (const auto& row : t.recharges) {
        settlement.bind(1, run);
        settlement.bind(2, "recharge");
        settlement.bind(3, s.lead_arrangements[row.arrangement.index()].code);
        settlement.bind(4, fy_of(row.month.year));
        settlement.bind(5, row.month.month);
        settlement.bind(6, s.icbs[row.participant.index()].code);
        settlement.bind(7, row.paid.pence());
        settlement.bind(8, row.withheld.pence());
        settlement.bind(9, row.outstanding.pence());
        settlement.exec();
        settlement.reset();
    }
    for (const auto& row : t.pool_settlements) {
        settlement.bind(1, run);
        settlement.bind(2, "risk_pool");
        settlement.bind(3, s.risk_pools[row.pool.index()].code);
        settlement.bind(4, fy_of(row.month.year));
        settlement.bind(5, row.month.month);
        settlement.bind(6, s.icbs[row.member.index()].code);
        settlement.bind(7, row.transfer.pence());
        settlement.bind(8, 0);
        settlement.bind(9, 0);
        settlement.exec();
        settlement.reset();
    }
}

void insert_summary(SQLite::Database& db, std::int64_t run, const entities::Scenario& s,
                    const SummarySink& summary) {
    const auto& shape = summary.shape();
    const auto year = [&](std::size_t y) {
        return entities::FinancialYear(shape.first_year.start_year() + static_cast<int>(y)).label();
    };
    const auto bind_quantiles = [](SQLite::Statement& st, int at, const Distribution& d) {
        st.bind(at, d.mean() / 100.0);
        int column = at + 1;
        for (const double p : {0.05, 0.10, 0.50, 0.90, 0.95}) {
            st.bind(column++, d.quantile(p) / 100.0);
        }
    };
    SQLite::Statement provider(db,
                               "INSERT INTO provider_summary VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (std::size_t p = 0; p < shape.providers; ++p) {
        for (std::size_t y = 0; y < shape.years; ++y) {
            for (const auto measure : {Measure::income, Measure::cost, Measure::pressure}) {
                provider.bind(1, run);
                provider.bind(2, s.providers[p].code);
                provider.bind(3, s.providers[p].name);
                provider.bind(4, year(y));
                provider.bind(5, measure == Measure::income ? "income"
                                 : measure == Measure::cost ? "cost"
                                                            : "pressure");
                bind_quantiles(provider, 6, summary.year(summary.year_slot(measure, p, y)));
                if (measure == Measure::pressure && summary.threshold()) {
                    provider.bind(12, summary.probability_above(p, y));
                    provider.bind(13, summary.threshold()->pence());
                } else {
                    provider.bind(12);
                    provider.bind(13);
                }
                provider.exec();
                provider.reset();
            }
        }
    }
    SQLite::Statement icb(db, "INSERT INTO icb_summary VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    for (std::size_t i = 0; i < shape.icbs; ++i) {
        for (std::size_t y = 0; y < shape.years; ++y) {
            if (!s.icbs[i].exists_in(
                    entities::FinancialYear(shape.first_year.start_year() + static_cast<int>(y)))) {
                continue; // before it was formed, or after a reconfiguration ended it
            }
            for (const auto measure : k_icb_measure_list) {
                if (!summary.applies(measure, i, y)) {
                    continue;
                }
                icb.bind(1, run);
                icb.bind(2, s.icbs[i].code);
                icb.bind(3, s.icbs[i].name);
                icb.bind(4, year(y));
                icb.bind(5, std::string(measure_name(measure)));
                bind_quantiles(icb, 6, summary.year(summary.year_slot(measure, i, y)));
                icb.exec();
                icb.reset();
            }
        }
    }
    pause_for_test();
    SQLite::Statement fan(db, "INSERT INTO provider_fan VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    for (std::size_t p = 0; p < shape.providers; ++p) {
        for (std::size_t y = 0; y < shape.years; ++y) {
            for (int m = 1; m <= 12; ++m) {
                for (const auto measure : {Measure::income, Measure::pressure}) {
                    fan.bind(1, run);
                    fan.bind(2, s.providers[p].code);
                    fan.bind(3, year(y));
                    fan.bind(4, m);
                    fan.bind(5, measure == Measure::income ? "income" : "pressure");
                    bind_quantiles(fan, 6, summary.month(summary.month_slot(measure, p, y, m)));
                    fan.exec();
                    fan.reset();
                }
            }
        }
    }
}

void insert_allocations(SQLite::Database& db, std::int64_t run, const entities::Scenario& s,
                        const std::vector<sim::YearAllocation>& years) {
    SQLite::Statement st(db, "INSERT INTO allocations (run_id, fy, icb_code, icb_name, region, "
                             "status, baseline, target, dft_before_pct, dft_after_pct, "
                             "growth_pct, allocation, hcdd, delegated, retained, held_for_icb) "
                             "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const auto& year : years) {
        for (const auto& row : year.icbs) {
            const auto& icb = s.icbs[row.icb.index()];
            st.bind(1, run);
            st.bind(2, year.year.label());
            st.bind(3, icb.code);
            st.bind(4, icb.name);
            st.bind(5, s.regions[icb.region.index()].name);
            st.bind(6, std::string(entities::to_string(row.status)));
            st.bind(7, row.baseline.pence());
            st.bind(8, row.target.pence());
            st.bind(9, row.dft_before * 100);
            st.bind(10, row.dft_after * 100);
            st.bind(11, row.growth * 100);
            st.bind(12, row.allocation.pence());
            st.bind(13, row.parts.hcdd.pence());
            // Retained: the lines NHS England keeps; held for the ICB: the delegable part it
            // holds for a joint ICB (version 8; before, `retained` held both).
            const auto retained = row.parts.not_ready + row.parts.retained_lines;
            st.bind(14, row.delegated.pence());
            st.bind(15, retained.pence());
            st.bind(16, (row.retained - retained).pence());
            st.exec();
            st.reset();
        }
    }
}

void insert_reconfigurations(SQLite::Database& db, std::int64_t run, const entities::Scenario& s,
                             const std::vector<ReconfigurationRow>& rows) {
    SQLite::Statement st(db, "INSERT INTO reconfigurations VALUES (?,?,?,?,?,?,?,?,?,?)");
    for (const auto& row : rows) {
        const auto& from = s.icbs[row.from.index()];
        const auto& to = s.icbs[row.to.index()];
        st.bind(1, run);
        st.bind(2, row.year.label());
        st.bind(3, from.code);
        st.bind(4, from.name);
        st.bind(5, to.code);
        st.bind(6, to.name);
        st.bind(7, static_cast<double>(row.share_micro) / 1e6);
        st.bind(8, row.allocation.pence());
        st.bind(9, row.contract_value.pence());
        st.bind(10, static_cast<double>(row.cases_milli) / 1e3);
        st.exec();
        st.reset();
    }
}

void insert_flows(SQLite::Database& db, std::int64_t run, const std::vector<sim::FlowPlan>& flows) {
    SQLite::Statement st(db, "INSERT INTO flows VALUES (?,?,?,?,?,?,?,?)");
    for (const auto& flow : flows) {
        st.bind(1, run);
        st.bind(2, flow.fy);
        st.bind(3, flow.icb_code);
        st.bind(4, flow.provider_code);
        st.bind(5, flow.service_line_code);
        st.bind(6, static_cast<double>(flow.planned_cases_milli) / 1000.0);
        st.bind(7, flow.planned_value_pence);
        st.bind(8, flow.out_of_area ? 1 : 0);
        st.exec();
        st.reset();
    }
}

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
