#include "reports/format.hpp"
#include "reports/provider_report.hpp"
#include "reports/stress.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <fmt/format.h>

namespace specflow::reports {

namespace {

constexpr double k_pounds_per_million = 1e6;
constexpr double k_pence_per_million = 1e8;

// The rows of a summary table (pounds) for one provider and measure, in £m.
std::vector<ProviderReportData::Quantiles> quantiles(SQLite::Database& db, const char* table,
                                                     std::int64_t run, const std::string& code,
                                                     const char* measure) {
    SQLite::Statement st(db, fmt::format("SELECT fy, mean, p5, p10, p50, p90, p95 FROM {} WHERE "
                                         "run_id = ? AND provider_code = ? AND measure = ? "
                                         "ORDER BY fy",
                                         table));
    st.bind(1, run);
    st.bind(2, code);
    st.bind(3, measure);
    std::vector<ProviderReportData::Quantiles> rows;
    while (st.executeStep()) {
        const auto m = [&](int c) { return st.getColumn(c).getDouble() / k_pounds_per_million; };
        rows.push_back({st.getColumn(0).getString(), m(1), m(2), m(3), m(4), m(5), m(6)});
    }
    return rows;
}

void read_distributions(SQLite::Database& db, std::int64_t run, ProviderReportData& d) {
    d.income = quantiles(db, "provider_summary", run, d.provider_code, "income");
    d.income_excl_drugs =
        quantiles(db, "provider_summary", run, d.provider_code, "income_excl_drugs");
    d.cost = quantiles(db, "provider_summary", run, d.provider_code, "cost");
    d.pressure = quantiles(db, "provider_summary", run, d.provider_code, "pressure");
    SQLite::Statement st(db, "SELECT fy, probability_above, threshold FROM provider_summary "
                             "WHERE run_id = ? AND provider_code = ? AND measure = 'pressure' "
                             "AND probability_above IS NOT NULL ORDER BY fy");
    st.bind(1, run);
    st.bind(2, d.provider_code);
    while (st.executeStep()) {
        d.probability_above.emplace_back(st.getColumn(0).getString(), st.getColumn(1).getDouble());
        d.threshold_pence = st.getColumn(2).getInt64();
    }
    d.forecast_income = quantiles(db, "provider_forecast_summary", run, d.provider_code, "income");
    d.forecast_pressure =
        quantiles(db, "provider_forecast_summary", run, d.provider_code, "pressure");
    SQLite::Statement month(db, "SELECT MIN(month) FROM provider_forecast_summary WHERE run_id = "
                                "? AND provider_code = ?");
    month.bind(1, run);
    month.bind(2, d.provider_code);
    if (month.executeStep() && !month.getColumn(0).isNull()) {
        d.forecast_month = month.getColumn(0).getInt();
    }
}

// A single replication's years from its provider-months: the outturn, and the forecast kept
// at the forecast month (the first month of a year that has one).
void read_years(SQLite::Database& db, std::int64_t run, ProviderReportData& d) {
    SQLite::Statement st(db, "SELECT fy, SUM(income), SUM(cost), SUM(pressure) FROM "
                             "provider_month WHERE run_id = ?1 AND provider_code = ?2 GROUP BY "
                             "fy ORDER BY fy");
    st.bind(1, run);
    st.bind(2, d.provider_code);
    const auto m = [](const SQLite::Column& c) {
        return static_cast<double>(c.getInt64()) / k_pence_per_million;
    };
    while (st.executeStep()) {
        d.years.push_back({.fy = st.getColumn(0).getString(),
                           .income = m(st.getColumn(1)),
                           .cost = m(st.getColumn(2)),
                           .pressure = m(st.getColumn(3)),
                           .forecast_income = std::nullopt,
                           .forecast_pressure = std::nullopt});
    }
    SQLite::Statement forecast(
        db, "SELECT fy, month, forecast_income, forecast_pressure FROM provider_month AS p WHERE "
            "run_id = ?1 AND provider_code = ?2 AND forecast_income IS NOT NULL AND month = "
            "(SELECT MIN(month) FROM provider_month WHERE run_id = ?1 AND provider_code = ?2 AND "
            "fy = p.fy AND forecast_income IS NOT NULL)");
    forecast.bind(1, run);
    forecast.bind(2, d.provider_code);
    while (forecast.executeStep()) {
        for (auto& year : d.years) {
            if (year.fy == forecast.getColumn(0).getString()) {
                d.forecast_month = forecast.getColumn(1).getInt();
                year.forecast_income = m(forecast.getColumn(2));
                year.forecast_pressure = m(forecast.getColumn(3));
            }
        }
    }
}

// The first FY's income by payer and contract kind: a stress run's stored exposure (the
// expected-value run), or a single replication's income by source.
void read_exposure(SQLite::Database& db, std::int64_t run, bool stored, ProviderReportData& d) {
    SQLite::Statement st(
        db, stored ? "SELECT fy, payer_name, contract_kind, amount FROM provider_exposure WHERE "
                     "run_id = ?1 AND provider_code = ?2 AND fy = (SELECT MIN(fy) FROM "
                     "provider_exposure WHERE run_id = ?1 AND provider_code = ?2) ORDER BY rowid"
                   : "SELECT fy, payer_name, contract_kind, SUM(amount) AS total FROM "
                     "income_by_source WHERE run_id = ?1 AND provider_code = ?2 AND fy = (SELECT "
                     "MIN(fy) FROM income_by_source WHERE run_id = ?1 AND provider_code = ?2) "
                     "GROUP BY payer_code, contract_kind HAVING total != 0 ORDER BY total DESC");
    st.bind(1, run);
    st.bind(2, d.provider_code);
    // Shares from the whole pence, as the terminal works them out (exposure_text).
    std::vector<std::int64_t> pence;
    std::int64_t total = 0;
    while (st.executeStep()) {
        d.exposure_fy = st.getColumn(0).getString();
        pence.push_back(st.getColumn(3).getInt64());
        total += pence.back();
        d.exposure.push_back({st.getColumn(1).getString(), st.getColumn(2).getString(),
                              static_cast<double>(pence.back()) / k_pence_per_million});
    }
    for (std::size_t i = 0; i < d.exposure.size(); ++i) {
        d.exposure[i].share =
            total == 0 ? 0 : static_cast<double>(pence[i]) / static_cast<double>(total);
    }
    d.exposure_basis = stored
                           ? "the plan: the stress run's expected-value run (activity as planned)"
                           : "this replication's income";
}

void read_tornado(SQLite::Database& db, std::int64_t run, ProviderReportData& d) {
    SQLite::Statement st(db, "SELECT fy, total, input, variance_share, standard_error, direction "
                             "FROM tornado WHERE run_id = ? AND provider_code = ? "
                             "ORDER BY total, rank");
    st.bind(1, run);
    st.bind(2, d.provider_code);
    while (st.executeStep()) {
        d.tornado_fy = st.getColumn(0).getString();
        d.tornado.push_back({st.getColumn(1).getString(), st.getColumn(2).getString(),
                             st.getColumn(3).getDouble(), st.getColumn(4).getDouble(),
                             st.getColumn(5).getInt()});
    }
}

// Says what the run does not hold, and how to get it.
void note_missing(ProviderReportData& d) {
    const auto stress =
        fmt::format("specflow stress {} --provider {}", d.scenario_name, d.provider_code);
    if (d.income.empty()) {
        d.missing.push_back(fmt::format(
            "Distributions of income and pressure and the probability of a pressure above a "
            "threshold: this run is a single replication. A Monte Carlo run has them ({}, or "
            "specflow run {} --replications 1000).",
            stress, d.scenario_name));
    }
    if (d.exposure.empty()) {
        d.missing.push_back(fmt::format("Where the income comes from, by commissioner and "
                                        "contract kind: this run did not keep it ({}).",
                                        stress));
    }
    const bool forecast_kept = std::any_of(d.years.begin(), d.years.end(), [](const auto& year) {
        return year.forecast_income.has_value();
    });
    if (d.forecast_income.empty() && !forecast_kept) {
        d.missing.push_back(fmt::format("The forecast outturn at M9 (December): this run did not "
                                        "keep it ({}).",
                                        stress));
    }
    if (d.tornado.empty()) {
        d.missing.push_back(fmt::format(
            "What drives the variance of the income (the tornado): this run did not keep it ({}).",
            stress));
    }
}

} // namespace

std::vector<std::pair<std::string, std::string>> run_providers(RunStore& store, std::int64_t run) {
    SQLite::Statement st(store.database(),
                         "SELECT provider_code, provider_name FROM (SELECT provider_code, "
                         "provider_name, mean AS income FROM provider_summary WHERE run_id = ?1 "
                         "AND measure = 'income' UNION ALL SELECT provider_code, provider_name, "
                         "income / 100.0 FROM provider_month WHERE run_id = ?1) GROUP BY "
                         "provider_code ORDER BY SUM(income) DESC, provider_code");
    st.bind(1, run);
    std::vector<std::pair<std::string, std::string>> providers;
    while (st.executeStep()) {
        providers.emplace_back(st.getColumn(0).getString(), st.getColumn(1).getString());
    }
    return providers;
}

ProviderReportData provider_report_data(RunStore& store, std::int64_t run,
                                        const std::string& provider_code) {
    const auto stored = store.existing_run(run);
    ProviderReportData d;
    const auto& r = stored.record;
    d.run_id = run;
    d.run_kind = r.kind == "stress"   ? "stress run"
                 : r.replications > 0 ? "Monte Carlo run"
                                      : "single replication";
    d.scenario_name = r.scenario_name;
    d.scenario_title = r.scenario_title;
    d.scenario_hash = r.scenario_hash;
    d.version = r.program_version;
    d.finished_at = r.finished_at;
    d.seed = r.seed;
    d.replications = r.replications;
    d.provider_code = provider_code;
    for (const auto& [code, name] : run_providers(store, run)) {
        if (code == provider_code) {
            d.provider_name = name;
        }
    }
    auto& db = store.database();
    read_distributions(db, run, d);
    const bool has_stored_exposure = r.kind == "stress" && r.provider_code == provider_code;
    if (has_stored_exposure || r.replications == 0) {
        read_exposure(db, run, has_stored_exposure, d);
    }
    if (r.replications == 0) {
        read_years(db, run, d);
    }
    read_tornado(db, run, d);
    note_missing(d);
    return d;
}

} // namespace specflow::reports
