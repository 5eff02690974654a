#pragma once

// One trust's page: how much of its income is at risk, from whom, and what pressure it faces,
// from a stored run (a `stress` run has everything; a `run --replications` run its
// distributions; a single replication its income by source).

#include "reports/store.hpp"
#include "reports/tornado_rows.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace specflow::reports {

// Everything the page shows, already in £m (doubles) with names in full.
struct ProviderReportData {
    std::int64_t run_id = 0;
    std::string run_kind; // "stress", "Monte Carlo" or "single replication"
    std::string scenario_name;
    std::string scenario_title;
    std::string scenario_hash;
    std::string version;
    std::string finished_at;
    std::uint32_t seed = 0;
    std::uint32_t replications = 0;
    std::string provider_code;
    std::string provider_name;

    // A distribution over replications, £m.
    struct Quantiles {
        std::string fy;
        double mean = 0, p5 = 0, p10 = 0, p50 = 0, p90 = 0, p95 = 0;
    };
    std::vector<Quantiles> income; // per FY
    // Income less the high-cost drugs passed through at cost (none for runs stored before it).
    std::vector<Quantiles> income_excl_drugs;
    std::vector<Quantiles> cost;
    std::vector<Quantiles> pressure;
    std::optional<std::int64_t> threshold_pence;                   // P(pressure > threshold)
    std::vector<std::pair<std::string, double>> probability_above; // per FY, 0..1

    int forecast_month = 0; // 9 = December; 0 when there is no forecast
    std::vector<Quantiles> forecast_income;
    std::vector<Quantiles> forecast_pressure;

    // A single replication's years, £m: its outturn, and the outturn the trust would forecast
    // after the close of forecast_month (none before a year reaches that month).
    struct Year {
        std::string fy;
        double income = 0, cost = 0, pressure = 0;
        std::optional<double> forecast_income, forecast_pressure;
    };
    std::vector<Year> years;

    // Income by commissioner × contract kind in the first FY.
    struct ExposureRow {
        std::string payer_name;
        std::string contract_kind;
        double millions = 0;
        double share = 0; // 0..1
    };
    std::string exposure_fy;
    std::string exposure_basis; // where the figures come from
    std::vector<ExposureRow> exposure;

    std::string tornado_fy;
    std::vector<TornadoRow> tornado;

    // What this run does not hold, each a sentence saying how to get it.
    std::vector<std::string> missing;
};

// The providers of a stored run as (code, name), largest income (over its years) first.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> run_providers(RunStore& store,
                                                                             std::int64_t run);

// Reads the page's data for one provider of a stored run. Throws StoreError when there is no
// such run.
[[nodiscard]] ProviderReportData provider_report_data(RunStore& store, std::int64_t run,
                                                      const std::string& provider_code);

// One self-contained HTML page (inline ECharts, no network) from the data.
[[nodiscard]] std::string provider_html_report(const ProviderReportData& data);

} // namespace specflow::reports
