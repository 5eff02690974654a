#include "reports/store_stress.hpp"

#include "reports/format.hpp"
#include "reports/stress.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace specflow::reports {

const char* const k_schema_v5_stress = R"sql(
ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'run';
ALTER TABLE runs ADD COLUMN provider_code TEXT;
CREATE TABLE provider_exposure (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), provider_code TEXT NOT NULL,
    fy TEXT NOT NULL, payer_code TEXT NOT NULL, payer_name TEXT NOT NULL,
    contract_kind TEXT NOT NULL, amount INTEGER NOT NULL, share REAL NOT NULL);
CREATE TABLE provider_forecast_summary (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), provider_code TEXT NOT NULL,
    provider_name TEXT NOT NULL, fy TEXT NOT NULL, month INTEGER NOT NULL, measure TEXT NOT NULL,
    mean REAL NOT NULL, p5 REAL NOT NULL, p10 REAL NOT NULL, p50 REAL NOT NULL,
    p90 REAL NOT NULL, p95 REAL NOT NULL);
CREATE TABLE tornado (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), provider_code TEXT NOT NULL,
    fy TEXT NOT NULL, rank INTEGER NOT NULL, total TEXT NOT NULL, input TEXT NOT NULL,
    variance_share REAL NOT NULL, standard_error REAL NOT NULL, direction INTEGER NOT NULL);
)sql";

namespace {

void insert_exposure(SQLite::Database& db, std::int64_t run, const entities::Scenario& s,
                     const StressResults& stress) {
    SQLite::Statement st(db, "INSERT INTO provider_exposure VALUES (?,?,?,?,?,?,?,?)");
    const auto& code = s.providers[stress.provider.index()].code;
    for (const auto& [year, rows] : stress.exposure) {
        entities::Money total;
        for (const auto& row : rows) {
            total += row.amount;
        }
        for (const auto& row : rows) {
            st.bind(1, run);
            st.bind(2, code);
            st.bind(3, year.label());
            st.bind(4, payer_code(s, row.payer));
            st.bind(5, payer_name(s, row.payer));
            st.bind(6, std::string(entities::to_string(row.kind)));
            st.bind(7, row.amount.pence());
            st.bind(8, total.is_zero() ? 0.0
                                       : static_cast<double>(row.amount.pence()) /
                                             static_cast<double>(total.pence()));
            st.exec();
            st.reset();
        }
    }
}

void insert_forecast(SQLite::Database& db, std::int64_t run, const entities::Scenario& s,
                     const StressResults& stress) {
    SQLite::Statement st(db,
                         "INSERT INTO provider_forecast_summary VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    const auto& sink = *stress.sink;
    const auto& provider = s.providers[stress.provider.index()];
    for (std::size_t y = 0; y < sink.shape().years; ++y) {
        for (const auto measure : {Measure::income, Measure::pressure}) {
            const auto& d = sink.forecast(measure, y);
            if (d.count() == 0) {
                continue; // the replications reported no forecast
            }
            st.bind(1, run);
            st.bind(2, provider.code);
            st.bind(3, provider.name);
            st.bind(4, entities::FinancialYear(sink.shape().first_year.start_year() +
                                               static_cast<int>(y))
                           .label());
            st.bind(5, sink.forecast_month(y));
            st.bind(6, measure == Measure::income ? "income" : "pressure");
            st.bind(7, d.mean() / 100.0);
            int column = 8;
            for (const double p : {0.05, 0.10, 0.50, 0.90, 0.95}) {
                st.bind(column++, d.quantile(p) / 100.0);
            }
            st.exec();
            st.reset();
        }
    }
}

void insert_tornado(SQLite::Database& db, std::int64_t run, const entities::Scenario& s,
                    const StressResults& stress) {
    SQLite::Statement st(db, "INSERT INTO tornado VALUES (?,?,?,?,?,?,?,?,?)");
    int rank = 0;
    std::string total;
    for (const auto& row : stress.tornado) {
        // Ranked within each total: 1 is the largest share of the income's, and of the pressure's.
        rank = row.total == total ? rank + 1 : 1;
        total = row.total;
        st.bind(1, run);
        st.bind(2, s.providers[stress.provider.index()].code);
        st.bind(3, stress.tornado_year.label());
        st.bind(4, rank);
        st.bind(5, row.total);
        st.bind(6, row.input);
        st.bind(7, row.variance_share);
        st.bind(8, row.standard_error);
        st.bind(9, row.direction);
        st.exec();
        st.reset();
    }
}

} // namespace

void insert_stress(SQLite::Database& db, std::int64_t run, const entities::Scenario& s,
                   const StressResults& stress) {
    insert_exposure(db, run, s, stress);
    if (stress.sink != nullptr) {
        insert_forecast(db, run, s, stress);
    }
    insert_tornado(db, run, s, stress);
}

} // namespace specflow::reports
